import TenantMockCore

/// Decodes JSON as Python 3's `json.loads` does, so that a malformed body gets
/// the message a Django service would print: `Expecting value: line 1 column 1 (char 0)`.
///
/// DRF's `JSONParser` calls `json.load` and reports `JSON parse error - <message>`
/// (`rest_framework/parsers.py` @3.7.7). The messages, and the positions they
/// report (code points, 0-based `char`, 1-based line and column), follow
/// CPython's documented `JSONDecodeError` and its scanner's behaviour
/// (3.5–3.12): what Python accepts is accepted here (duplicate keys keep the
/// last value in the first one's place; lone surrogates become U+FFFD). `NaN` and
/// `Infinity` are refused with the message of DRF's `STRICT_JSON`
/// (`rest_framework/utils/json.py` `strict_constant`).
///
/// Nesting is bounded as CPython bounds it: the C scanner (`scan_once_unicode` in
/// `Modules/_json.c`) calls `Py_EnterRecursiveCall` for every `{` and `[`, and on the
/// Pythons Django 2.0 runs on (3.4–3.7) that counts against the interpreter's
/// recursion limit together with the Python frames already on the stack (from 3.12
/// C calls have a limit of their own). Past
/// ``maxDepth`` levels the decoder raises Python's `RecursionError`, which is not a
/// `ValueError` (see ``Failure/Kind``). The decoder itself does not recurse: open
/// containers wait on a stack of its own, so no document reaches the thread's stack.
struct PythonJSONDecoder {
    /// A decoding failure, rendered as Python's `str()` of the exception.
    struct Failure: Error, Sendable, Equatable {
        /// The class of the exception Python raises, which decides who catches it.
        enum Kind: Sendable, Equatable {
            /// `JSONDecodeError` (or DRF's `strict_constant`), a `ValueError`: DRF's
            /// `JSONParser.parse` catches it and raises `ParseError`, a 400.
            case valueError
            /// `RecursionError`, a `RuntimeError` (on 3.4, a plain `RuntimeError`):
            /// `JSONParser.parse` catches only `ValueError`, so it reaches Django's 500 handler.
            case recursionError
        }

        var kind: Kind = .valueError
        var message: String
    }

    /// CPython's default recursion limit (`sys.getrecursionlimit()`; Python's docs,
    /// `sys.setrecursionlimit`), which a Django service does not usually change.
    static let pythonRecursionLimit = 1000

    /// The recursion depth already used when DRF's `JSONParser.parse` calls `json.load`
    /// (inferred, not measured on a real service): the WSGI server's frames (about 15
    /// for gunicorn's sync worker, none for uWSGI's C loop), Django's handler with a
    /// `startproject` middleware chain of 7 (each `MiddlewareMixin.__call__` under
    /// `convert_exception_to_response`'s wrapper: about 20), DRF's `dispatch`, the
    /// view's handler and `Request.data` down to the parser (about 8), and `json`'s
    /// `load`, `loads`, `decode` and `raw_decode` (4), plus the call into the C scanner.
    /// Between 30 and 60 by that count; 50 is taken.
    static let recursionAllowance = 50

    /// The deepest nesting decoded: 950 levels (``pythonRecursionLimit`` less
    /// ``recursionAllowance``). The outermost object or array is level 1; one more
    /// `{` or `[` raises `RecursionError` as soon as it is read, whatever follows.
    static let maxDepth = pythonRecursionLimit - recursionAllowance

    /// The document's UTF-8 bytes (valid UTF-8: it comes from a `String`). Offsets are
    /// byte offsets; messages convert them to Python's code-point positions.
    private let s: [UInt8]

    /// Decodes `text`, a whole document.
    static func decode(_ text: String) throws(Failure) -> JSONValue {
        try decode(validUTF8: Array(text.utf8))
    }

    /// Decodes a whole document given as bytes that are valid UTF-8 (the caller checked).
    static func decode(validUTF8 bytes: [UInt8]) throws(Failure) -> JSONValue {
        try PythonJSONDecoder(s: bytes).document()
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
        let (value, end) = try value(skipSpace(0))
        let rest = skipSpace(end)
        if rest != s.count { throw fail("Extra data", rest) }
        return value
    }

    /// A container being read: an array's items so far, or an object's members so far
    /// and the key whose value comes next.
    private struct Open {
        var isObject: Bool
        var items: [JSONValue] = []
        var members = JSONObjectBuilder()
        var key = ""
    }

    /// The value at `start` and the offset after it. Where Python's scanner raises
    /// `StopIteration(i)` its callers say `Expecting value` at `i`, so this does too.
    ///
    /// The recursion of CPython's scanner (`scan_once` → `_parse_array` → `scan_once`)
    /// is unrolled: `open` holds the containers not yet closed, innermost last, and is
    /// never deeper than ``maxDepth``.
    private func value(_ start: Int) throws(Failure) -> (JSONValue, Int) {
        var open: [Open] = []
        var i = start
        while true {
            // One value begins at `i`: a scalar, an empty container, or the start of a container.
            var value: JSONValue
            switch at(i) {
            case UInt8(ascii: "{"):
                guard open.count < Self.maxDepth else { throw recursionError("object") }
                let j = skipSpace(i + 1)
                if at(j) == UInt8(ascii: "}") {
                    value = .object([:])
                    i = j + 1
                } else {
                    guard at(j) == Self.quote else { throw fail("Expecting property name enclosed in double quotes", j) }
                    var object = Open(isObject: true)
                    (object.key, i) = try memberName(j + 1)
                    open.append(object)
                    continue
                }
            case UInt8(ascii: "["):
                guard open.count < Self.maxDepth else { throw recursionError("array") }
                let j = skipSpace(i + 1)
                if at(j) == UInt8(ascii: "]") {
                    value = .array([])
                    i = j + 1
                } else {
                    open.append(Open(isObject: false))
                    i = j
                    continue
                }
            default:
                guard let (scalar, end) = try scalar(i) else { throw fail("Expecting value", i) }
                value = scalar
                i = end
            }
            // A value is complete before `i`: it goes into the innermost open container, and
            // each container it closes goes into the one around it.
            while true {
                guard !open.isEmpty else { return (value, i) }
                let last = open.count - 1
                if open[last].isObject {
                    open[last].members.set(open[last].key, value)
                } else {
                    open[last].items.append(value)
                }
                i = skipSpace(i)
                let next = at(i)
                i += 1
                if next == UInt8(ascii: open[last].isObject ? "}" : "]") {
                    let closed = open.removeLast()
                    value = closed.isObject ? .object(closed.members.object) : .array(closed.items)
                    continue
                }
                guard next == UInt8(ascii: ",") else { throw fail("Expecting ',' delimiter", i - 1) }
                i = skipSpace(i)
                if open[last].isObject {
                    guard at(i) == Self.quote else { throw fail("Expecting property name enclosed in double quotes", i) }
                    (open[last].key, i) = try memberName(i + 1)
                }
                break
            }
        }
    }

    /// An object's key whose opening quote is at `start - 1`, with the `:` after it;
    /// returns the key and the offset where its value should begin.
    private func memberName(_ start: Int) throws(Failure) -> (String, Int) {
        let (key, afterKey) = try string(start)
        let colon = skipSpace(afterKey)
        guard at(colon) == UInt8(ascii: ":") else { throw fail("Expecting ':' delimiter", colon) }
        return (key, skipSpace(colon + 1))
    }

    /// Python's `RecursionError` for one `{` (`object`) or `[` (`array`) too many, with CPython's message.
    private func recursionError(_ container: String) -> Failure {
        Failure(kind: .recursionError,
                message: "maximum recursion depth exceeded while decoding a JSON \(container) from a unicode string")
    }

    /// A string, literal or number at `i`, or `nil` where none begins.
    private func scalar(_ i: Int) throws(Failure) -> (JSONValue, Int)? {
        guard let c = at(i) else { return nil }
        switch c {
        case Self.quote:
            let (text, end) = try string(i + 1)
            return (.string(text), end)
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
                    let text = s.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[i..<end]), as: UTF8.self) }
                    return (text, end + 1)
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
}
