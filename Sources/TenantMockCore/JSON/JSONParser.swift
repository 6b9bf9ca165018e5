/// A strict JSON parser (RFC 8259) that reports where it stopped.
///
/// Unlike `JSONSerialization` it keeps object key order, keeps booleans apart
/// from numbers, rejects trailing commas, optionally rejects duplicate keys, and
/// reports errors by line and column.
public struct JSONParser: Sendable {
    /// The byte a one-character JSON escape stands for (`\"`, `\\`, `\/`, `\b`, `\f`,
    /// `\n`, `\r`, `\t`; RFC 8259 §7), or `nil` for any other character after a backslash.
    @inlinable
    package static func decodedSimpleEscape(_ e: UInt8) -> UInt8? {
        switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return e
        case UInt8(ascii: "b"): return 0x08
        case UInt8(ascii: "f"): return 0x0C
        case UInt8(ascii: "n"): return 0x0A
        case UInt8(ascii: "r"): return 0x0D
        case UInt8(ascii: "t"): return 0x09
        default: return nil
        }
    }

    /// Options for one parse.
    public struct Options: Sendable {
        /// Reject an object that names the same key twice (fixtures and contracts do).
        public var rejectDuplicateKeys: Bool
        /// The deepest nesting accepted: objects and arrays inside one another, the outermost
        /// counting 1. The parser does not recurse; this bounds the containers it holds open.
        public var maxDepth: Int

        /// The default ``maxDepth``: 256 levels. Deeper documents are refused where the
        /// 257th level opens. Request bodies nest 3 levels; fixtures and contracts a few more.
        public static let defaultMaxDepth = 256

        public init(rejectDuplicateKeys: Bool = false, maxDepth: Int = Options.defaultMaxDepth) {
            self.rejectDuplicateKeys = rejectDuplicateKeys
            self.maxDepth = maxDepth
        }

        /// For request bodies: what Node and Python accept (the last duplicate wins).
        public static let lenient = Options()
        /// For fixture and contract files.
        public static let strict = Options(rejectDuplicateKeys: true)
    }

    /// Why a parse failed, and where.
    public struct Error: Swift.Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        /// 1-based line of the offending character.
        public var line: Int
        /// 1-based column (in bytes) of the offending character.
        public var column: Int
        /// 0-based byte offset.
        public var offset: Int
        /// Where in the document the parser was, e.g. `$.users[2]`.
        public var path: JSONPath

        public var description: String { "line \(line), column \(column) (at \(path)): \(message)" }
    }

    public var options: Options

    public init(options: Options = .lenient) { self.options = options }

    /// Parses a complete document; anything but whitespace after the value is an error.
    public func parse(_ bytes: some Collection<UInt8>) throws(Error) -> JSONValue {
        let array = Array(bytes)
        return try array.withUnsafeBufferPointer { (buffer) throws(Error) -> JSONValue in
            var reader = Reader(bytes: buffer, options: options)
            return try reader.parseDocument()
        }
    }

    /// Parses a UTF-8 string.
    public func parse(_ text: String) throws(Error) -> JSONValue {
        try parse(Array(text.utf8))
    }
}

/// An object's members as a parser collects them, in order, a repeated key's later value
/// replacing the earlier one in its place (what `JSON.parse` and Python's `json` keep).
///
/// Finding a key is linear in a small object and constant past ``scanLimit`` members,
/// where a dictionary of positions takes over: an object of n members is built in O(n),
/// not O(n²) (100,000 distinct keys fit in a 1 MiB body).
package struct JSONObjectBuilder {
    /// Members up to which a key is found by scanning them; most objects never pass it,
    /// and never pay for the dictionary.
    package static let scanLimit = 8

    private var members: [(key: String, value: JSONValue)] = []
    /// The position of each key, once there are more than ``scanLimit`` members.
    private var positions: [String: Int]?

    package init() {}

    /// Whether `key` is already a member.
    package func contains(_ key: String) -> Bool { position(of: key) != nil }

    private func position(of key: String) -> Int? {
        if let positions { return positions[key] }
        return members.firstIndex { $0.key == key }
    }

    /// Sets `key`: a new key goes last, a known one keeps its place and takes `value`.
    package mutating func set(_ key: String, _ value: JSONValue) {
        if let i = position(of: key) {
            members[i].value = value
            return
        }
        // Room for a typical object at once, rather than growing one member at a time.
        if members.isEmpty { members.reserveCapacity(4) }
        members.append((key: key, value: value))
        if positions != nil {
            positions?[key] = members.count - 1
        } else if members.count > Self.scanLimit {
            var index: [String: Int] = [:]
            for (i, member) in members.enumerated() { index[member.key] = i }
            positions = index
        }
    }

    /// The object built.
    package var object: JSONObject { JSONObject(members) }
}

private struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    let options: JSONParser.Options
    var index = 0
    var depth = 0
    var path = JSONPath()

    init(bytes: UnsafeBufferPointer<UInt8>, options: JSONParser.Options) {
        self.bytes = bytes
        self.options = options
        path.reserveCapacity(8)
    }

    mutating func parseDocument() throws(JSONParser.Error) -> JSONValue {
        // A UTF-8 byte order mark is tolerated, as Python and Node do not; be strict.
        skipWhitespace()
        guard index < bytes.count else { throw error("unexpected end of input, expected a JSON value") }
        let value = try parseValue()
        skipWhitespace()
        if index < bytes.count { throw error("unexpected \(describe(bytes[index])) after the JSON value") }
        return value
    }

    func error(_ message: String, at offset: Int? = nil) -> JSONParser.Error {
        let at = min(offset ?? index, bytes.count)
        var line = 1
        var lineStart = 0
        var i = 0
        while i < at {
            if bytes[i] == UInt8(ascii: "\n") { line += 1; lineStart = i + 1 }
            i += 1
        }
        return JSONParser.Error(message: message, line: line, column: at - lineStart + 1, offset: at, path: path)
    }

    func describe(_ byte: UInt8) -> String {
        if byte >= 0x20 && byte < 0x7F { return "'\(Character(UnicodeScalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16, uppercase: true)
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// A container being read: an array's elements so far, or an object's members so far
    /// and the key whose value comes next.
    private struct Open {
        var isObject: Bool
        var elements: [JSONValue] = []
        var members = JSONObjectBuilder()
        var key = ""
    }

    /// The value at `index`, containers included.
    ///
    /// Does not recurse: the containers not yet closed wait in `open`, innermost last,
    /// never more than ``JSONParser/Options/maxDepth`` of them. (The recursive reader
    /// it replaces took about 5 KiB of stack a level in a debug build: some 220 nested
    /// objects overflowed an event loop's 1 MiB.) `path` names the value being read, as
    /// errors report it.
    mutating func parseValue() throws(JSONParser.Error) -> JSONValue {
        var open: [Open] = []
        while true {
            // One value begins at `index`: a scalar, an empty container, or a container's start.
            var value: JSONValue
            guard index < bytes.count else { throw error("unexpected end of input, expected a JSON value") }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                try enter()
                index += 1
                skipWhitespace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    depth -= 1
                    value = .object(JSONObject())
                } else {
                    var object = Open(isObject: true)
                    object.key = try memberKey(after: object.members)
                    if open.isEmpty { open.reserveCapacity(8) }
                    open.append(object)
                    continue
                }
            case UInt8(ascii: "["):
                try enter()
                index += 1
                skipWhitespace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    depth -= 1
                    value = .array([])
                } else {
                    var array = Open(isObject: false)
                    // Room for a typical array at once, rather than growing one element at a time.
                    array.elements.reserveCapacity(4)
                    path.append(.index(0))
                    if open.isEmpty { open.reserveCapacity(8) }
                    open.append(array)
                    continue
                }
            default:
                value = try parseScalar()
            }
            // A value is complete: it goes into the innermost open container, and each
            // container it closes goes into the one around it.
            while let last = open.indices.last {
                path.removeLast()
                if open[last].isObject {
                    // Without rejection the last duplicate wins, as in Node and Python.
                    open[last].members.set(open[last].key, value)
                    skipWhitespace()
                    guard index < bytes.count else { throw error("unexpected end of input in an object") }
                    if bytes[index] == UInt8(ascii: ",") {
                        index += 1
                        open[last].key = try memberKey(after: open[last].members)
                        break
                    }
                    guard bytes[index] == UInt8(ascii: "}") else {
                        throw error("unexpected \(describe(bytes[index])), expected ',' or '}'")
                    }
                    index += 1
                    depth -= 1
                    value = .object(open.removeLast().members.object)
                } else {
                    open[last].elements.append(value)
                    skipWhitespace()
                    guard index < bytes.count else { throw error("unexpected end of input in an array") }
                    if bytes[index] == UInt8(ascii: ",") {
                        index += 1
                        skipWhitespace()
                        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { throw error("trailing comma in an array") }
                        path.append(.index(open[last].elements.count))
                        break
                    }
                    guard bytes[index] == UInt8(ascii: "]") else {
                        throw error("unexpected \(describe(bytes[index])), expected ',' or ']'")
                    }
                    index += 1
                    depth -= 1
                    value = .array(open.removeLast().elements)
                }
            }
            if open.isEmpty { return value }
        }
    }

    /// An object member's key and the `:` after it, where a member should begin (after
    /// `{` or `,`); leaves `index` where its value should begin and `path` naming it.
    /// `members`: the object's members so far, for strict parsing's duplicate check.
    mutating func memberKey(after members: JSONObjectBuilder) throws(JSONParser.Error) -> String {
        skipWhitespace()
        guard index < bytes.count else { throw error("unexpected end of input in an object") }
        guard bytes[index] == UInt8(ascii: "\"") else {
            if bytes[index] == UInt8(ascii: "}") { throw error("trailing comma in an object") }
            throw error("unexpected \(describe(bytes[index])), expected a string key")
        }
        let keyOffset = index
        let key = try parseString()
        if options.rejectDuplicateKeys, members.contains(key) {
            throw error("duplicate key \"\(key)\"", at: keyOffset)
        }
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
            throw error("expected ':' after the key \"\(key)\"")
        }
        index += 1
        skipWhitespace()
        path.append(.key(key))
        return key
    }

    /// A string, literal or number at `index` (`index` is within the bytes).
    mutating func parseScalar() throws(JSONParser.Error) -> JSONValue {
        switch bytes[index] {
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw error("unexpected \(describe(bytes[index])), expected a JSON value")
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONParser.Error) {
        let start = index
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw error("invalid literal, expected '\(literal)'", at: start) }
        let ok = literal.withUTF8Buffer { lit in
            for k in 0..<count where bytes[index + k] != lit[k] { return false }
            return true
        }
        guard ok else { throw error("invalid literal, expected '\(literal)'", at: start) }
        index += count
    }

    mutating func enter() throws(JSONParser.Error) {
        depth += 1
        if depth > options.maxDepth { throw error("nesting deeper than \(options.maxDepth) levels") }
    }

    mutating func parseString() throws(JSONParser.Error) -> String {
        let start = index
        index += 1
        // Fast path: no escapes.
        var scan = index
        while scan < bytes.count {
            let b = bytes[scan]
            if b == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[index..<scan])
                guard let s = String(validatingUTF8: slice) else {
                    throw error("invalid UTF-8 in a string", at: start)
                }
                index = scan + 1
                return s
            }
            if b == UInt8(ascii: "\\") || b < 0x20 { break }
            scan += 1
        }
        var out: [UInt8] = Array(UnsafeBufferPointer(rebasing: bytes[index..<scan]))
        index = scan
        while true {
            guard index < bytes.count else { throw error("unterminated string", at: start) }
            let b = bytes[index]
            if b == UInt8(ascii: "\"") { index += 1; break }
            if b < 0x20 { throw error("control character \(describe(b)) in a string; escape it") }
            if b != UInt8(ascii: "\\") { out.append(b); index += 1; continue }
            index += 1
            guard index < bytes.count else { throw error("unterminated escape in a string") }
            let e = bytes[index]
            index += 1
            if let decoded = JSONParser.decodedSimpleEscape(e) {
                out.append(decoded)
                continue
            }
            guard e == UInt8(ascii: "u") else {
                throw error("invalid escape '\\\(Character(UnicodeScalar(e)))' in a string", at: index - 2)
            }
            var scalar = try parseHex4()
            if (0xD800...0xDBFF).contains(scalar) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else { throw error("unpaired surrogate in a \\u escape") }
                index += 2
                let low = try parseHex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw error("invalid low surrogate in a \\u escape") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw error("unpaired surrogate in a \\u escape")
            }
            guard let u = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
            out.append(contentsOf: Array(String(Character(u)).utf8))
        }
        guard let s = String(validatingUTF8: out) else { throw error("invalid UTF-8 in a string", at: start) }
        return s
    }

    mutating func parseHex4() throws(JSONParser.Error) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("truncated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[index]
            guard let d = FormURLEncoding.hexValue(b) else { throw error("invalid hex digit \(describe(b)) in a \\u escape") }
            v = v << 4 | UInt32(d)
            index += 1
        }
        return v
    }

    mutating func parseNumber() throws(JSONParser.Error) -> JSONNumber {
        let start = index
        var isInteger = true
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw error("invalid number", at: start) }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) { throw error("leading zero in a number", at: start) }
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("expected a digit after '.'") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("expected a digit in the exponent") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if isInteger, let i = Int(text) { return .int(i) }
        guard let d = Double(text), d.isFinite else { throw error("number out of range", at: start) }
        return .double(d)
    }

    func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
}
