import Dispatch
import Foundation
import Synchronization
import TenantMockCore

/// Runs contract cases against a target and collects their results.
///
/// Each case runs on fresh tenants created from the contract's fixture (and
/// deleted afterwards), addressed by `Host: {tenant}.localhost`, so cases never
/// see each other's changes and run in parallel.
public struct ContractRunner: Sendable {
    public var target: ContractTarget
    /// Only cases whose `file › contract › case` contains this text (case-insensitive).
    public var filter: String?
    /// Run cases concurrently (the default).
    public var parallel: Bool

    public init(target: ContractTarget, filter: String? = nil, parallel: Bool = true) {
        self.target = target
        self.filter = filter
        self.parallel = parallel
    }

    /// Loads every contract file under `paths` and runs its cases. A refused file
    /// is reported in `loadErrors`; the others still run.
    public func run(paths: [String]) -> ContractReport {
        let (files, missing) = ContractLoader.files(in: paths)
        var errors = missing
        var contracts: [ContractFile] = []
        for file in files {
            do { contracts.append(try ContractLoader.load(file: file)) } catch { errors.append(error) }
        }
        return run(contracts, loadErrors: errors)
    }

    /// Runs the cases of `files`.
    ///
    /// The run stops at the first case that could not connect to the target (see
    /// `TransportError.Kind.noConnection`): that case is reported, the ones not yet
    /// started are not run, and any other that failed the same way is not counted;
    /// ``ContractReport/stop`` says why, and how many cases did not run.
    public func run(_ files: [ContractFile], loadErrors: [ContractError] = []) -> ContractReport {
        var work: [(file: ContractFile, index: Int)] = []
        var unselected = 0
        for file in files {
            for (i, c) in file.cases.enumerated() {
                if selected(c, of: file) { work.append((file, i)) } else { unselected += 1 }
            }
        }
        // The results so far, and the connection error that stopped the run.
        let state = Mutex((results: [CaseResult?](repeating: nil, count: work.count), stop: TransportError?.none))
        let started = DispatchTime.now().uptimeNanoseconds
        let body: @Sendable (Int) -> Void = { [self, work] i in
            let item = work[i]
            let c = item.file.cases[item.index]
            if state.withLock({ $0.stop != nil }) {
                // Stopped: a case a remote target skips is still reported so (it sends nothing).
                guard target.provisioner == nil, let reason = Self.remoteSkipReason(c, of: item.file) else { return }
                let skipped = CaseResult(file: item.file.file, line: c.line, contract: item.file.name, name: c.name,
                                         source: c.source, stepCount: c.steps.count, outcome: .skipped(reason: reason),
                                         duration: 0)
                state.withLock { $0.results[i] = skipped }
                return
            }
            let result = run(c, of: item.file)
            state.withLock { state in
                if case .failed(let failure) = result.outcome, let error = failure.transportError,
                   error.kind == .noConnection {
                    guard state.stop == nil else { return }   // the first one tells
                    state.stop = error
                }
                state.results[i] = result
            }
        }
        if parallel {
            DispatchQueue.concurrentPerform(iterations: work.count, execute: body)
        } else {
            for i in work.indices { body(i) }
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let (results, stop) = state.withLock { ($0.results.compactMap { $0 }, $0.stop) }
        var report = ContractReport(target: target.label, results: results, loadErrors: loadErrors, duration: elapsed)
        report.unselectedCount = unselected
        if let stop {
            report.stop = ContractReport.Stop(message: Self.explain(stop, target: target.label),
                                              notRunCount: work.count - results.count)
        }
        return report
    }

    /// What a connection error means for the run, and what to do about it: a name under
    /// `.localhost` resolves only in clients that resolve such names themselves (curl, and
    /// URLSession on Linux through libcurl), not through the system resolver that this
    /// runner, Python and most others use; the `/tenants/{id}` path prefix works everywhere.
    static func explain(_ error: TransportError, target: String) -> String {
        var text = "stopped at the first connection error, to \(target): \(error.message)"
        guard let url = URLComponents(string: target), let host = url.host?.lowercased(),
              host.hasSuffix(".localhost") else { return text }
        let tenant = host.dropLast(".localhost".count).split(separator: ".").first.map(String.init) ?? host
        let port = url.port.map { ":\($0)" } ?? ""
        let path = url.path == "/" ? "" : url.path
        text += "\nNames under .localhost resolve to the loopback address only in clients that resolve them"
            + " themselves (curl; URLSession on Linux, through libcurl), not through the system resolver"
            + " (getaddrinfo), which tenantmock verify, Python's requests and most other clients use."
            + " Address the tenant by its path prefix instead: --target \(url.scheme ?? "http")://127.0.0.1\(port)/tenants/\(tenant)\(path)"
        return text
    }

    func selected(_ c: ContractCase, of file: ContractFile) -> Bool {
        guard let filter, !filter.isEmpty else { return true }
        return "\(file.file) › \(file.name) › \(c.name)".lowercased().contains(filter.lowercased())
    }

    /// Runs one case on fresh tenants.
    public func run(_ c: ContractCase, of file: ContractFile) -> CaseResult {
        let start = DispatchTime.now().uptimeNanoseconds
        var result = CaseResult(file: file.file, line: c.line, contract: file.name, name: c.name, source: c.source,
                                stepCount: c.steps.count, outcome: .passed, duration: 0)
        var created: [String] = []
        defer { for id in created { target.provisioner?.deleteTenant(id) } }
        result.outcome = execute(c, of: file, created: &created)
        result.duration = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return result
    }

    /// The tenants of one running case: alias (`""` for the main one) → tenant id.
    typealias Tenants = [String: String]

    func execute(_ c: ContractCase, of file: ContractFile, created: inout [String]) -> CaseResult.Outcome {
        var values = file.variables
        for (k, v) in target.variables { values[k] = v }
        var tenants: Tenants = [:]
        if let refusal = prepare(c, of: file, tenants: &tenants, values: &values, created: &created) { return refusal }
        var placeholders = Placeholders(values: values)
        for (index, step) in c.steps.enumerated() {
            if let failure = run(step, index: index, tenants: tenants, &placeholders) { return .failed(failure) }
        }
        return .passed
    }

    /// Creates the case's tenants (or, on a remote target, decides whether the
    /// case may run at all). Returns the outcome when the case cannot run.
    func prepare(_ c: ContractCase, of file: ContractFile, tenants: inout Tenants, values: inout [String: JSONValue],
                 created: inout [String]) -> CaseResult.Outcome? {
        guard let provisioner = target.provisioner else {
            return Self.remoteSkipReason(c, of: file).map { .skipped(reason: $0) }
        }
        do throws(ProvisioningError) {
            for (alias, fixture) in [("", file.fixture)] + c.extraTenants.map({ ($0.alias, $0.fixture) }) {
                let id = try provisioner.createTenant(fixture: fixture, dialect: file.dialect)
                created.append(id)
                tenants[alias] = id
                values[alias.isEmpty ? "tenant" : "tenant.\(alias)"] = .string(id)
                if let time = c.frozenClock { try provisioner.freezeClock(tenant: id, at: time) }
            }
            if let policy = c.rateLimit, let main = tenants[""] { try provisioner.setRateLimit(tenant: main, policy) }
            return nil
        } catch {
            return .failed(CaseFailure(step: 0, stepName: "", request: "", response: "", mismatches: [],
                                       message: mask("cannot provision the case's tenants: \(error)"),
                                       transportError: error.transportError))
        }
    }

    /// Why a remote target (one without a provisioner) skips the case, or `nil` when it runs it.
    static func remoteSkipReason(_ c: ContractCase, of file: ContractFile) -> String? {
        if !c.remoteSafe { return "needs a fresh tenant from fixture \(file.fixture); not marked remote_safe" }
        if !c.extraTenants.isEmpty || c.frozenClock != nil || c.rateLimit != nil
            || c.steps.contains(where: { $0.advanceClock != nil || $0.tenant != nil }) {
            return "drives tenants or clocks, which a remote target does not allow"
        }
        return nil
    }

    /// Runs one step: clock, request (repeated), expectations, captures.
    /// Returns the failure, or `nil` when the step passed.
    func run(_ step: ContractStep, index: Int, tenants: Tenants, _ placeholders: inout Placeholders) -> CaseFailure? {
        let tenantID = tenants[step.tenant ?? ""]
        let label = step.name ?? "\(step.request.method) \(step.request.path)"
        func failure(_ message: String?, request: HTTPRequest? = nil, response: HTTPResponse? = nil,
                     mismatches: [Mismatch] = [], round: Int? = nil, transportError: TransportError? = nil) -> CaseFailure {
            CaseFailure(step: index + 1, stepName: label, repeatIndex: step.repeatCount > 1 ? round : nil,
                        request: request.map { mask(Self.describe($0)) } ?? "",
                        response: response.map { mask(Self.describe($0)) } ?? "",
                        mismatches: mismatches.map {
                            Mismatch(location: $0.location, expected: mask($0.expected), actual: mask($0.actual))
                        },
                        message: message.map(mask), transportError: transportError)
        }
        func unknown(_ context: String) -> String {
            "unknown placeholder(s)\(context): " + placeholders.unknown.map { "{{\($0)}}" }.joined(separator: ", ")
        }

        if let seconds = step.advanceClock, let provisioner = target.provisioner, let tenantID {
            do throws(ProvisioningError) {
                try provisioner.advanceClock(tenant: tenantID, by: seconds)
            } catch {
                return failure("cannot advance the clock: \(error)")
            }
        }
        let request = build(step.request, tenant: tenantID, &placeholders)
        guard placeholders.unknown.isEmpty else { return failure(unknown("")) }

        var response = HTTPResponse(status: 0)
        for round in 1...step.repeatCount {
            do throws(TransportError) {
                response = try target.transport.send(request)
            } catch {
                // Nothing was sent without a connection: the run stops, and says why.
                return failure("no answer: \(error)", request: error.kind == .noConnection ? nil : request, round: round,
                               transportError: error)
            }
            guard let expectation = round == step.repeatCount ? step.expect : step.expectRepeats else { continue }
            let differences = Self.check(response, against: expectation, &placeholders)
            guard placeholders.unknown.isEmpty else { return failure(unknown(" in the expectation")) }
            if !differences.isEmpty {
                return failure(nil, request: request, response: response, mismatches: differences, round: round)
            }
        }
        for capture in step.captures {
            switch Self.value(of: capture, in: response) {
            case .success(let value): placeholders.values[capture.name] = value
            case .failure(let problem): return failure(problem.text, request: request, response: response)
            }
        }
        return nil
    }

    /// Why a capture found nothing.
    struct CaptureProblem: Error {
        let text: String
    }

    /// The value `capture` keeps from `response`.
    static func value(of capture: Capture, in response: HTTPResponse) -> Result<JSONValue, CaptureProblem> {
        var value: JSONValue
        switch capture.source {
        case .body(let path):
            guard let json = try? JSONParser().parse(response.body), let found = json[path: path] else {
                return .failure(CaptureProblem(text: "capture \"\(capture.name)\": nothing at \(path) in the answer"))
            }
            value = found
        case .header(let header):
            guard let found = response.headers[header] else {
                return .failure(CaptureProblem(text: "capture \"\(capture.name)\": no \(header) header in the answer"))
            }
            value = .string(found)
        }
        if let pattern = capture.pattern {
            let text = Placeholders.text(value)
            guard let narrowed = firstMatch(pattern, in: text) else {
                return .failure(CaptureProblem(text: "capture \"\(capture.name)\": /\(pattern)/ does not match \(text)"))
            }
            value = .string(narrowed)
        }
        return .success(value)
    }

    /// The request a step sends, placeholders filled in, addressed to `tenant`.
    func build(_ template: RequestTemplate, tenant: String?, _ placeholders: inout Placeholders) -> HTTPRequest {
        var headers = HTTPHeaders()
        if let tenant { headers["Host"] = "\(tenant).localhost" }
        var suppressed: Set<String> = []
        for (name, value) in template.headers {
            if let value {
                headers[name] = placeholders.fill(value)
            } else {
                headers.remove(name)
                suppressed.insert(name.lowercased())
            }
        }
        var body: [UInt8] = []
        switch template.body {
        case .none: break
        case .json(let value):
            body = JSONSerializer.bytes(placeholders.fill(value))
            if !headers.contains("Content-Type") && !suppressed.contains("content-type") {
                headers["Content-Type"] = "application/json"
            }
        case .raw(let text):
            body = Array(placeholders.fill(text).utf8)
        }
        return HTTPRequest(method: template.method, path: target.basePath + placeholders.fill(template.path),
                           query: placeholders.fill(template.query), headers: headers, body: body)
    }

    /// Every difference between `response` and `expectation`.
    static func check(_ response: HTTPResponse, against expectation: Expectation,
                      _ placeholders: inout Placeholders) -> [Mismatch] {
        var out: [Mismatch] = []
        if let status = expectation.status, status != response.status {
            out.append(Mismatch(location: "status", expected: "\(status)", actual: "\(response.status)"))
        }
        for (name, expected) in expectation.headers {
            let actual = response.headers[name]
            let shown = actual.map { "\"\($0)\"" } ?? "absent"
            let location = "header \(name)"
            switch expected {
            case .equals(let template):
                let value = placeholders.fill(template)
                if actual != value { out.append(Mismatch(location: location, expected: "\"\(value)\"", actual: shown)) }
            case .matches(let template):
                let pattern = placeholders.fill(template)
                if actual.map({ Matcher.search(pattern, in: $0) }) != true {
                    out.append(Mismatch(location: location, expected: "a value matching /\(pattern)/", actual: shown))
                }
            case .present:
                if actual == nil { out.append(Mismatch(location: location, expected: "present", actual: "absent")) }
            case .absent:
                if actual != nil { out.append(Mismatch(location: location, expected: "absent", actual: shown)) }
            }
        }
        if expectation.emptyBody, !response.body.isEmpty {
            out.append(Mismatch(location: "body", expected: "an empty body", actual: excerpt(response.bodyText)))
        }
        if let matcher = expectation.body {
            let filled = matcher.mapStrings { placeholders.fillValue($0) }
            if response.body.isEmpty {
                out.append(Mismatch(location: "body", expected: filled.summary, actual: "an empty body"))
            } else {
                do {
                    let json = try JSONParser().parse(response.body)
                    out += filled.mismatches(json)
                } catch {
                    out.append(Mismatch(location: "body", expected: filled.summary,
                                        actual: "not JSON (\(error.message)): \(excerpt(response.bodyText))"))
                }
            }
        }
        if let text = expectation.text {
            let filled = text.mapStrings { placeholders.fillValue($0) }
            let differences = filled.mismatches(.string(response.bodyText))
            if !differences.isEmpty {
                out.append(Mismatch(location: "body text", expected: filled.summary, actual: excerpt(response.bodyText)))
            }
        }
        return out
    }

    /// The first group of `pattern`'s first match in `text` (the whole match when it has no group).
    static func firstMatch(_ pattern: String, in text: String) -> String? {
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        let range = match.numberOfRanges > 1 ? match.range(at: 1) : match.range
        return Range(range, in: text).map { String(text[$0]) }
    }

    /// `text` with each of the target's secrets masked as the request journal masks a
    /// credential (`abcd…(40 chars)`).
    func mask(_ text: String) -> String {
        var out = text
        for secret in target.secrets where !secret.isEmpty {
            out = out.replacingOccurrences(of: secret, with: JournalEntry.maskedCredential(secret))
        }
        return out
    }

    /// A message in HTTP/1.1 form for a failure report, its body shortened and its
    /// credentials masked as in the request journal (`Authorization: Bearer eyJh…(412 chars)`).
    static func describe(_ request: HTTPRequest) -> String {
        var lines = ["\(request.method) \(request.target)"]
        for field in request.headers { lines.append("\(field.name): \(JournalEntry.shownValue(of: field))") }
        if !request.body.isEmpty { lines += ["", excerpt(request.bodyText)] }
        return lines.joined(separator: "\n")
    }

    static func describe(_ response: HTTPResponse) -> String {
        var lines = ["\(response.status) \(response.reasonPhrase)"]
        for field in response.headers { lines.append("\(field.name): \(JournalEntry.shownValue(of: field))") }
        if !response.body.isEmpty { lines += ["", excerpt(response.bodyText)] }
        return lines.joined(separator: "\n")
    }

    static func excerpt(_ text: String) -> String {
        text.count > 500 ? String(text.prefix(500)) + "… (\(text.utf8.count) bytes)" : text
    }
}
