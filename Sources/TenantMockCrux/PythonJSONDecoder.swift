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

    /// The document's UTF-8 bytes (valid UTF-8: it comes from a `String`). Offsets are
    /// byte offsets; messages convert them to Python's code-point positions.
    private let s: [UInt8]

    /// Decodes `text`, a whole document.
    static func decode(_ text: String) throws(Failure) -> JSONValue {
        try PythonJSONDecoder(s: Array(text.utf8)).document()
    }

    private init(s: [UInt8]) { self.s = s }

    private static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")

    /// Python's message for a failure at byte offset `pos`: line, column and `char` count code points.
    private func fail(_ message: String, _ pos: Int) -> Failure {
        var line = 1
        var char = 0
        var lastNewline = -1
        for i in 0..<min(pos, s.count) where s[i] & 0xC0 != 0x80 {
            if s[i] == UInt8(ascii: "\n") {
                line += 1
                lastNewline = char
            }
            char += 1
        }
        return Failure(message: "\(message): line \(line) column \(char - lastNewline) (char \(char))")
    }

    private func isSpace(_ i: Int) -> Bool {
        i < s.count && (s[i] == 0x20 || s[i] == 0x09 || s[i] == 0x0A || s[i] == 0x0D)
    }

    private func skipSpace(_ i: Int) -> Int {
        var i = i
        while isSpace(i) { i += 1 }
        return i
    }

    private func at(_ i: Int) -> UInt8? { i < s.count ? s[i] : nil }

    private func document() throws(Failure) -> JSONValue {
        if s.starts(with: [0xEF, 0xBB, 0xBF]) { throw fail("Unexpected UTF-8 BOM (decode using utf-8-sig)", 0) }
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
        case Self.quote:
            let (text, end) = try string(i + 1)
            return (.string(text), end)
        case UInt8(ascii: "{"): return try object(i + 1)
        case UInt8(ascii: "["): return try array(i + 1)
        case UInt8(ascii: "n") where matches("null", i): return (.null, i + 4)
        case UInt8(ascii: "t") where matches("true", i): return (.bool(true), i + 4)
        case UInt8(ascii: "f") where matches("false", i): return (.bool(false), i + 5)
        case UInt8(ascii: "N") where matches("NaN", i):
            throw Failure(message: "Out of range float values are not JSON compliant: 'NaN'")
        case UInt8(ascii: "I") where matches("Infinity", i):
            throw Failure(message: "Out of range float values are not JSON compliant: 'Infinity'")
        case UInt8(ascii: "-") where matches("-Infinity", i):
            throw Failure(message: "Out of range float values are not JSON compliant: '-Infinity'")
        default: return number(i)
        }
    }

    private func matches(_ word: StaticString, _ i: Int) -> Bool {
        word.withUTF8Buffer { w in
            guard i + w.count <= s.count else { return false }
            for k in 0..<w.count where s[i + k] != w[k] { return false }
            return true
        }
    }

    private func isDigit(_ i: Int) -> Bool { at(i).map { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } ?? false }

    /// Python's `-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?`, matched at `i`.
    private func number(_ i: Int) -> (JSONValue, Int)? {
        var j = i
        if at(j) == UInt8(ascii: "-") { j += 1 }
        guard isDigit(j) else { return nil }
        if at(j) == UInt8(ascii: "0") { j += 1 } else { while isDigit(j) { j += 1 } }
        var integral = true
        if at(j) == UInt8(ascii: "."), isDigit(j + 1) {
            integral = false
            j += 1
            while isDigit(j) { j += 1 }
        }
        if let e = at(j), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            var k = j + 1
            if let sign = at(k), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { k += 1 }
            if isDigit(k) {
                integral = false
                j = k
                while isDigit(j) { j += 1 }
            }
        }
        let text = String(decoding: s[i..<j], as: UTF8.self)
        if integral, let n = Int(text) { return (.number(.int(n)), j) }
        return (.number(.double(Double(text) ?? .infinity)), j)
    }

    /// A string whose opening quote is at `start - 1`, as CPython's C scanner
    /// (`scanstring_unicode` in `Modules/_json.c`) reads it.
    private func string(_ start: Int) throws(Failure) -> (String, Int) {
        var out: [UInt8] = []
        func append(_ scalar: Unicode.Scalar) {
            if scalar.isASCII { out.append(UInt8(scalar.value)) } else { UTF8.encode(scalar) { out.append($0) } }
        }
        var i = start
        while true {
            // A run of plain characters, copied at once (multi-byte characters hold no byte below 0x80).
            var end = i
            while end < s.count, s[end] != Self.quote, s[end] != Self.backslash, s[end] > 0x1F { end += 1 }
            if end > i {
                if out.isEmpty, end < s.count, s[end] == Self.quote {
                    return (String(decoding: s[i..<end], as: UTF8.self), end + 1)
                }
                out.append(contentsOf: s[i..<end])
                i = end
            }
            guard let c = at(i) else { throw fail("Unterminated string starting at", start - 1) }
            if c == Self.quote { return (String(decoding: out, as: UTF8.self), i + 1) }
            if c <= 0x1F { throw fail("Invalid control character at", i) }
            // A backslash.
            guard let e = at(i + 1) else { throw fail("Unterminated string starting at", start - 1) }
            if let decoded = JSONParser.decodedSimpleEscape(e) {
                out.append(decoded)
                i += 2
                continue
            }
            guard e == UInt8(ascii: "u") else { throw fail("Invalid \\escape", i) }
            // The four digits and one more character must come before the end.
            guard i + 6 < s.count, var unit = hex4(i + 2) else { throw fail("Invalid \\uXXXX escape", i + 1) }
            i += 6
            // A low surrogate escape joins a high one, with again one more character after it.
            if (0xD800...0xDBFF).contains(unit), i + 6 < s.count, at(i) == Self.backslash, at(i + 1) == UInt8(ascii: "u"),
               let low = hex4(i + 2), (0xDC00...0xDFFF).contains(low) {
                unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                i += 6
            }
            append(Unicode.Scalar(unit) ?? "\u{FFFD}")
        }
    }

    private func hex4(_ i: Int) -> UInt32? {
        guard i + 4 <= s.count else { return nil }
        var v: UInt32 = 0
        for b in s[i..<(i + 4)] {
            guard let d = FormURLEncoding.hexValue(b) else { return nil }
            v = v << 4 | UInt32(d)
        }
        return v
    }
    /// An object whose `{` is at `start - 1`.
    private func object(_ start: Int) throws(Failure) -> (JSONValue, Int) {
        var members = JSONObject()
        var i = skipSpace(start)
        if at(i) == UInt8(ascii: "}") { return (.object(members), i + 1) }
        guard at(i) == Self.quote else { throw fail("Expecting property name enclosed in double quotes", i) }
        i += 1
        while true {
            let (key, afterKey) = try string(i)
            i = skipSpace(afterKey)
            guard at(i) == UInt8(ascii: ":") else { throw fail("Expecting ':' delimiter", i) }
            i = skipSpace(i + 1)
            guard let (value, afterValue) = try scan(i) else { throw fail("Expecting value", i) }
            members[key] = value
            i = skipSpace(afterValue)
            let next = at(i)
            i += 1
            if next == UInt8(ascii: "}") { return (.object(members), i) }
            guard next == UInt8(ascii: ",") else { throw fail("Expecting ',' delimiter", i - 1) }
            i = skipSpace(i)
            guard at(i) == Self.quote else { throw fail("Expecting property name enclosed in double quotes", i) }
            i += 1
        }
    }

    /// An array whose `[` is at `start - 1`.
    private func array(_ start: Int) throws(Failure) -> (JSONValue, Int) {
        var items: [JSONValue] = []
        var i = skipSpace(start)
        if at(i) == UInt8(ascii: "]") { return (.array(items), i + 1) }
        while true {
            guard let (value, afterValue) = try scan(i) else { throw fail("Expecting value", i) }
            items.append(value)
            i = skipSpace(afterValue)
            let next = at(i)
            i += 1
            if next == UInt8(ascii: "]") { return (.array(items), i) }
            guard next == UInt8(ascii: ",") else { throw fail("Expecting ',' delimiter", i - 1) }
            i = skipSpace(i)
        }
    }
}
