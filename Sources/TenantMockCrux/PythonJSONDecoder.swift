import TenantMockCore

/// Decodes JSON as Python 3's `json.loads` does, so that a malformed body gets
/// the message a Django service would print: `Expecting value: line 1 column 1 (char 0)`.
///
/// DRF's `JSONParser` calls `json.load` and reports `JSON parse error - <message>`
/// (`rest_framework/parsers.py` @3.7.7). The messages, and the positions they
/// report (code points, 0-based `char`, 1-based line and column), follow
/// CPython's documented `JSONDecodeError` and its scanner's behaviour
/// (3.5–3.12): what Python accepts is accepted here (duplicate keys keep the
/// last value; lone surrogates become U+FFFD). `NaN` and `Infinity` are refused
/// with the message of DRF's `STRICT_JSON` (`rest_framework/utils/json.py`
/// `strict_constant`).
struct PythonJSONDecoder {
    /// A decoding failure, rendered as Python's `str(JSONDecodeError)`.
    struct Failure: Error, Sendable, Equatable {
        var message: String
    }

    private let s: [Unicode.Scalar]

    /// Decodes `text`, a whole document.
    static func decode(_ text: String) throws(Failure) -> JSONValue {
        try PythonJSONDecoder(s: Array(text.unicodeScalars)).document()
    }

    private init(s: [Unicode.Scalar]) { self.s = s }

    private func fail(_ message: String, _ pos: Int) -> Failure {
        var line = 1
        var lastNewline = -1
        for i in 0..<min(pos, s.count) where s[i] == "\n" {
            line += 1
            lastNewline = i
        }
        return Failure(message: "\(message): line \(line) column \(pos - lastNewline) (char \(pos))")
    }

    private func isSpace(_ i: Int) -> Bool {
        i < s.count && (s[i] == " " || s[i] == "\t" || s[i] == "\n" || s[i] == "\r")
    }

    private func skipSpace(_ i: Int) -> Int {
        var i = i
        while isSpace(i) { i += 1 }
        return i
    }

    private func at(_ i: Int) -> Unicode.Scalar? { i < s.count ? s[i] : nil }

    private func document() throws(Failure) -> JSONValue {
        if s.first == "\u{FEFF}" { throw fail("Unexpected UTF-8 BOM (decode using utf-8-sig)", 0) }
        let start = skipSpace(0)
        guard let (value, end) = try scan(start) else { throw fail("Expecting value", start) }
        let rest = skipSpace(end)
        if rest != s.count { throw fail("Extra data", rest) }
        return value
    }

    /// One value at `i`, or `nil` where Python's scanner raises `StopIteration(i)`.
    private func scan(_ i: Int) throws(Failure) -> (JSONValue, Int)? {
        guard let c = at(i) else { return nil }
        switch c {
        case "\"":
            let (text, end) = try string(i + 1)
            return (.string(text), end)
        case "{": return try object(i + 1)
        case "[": return try array(i + 1)
        case "n" where matches("null", i): return (.null, i + 4)
        case "t" where matches("true", i): return (.bool(true), i + 4)
        case "f" where matches("false", i): return (.bool(false), i + 5)
        case "N" where matches("NaN", i): throw Failure(message: "Out of range float values are not JSON compliant: 'NaN'")
        case "I" where matches("Infinity", i):
            throw Failure(message: "Out of range float values are not JSON compliant: 'Infinity'")
        case "-" where matches("-Infinity", i):
            throw Failure(message: "Out of range float values are not JSON compliant: '-Infinity'")
        default: return number(i)
        }
    }

    private func matches(_ word: String, _ i: Int) -> Bool {
        let w = Array(word.unicodeScalars)
        guard i + w.count <= s.count else { return false }
        return Array(s[i..<(i + w.count)]) == w
    }

    private func isDigit(_ i: Int) -> Bool { at(i).map { $0 >= "0" && $0 <= "9" } ?? false }

    /// Python's `-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?`, matched at `i`.
    private func number(_ i: Int) -> (JSONValue, Int)? {
        var j = i
        if at(j) == "-" { j += 1 }
        guard isDigit(j) else { return nil }
        if at(j) == "0" { j += 1 } else { while isDigit(j) { j += 1 } }
        var integral = true
        if at(j) == ".", isDigit(j + 1) {
            integral = false
            j += 1
            while isDigit(j) { j += 1 }
        }
        if let e = at(j), e == "e" || e == "E" {
            var k = j + 1
            if let sign = at(k), sign == "+" || sign == "-" { k += 1 }
            if isDigit(k) {
                integral = false
                j = k
                while isDigit(j) { j += 1 }
            }
        }
        var text = ""
        text.unicodeScalars.append(contentsOf: s[i..<j])
        if integral, let n = Int(text) { return (.number(.int(n)), j) }
        return (.number(.double(Double(text) ?? .infinity)), j)
    }

    /// A string whose opening quote is at `start - 1`.
    private func string(_ start: Int) throws(Failure) -> (String, Int) {
        var out: [UInt8] = []
        func append(_ scalar: Unicode.Scalar) {
            if scalar.isASCII { out.append(UInt8(scalar.value)) } else { UTF8.encode(scalar) { out.append($0) } }
        }
        var i = start
        while true {
            guard let c = at(i) else { throw fail("Unterminated string starting at", start - 1) }
            if c == "\"" { return (String(decoding: out, as: UTF8.self), i + 1) }
            if c.value <= 0x1F { throw fail("Invalid control character at", i) }
            if c != "\\" {
                append(c)
                i += 1
                continue
            }
            guard let e = at(i + 1) else { throw fail("Unterminated string starting at", start - 1) }
            switch e {
            case "\"": append("\"")
            case "\\": append("\\")
            case "/": append("/")
            case "b": append("\u{08}")
            case "f": append("\u{0C}")
            case "n": append("\n")
            case "r": append("\r")
            case "t": append("\t")
            case "u":
                // CPython wants the four digits and one more character before the end.
                guard i + 6 < s.count, var unit = hex4(i + 2) else { throw fail("Invalid \\uXXXX escape", i + 1) }
                i += 6
                if (0xD800...0xDBFF).contains(unit), at(i) == "\\", at(i + 1) == "u", let low = hex4(i + 2),
                   (0xDC00...0xDFFF).contains(low) {
                    unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                append(Unicode.Scalar(unit) ?? "\u{FFFD}")
                continue
            default:
                throw fail("Invalid \\escape", i)
            }
            i += 2
        }
    }

    private func hex4(_ i: Int) -> UInt32? {
        guard i + 4 <= s.count else { return nil }
        var v: UInt32 = 0
        for c in s[i..<(i + 4)] {
            guard let d = UInt32(String(c), radix: 16) else { return nil }
            v = v << 4 | d
        }
        return v
    }

    /// An object whose `{` is at `start - 1`.
    private func object(_ start: Int) throws(Failure) -> (JSONValue, Int) {
        var members = JSONObject()
        var i = skipSpace(start)
        if at(i) == "}" { return (.object(members), i + 1) }
        guard at(i) == "\"" else { throw fail("Expecting property name enclosed in double quotes", i) }
        i += 1
        while true {
            let (key, afterKey) = try string(i)
            i = skipSpace(afterKey)
            guard at(i) == ":" else { throw fail("Expecting ':' delimiter", i) }
            i = skipSpace(i + 1)
            guard let (value, afterValue) = try scan(i) else { throw fail("Expecting value", i) }
            members[key] = value
            i = skipSpace(afterValue)
            let next = at(i)
            i += 1
            if next == "}" { return (.object(members), i) }
            guard next == "," else { throw fail("Expecting ',' delimiter", i - 1) }
            i = skipSpace(i)
            guard at(i) == "\"" else { throw fail("Expecting property name enclosed in double quotes", i) }
            i += 1
        }
    }

    /// An array whose `[` is at `start - 1`.
    private func array(_ start: Int) throws(Failure) -> (JSONValue, Int) {
        var items: [JSONValue] = []
        var i = skipSpace(start)
        if at(i) == "]" { return (.array(items), i + 1) }
        while true {
            guard let (value, afterValue) = try scan(i) else { throw fail("Expecting value", i) }
            items.append(value)
            i = skipSpace(afterValue)
            let next = at(i)
            i += 1
            if next == "]" { return (.array(items), i) }
            guard next == "," else { throw fail("Expecting ',' delimiter", i - 1) }
            i = skipSpace(i)
        }
    }
}
