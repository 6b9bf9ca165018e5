import TenantMockCore
import Foundation

/// Reads contract files, validating them completely: a refused file is
/// reported with its file, JSON path and reason, and runs none of its cases.
public enum ContractLoader {
    /// The `.json` files named by `paths`: files as given, folders searched
    /// recursively, in path order.
    public static func files(in paths: [String]) -> (files: [String], errors: [ContractError]) {
        var files: [String] = []
        var errors: [ContractError] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                errors.append(ContractError(file: path, path: JSONPath(), reason: "no such file or folder"))
                continue
            }
            guard isDirectory.boolValue else { files.append(path); continue }
            let found = (manager.enumerator(atPath: path)?.allObjects as? [String]) ?? []
            files += found.filter { $0.hasSuffix(".json") }.sorted()
                .map { (path as NSString).appendingPathComponent($0) }
        }
        return (files, errors)
    }

    /// Loads one file.
    public static func load(file: String) throws(ContractError) -> ContractFile {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ContractError(file: file, path: JSONPath(), reason: "cannot read the file")
        }
        return try load(bytes: Array(data), file: file)
    }

    /// Loads one document from bytes; `file` names it in errors.
    public static func load(bytes: [UInt8], file: String) throws(ContractError) -> ContractFile {
        let document: JSONValue
        do {
            // Strict: duplicate keys are refused, errors carry line and column.
            document = try JSONParser(options: .strict).parse(bytes)
        } catch {
            throw ContractError(file: file, path: error.path,
                                reason: "invalid JSON at line \(error.line), column \(error.column): \(error.message)")
        }
        var contract = try ContractReader(file: file).contract(document)
        let lines = caseLines(bytes)
        if lines.count == contract.cases.count {
            for i in contract.cases.indices { contract.cases[i].line = lines[i] }
        }
        return contract
    }

    /// The 1-based line on which each item of the root object's `cases` array begins, in
    /// order, for a document that has parsed (so well-formed: only strings, brackets and
    /// commas need following). Empty when there is no such array.
    static func caseLines(_ bytes: [UInt8]) -> [Int] {
        var lines: [Int] = []
        var line = 1
        var depth = 0
        var lastString: ArraySlice<UInt8> = []   // the last string read in the root object
        var inCases = false                      // inside the root's `cases` array
        var expectItem = false                   // after its `[` or a `,` in it
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            switch byte {
            case UInt8(ascii: "\n"):
                line += 1
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                break
            default:
                if inCases, expectItem, depth == 2, byte != UInt8(ascii: "]") {
                    lines.append(line)
                    expectItem = false
                }
                switch byte {
                case UInt8(ascii: "\""):
                    // A string never spans lines (a raw newline in one is invalid JSON).
                    let start = i + 1
                    i += 1
                    while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
                        i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1
                    }
                    if depth == 1 { lastString = bytes[start..<min(i, bytes.count)] }
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                    // A `[` in the root object follows its key, the last string read there.
                    if depth == 2, byte == UInt8(ascii: "["), lastString.elementsEqual("cases".utf8) {
                        inCases = true
                        expectItem = true
                    }
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if inCases, depth == 1 { return lines }
                case UInt8(ascii: ","):
                    if inCases, depth == 2 { expectItem = true }
                default:
                    break
                }
            }
            i += 1
        }
        return lines
    }
}

/// Turns a parsed contract document into a `ContractFile`.
struct ContractReader {
    let file: String

    static let fileKeys: Set<String> = ["contract", "dialect", "fixture", "source", "description", "variables",
                                        "remote_safe", "cases"]
    static let caseKeys: Set<String> = ["name", "source", "remote_safe", "tenants", "freeze_clock", "rate_limit",
                                        "steps"]
    static let stepKeys: Set<String> = ["name", "tenant", "advance_clock", "request", "repeat", "expect_repeats",
                                        "expect", "capture"]
    static let requestKeys: Set<String> = ["method", "path", "query", "headers", "json", "body"]
    static let expectKeys: Set<String> = ["status", "headers", "body", "empty_body", "text"]

    func contract(_ document: JSONValue) throws(FixtureError) -> ContractFile {
        let root = FixtureContext(file: file, path: JSONPath())
        let o = try root.object(document)
        try root.onlyKeys(o, Self.fileKeys)
        let name = try root.at("contract").string(try root.required(o, "contract"))
        let dialect = try root.at("dialect").string(try root.required(o, "dialect"))
        let fixture = try root.at("fixture").string(try root.required(o, "fixture"))
        let source = try root.at("source").string(try root.required(o, "source"))
        let description = try o["description"].map { v throws(FixtureError) in
            try root.at("description").string(v, nonEmpty: false)
        } ?? ""
        var variables: [String: JSONValue] = [:]
        if let v = o["variables"] {
            for (key, value) in try root.at("variables").object(v) { variables[key] = value }
        }
        let remoteSafe = try o["remote_safe"].map { v throws(FixtureError) in try root.at("remote_safe").bool(v) } ?? false
        let casesContext = root.at("cases")
        let caseValues = try casesContext.array(try root.required(o, "cases"))
        guard !caseValues.isEmpty else { throw casesContext.error("must hold at least one case") }
        var cases: [ContractCase] = []
        var names: Set<String> = []
        for (i, value) in caseValues.enumerated() {
            let c = try contractCase(value, casesContext.at(i), source: source, remoteSafe: remoteSafe)
            guard names.insert(c.name).inserted else {
                throw casesContext.at(i).at("name").error("duplicate case name \"\(c.name)\"")
            }
            cases.append(c)
        }
        return ContractFile(name: name, file: file, dialect: dialect, fixture: fixture, source: source,
                            description: description, variables: variables, remoteSafe: remoteSafe, cases: cases)
    }

    func contractCase(_ value: JSONValue, _ context: FixtureContext, source: String,
                      remoteSafe: Bool) throws(FixtureError) -> ContractCase {
        let o = try context.object(value)
        // A one-step case may write its step's members directly in the case.
        let isOneStep = o["steps"] == nil
        try context.onlyKeys(o, isOneStep ? Self.caseKeys.union(Self.stepKeys).subtracting(["steps"]) : Self.caseKeys)
        let name = try context.at("name").string(try context.required(o, "name"))
        let caseSource = try o["source"].map { v throws(FixtureError) in try context.at("source").string(v) } ?? source
        let caseRemoteSafe = try o["remote_safe"].map { v throws(FixtureError) in
            try context.at("remote_safe").bool(v)
        } ?? remoteSafe
        var extra: [(alias: String, fixture: String)] = []
        if let t = o["tenants"] {
            for (alias, fixture) in try context.at("tenants").object(t) {
                extra.append((alias, try context.at("tenants").at(alias).string(fixture)))
            }
        }
        let frozen = try o["freeze_clock"].map { v throws(FixtureError) in
            try number(v, context.at("freeze_clock"))
        }
        let rateLimit = try o["rate_limit"].map { v throws(FixtureError) in
            try RateLimitPolicy(fixture: v, context: context.at("rate_limit"))
        }
        var steps: [ContractStep] = []
        if isOneStep {
            var stepObject = JSONObject()
            for (key, value) in o where Self.stepKeys.contains(key) && key != "name" { stepObject[key] = value }
            steps.append(try step(.object(stepObject), context, aliases: Set(extra.map(\.alias))))
        } else {
            let stepsContext = context.at("steps")
            let values = try stepsContext.array(o["steps"] ?? .null)
            guard !values.isEmpty else { throw stepsContext.error("must hold at least one step") }
            for (i, v) in values.enumerated() {
                steps.append(try step(v, stepsContext.at(i), aliases: Set(extra.map(\.alias))))
            }
        }
        return ContractCase(name: name, source: caseSource, remoteSafe: caseRemoteSafe, extraTenants: extra,
                            frozenClock: frozen, rateLimit: rateLimit, steps: steps)
    }

    func step(_ value: JSONValue, _ context: FixtureContext, aliases: Set<String>) throws(FixtureError) -> ContractStep {
        let o = try context.object(value)
        try context.onlyKeys(o, Self.stepKeys)
        let name = try o["name"].map { v throws(FixtureError) in try context.at("name").string(v) }
        let tenant = try o["tenant"].map { v throws(FixtureError) in try context.at("tenant").string(v) }
        if let tenant, !aliases.contains(tenant) {
            throw context.at("tenant").error("unknown tenant alias \"\(tenant)\"; declare it in the case's \"tenants\"")
        }
        let advance = try o["advance_clock"].map { v throws(FixtureError) in try number(v, context.at("advance_clock")) }
        let request = try request(try context.required(o, "request"), context.at("request"))
        let repeatCount = try o["repeat"].map { v throws(FixtureError) in try context.at("repeat").int(v) } ?? 1
        guard (1...10_000).contains(repeatCount) else { throw context.at("repeat").error("must be in 1...10000") }
        let expectRepeats = try o["expect_repeats"].map { v throws(FixtureError) in
            try expectation(v, context.at("expect_repeats"))
        }
        if expectRepeats != nil, repeatCount == 1 {
            throw context.at("expect_repeats").error("needs \"repeat\" greater than 1")
        }
        let expect = try expectation(try context.required(o, "expect"), context.at("expect"))
        var captures: [Capture] = []
        if let c = o["capture"] {
            for (key, v) in try context.at("capture").object(c) {
                captures.append(try capture(key, v, context.at("capture").at(key)))
            }
        }
        return ContractStep(name: name, tenant: tenant, advanceClock: advance, request: request,
                            repeatCount: repeatCount, expectRepeats: expectRepeats, expect: expect, captures: captures)
    }

    /// `"$.path"`, `"header:Name"`, or `{"from": either, "regex": "…"}`.
    func capture(_ name: String, _ value: JSONValue, _ context: FixtureContext) throws(FixtureError) -> Capture {
        var from = value
        var pattern: String?
        if case .object(let o) = value {
            try context.onlyKeys(o, ["from", "regex"])
            from = try context.required(o, "from")
            let p = try context.at("regex").string(try context.required(o, "regex"))
            guard (try? NSRegularExpression(pattern: p)) != nil else {
                throw context.at("regex").error("invalid regular expression \"\(p)\"")
            }
            pattern = p
        }
        let fromContext = pattern == nil ? context : context.at("from")
        let text = try fromContext.string(from)
        if text.hasPrefix("header:") {
            return Capture(name: name, source: .header(String(text.dropFirst("header:".count))), pattern: pattern)
        }
        guard let path = JSONPath(parsing: text) else {
            throw fromContext.error("\"\(text)\" is neither a JSON path such as $.access_token or $[0].id nor header:<name>")
        }
        return Capture(name: name, source: .body(path), pattern: pattern)
    }

    func request(_ value: JSONValue, _ context: FixtureContext) throws(FixtureError) -> RequestTemplate {
        let o = try context.object(value)
        try context.onlyKeys(o, Self.requestKeys)
        let method = try context.at("method").string(try context.required(o, "method"))
        guard method.allSatisfy({ $0.isLetter && $0.isUppercase }) else {
            throw context.at("method").error("expected an upper-case method such as GET or DELETE")
        }
        let path = try context.at("path").string(try context.required(o, "path"))
        guard path.hasPrefix("/"), !path.contains("?") else {
            throw context.at("path").error("expected a path starting with '/', without a query (use \"query\")")
        }
        var query = ""
        if let q = o["query"] {
            switch q {
            case .string(let s): query = s
            case .object(let members):
                var parts: [String] = []
                for (key, v) in members {
                    let text: String
                    switch v {
                    case .string(let s): text = s
                    case .number(let n): text = n.description
                    case .bool(let b): text = b ? "true" : "false"
                    default: throw context.at("query").at(key).error("expected a string, number or boolean")
                    }
                    parts.append(FormURLEncoding.percentEncode(key) + "=" + FormURLEncoding.percentEncode(text))
                }
                query = parts.joined(separator: "&")
            default:
                throw context.at("query").error("expected a raw query string or an object of parameters")
            }
        }
        var headers: [(name: String, value: String?)] = []
        if let h = o["headers"] {
            for (name, v) in try context.at("headers").object(h) {
                switch v {
                case .string(let s): headers.append((name, s))
                case .null: headers.append((name, nil))
                default: throw context.at("headers").at(name).error("expected a string, or null for \"do not send\"")
                }
            }
        }
        var body = RequestBody.none
        switch (o["json"], o["body"]) {
        case (.some, .some): throw context.error("give either \"json\" or \"body\", not both")
        case (.some(let json), nil): body = .json(json)
        case (nil, .some(let raw)): body = .raw(try context.at("body").string(raw, nonEmpty: false))
        case (nil, nil): break
        }
        return RequestTemplate(method: method, path: path, query: query, headers: headers, body: body)
    }

    func expectation(_ value: JSONValue, _ context: FixtureContext) throws(FixtureError) -> Expectation {
        let o = try context.object(value)
        try context.onlyKeys(o, Self.expectKeys)
        var e = Expectation()
        if let s = o["status"] {
            let status = try context.at("status").int(s)
            guard (100...599).contains(status) else { throw context.at("status").error("expected an HTTP status") }
            e.status = status
        }
        if let h = o["headers"] {
            let hc = context.at("headers")
            for (name, v) in try hc.object(h) {
                e.headers.append((name, try headerExpectation(v, hc.at(name))))
            }
        }
        if let b = o["body"] { e.body = try Matcher(parsing: b, context: context.at("body")) }
        if let b = o["empty_body"] { e.emptyBody = try context.at("empty_body").bool(b) }
        if let t = o["text"] {
            let m = try Matcher(parsing: t, context: context.at("text"))
            switch m {
            case .value(.string), .regex: e.text = m
            default: throw context.at("text").error("expected a string or {\"$regex\": …}")
            }
        }
        if e.emptyBody && (e.body != nil || e.text != nil) {
            throw context.at("empty_body").error("contradicts \"body\"/\"text\"")
        }
        return e
    }

    func headerExpectation(_ value: JSONValue, _ context: FixtureContext) throws(FixtureError) -> HeaderExpectation {
        switch value {
        case .string(let s): return .equals(s)
        case .null: return .absent
        case .object(let o) where o.count == 1 && o["$regex"] != nil:
            guard case .regex(let p) = try Matcher(parsing: value, context: context) else { break }
            return .matches(p)
        case .object(let o) where o.count == 1 && o["$any"] != nil:
            guard o["$any"] == .string("string") || o["$any"] == .string("any") else { break }
            return .present
        default: break
        }
        throw context.error("expected a string (exact value), {\"$regex\": …}, {\"$any\": \"string\"} (present) or null (absent)")
    }

    func number(_ value: JSONValue, _ context: FixtureContext) throws(FixtureError) -> Double {
        guard case .number(let n) = value, n.doubleValue >= 0 else {
            throw context.error("expected a non-negative number, found \(value.typeName)")
        }
        return n.doubleValue
    }
}
