/// UUID text as Django and Python read and write it.
enum CruxUUID {
    /// Whether `text` is a lower-case, hyphenated UUID (`8-4-4-4-12`): what
    /// Django's `uuid` path converter matches and what the API prints.
    static func isCanonical(_ text: some StringProtocol) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { hyphenated($0, lowerCaseOnly: true) }
            ?? hyphenated(Array(text.utf8), lowerCaseOnly: true)
    }

    /// Whether `bytes` are `8-4-4-4-12` hex digits (of lower case only, or of either case).
    private static func hyphenated(_ bytes: some RandomAccessCollection<UInt8>, lowerCaseOnly: Bool) -> Bool {
        guard bytes.count == 36 else { return false }
        var i = 0
        for b in bytes {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                guard b == UInt8(ascii: "-") else { return false }
            } else {
                let lower = (b >= 48 && b <= 57) || (b >= 97 && b <= 102)
                guard lower || (!lowerCaseOnly && b >= 65 && b <= 70) else { return false }
            }
            i += 1
        }
        return true
    }

    /// The canonical form of `text` if Python's `uuid.UUID(hex=text)` accepts it
    /// (what DRF's `UUIDField` calls), else `nil`.
    ///
    /// CPython's steps, in order: every `urn:`, then every `uuid:` removed;
    /// `{` and `}` stripped from both ends; every `-` removed; exactly 32 code
    /// points left; then `int(hex, 16)`, which allows surrounding whitespace, a
    /// `+`, a `0x` prefix, single underscores between digits and any Unicode
    /// decimal digit. A 36-byte hyphenated hex UUID, the usual input, skips all that.
    static func parse(_ text: String) -> String? {
        if let fast = parseHyphenated(text) { return fast }
        var hex = text
        if hex.utf8.contains(UInt8(ascii: ":")) {
            hex = hex.replacing("urn:", with: "").replacing("uuid:", with: "")
        }
        var scalars = Array(hex.unicodeScalars)
        let braces: Set<Unicode.Scalar> = ["{", "}"]
        while let first = scalars.first, braces.contains(first) { scalars.removeFirst() }
        while let last = scalars.last, braces.contains(last) { scalars.removeLast() }
        scalars.removeAll { $0 == "-" }
        guard scalars.count == 32, let digits = pythonHexInteger(scalars) else { return nil }
        return format(Array(repeating: UInt8(ascii: "0"), count: 32 - digits.count) + digits)
    }

    /// `8-4-4-4-12` hex digits of either case, lower-cased; `nil` for anything else.
    /// Text already in that form (the usual case) is returned as it is, with no copy.
    private static func parseHyphenated(_ text: String) -> String? {
        switch text.utf8.withContiguousStorageIfAvailable(form) ?? form(of: Array(text.utf8)) {
        case .canonical:
            return text
        case .invalid:
            return nil
        case .otherCase:
            var lowered = Array(text.utf8)
            for i in lowered.indices where lowered[i] != UInt8(ascii: "-") { lowered[i] |= 0x20 }
            return String(decoding: lowered, as: UTF8.self)
        }
    }

    private enum Form { case canonical, otherCase, invalid }

    private static func form(of bytes: some RandomAccessCollection<UInt8>) -> Form {
        if hyphenated(bytes, lowerCaseOnly: true) { return .canonical }
        return hyphenated(bytes, lowerCaseOnly: false) ? .otherCase : .invalid
    }

    private static func form(_ bytes: UnsafeBufferPointer<UInt8>) -> Form { form(of: bytes) }

    /// The hex digits (lower-case ASCII, leading zeros dropped) of CPython's
    /// `int(text, 16)`, or `nil` where it raises `ValueError`. (No `-` sign can
    /// reach here: `UUID` removed every hyphen first.)
    private static func pythonHexInteger(_ text: [Unicode.Scalar]) -> [UInt8]? {
        // `_PyUnicode_TransformDecimalAndSpaceToASCII`: non-ASCII whitespace
        // reads as a space and non-ASCII decimal digits as their ASCII digit.
        let ascii: [UInt8] = text.map { scalar in
            if scalar.isASCII { return UInt8(scalar.value) }
            if pythonNonASCIISpaces.contains(scalar.value) { return UInt8(ascii: " ") }
            if scalar.properties.numericType == .decimal, let value = scalar.properties.numericValue {
                return UInt8(ascii: "0") + UInt8(value)
            }
            return UInt8(ascii: "?")
        }
        let isSpace = { (b: UInt8) in b == 32 || (b >= 9 && b <= 13) }
        guard let first = ascii.firstIndex(where: { !isSpace($0) }),
              let last = ascii.lastIndex(where: { !isSpace($0) }) else { return nil }
        var i = first
        if ascii[i] == UInt8(ascii: "+") { i += 1 }
        if i + 1 <= last, ascii[i] == UInt8(ascii: "0"), ascii[i + 1] | 0x20 == UInt8(ascii: "x") {
            i += 2
            if i <= last, ascii[i] == UInt8(ascii: "_") { i += 1 }
        }
        var digits: [UInt8] = []
        var previousWasDigit = false
        while i <= last {
            let b = ascii[i]
            if b == UInt8(ascii: "_") {
                guard previousWasDigit, i < last else { return nil }
                previousWasDigit = false
            } else {
                guard isHexDigit(b) else { return nil }
                if !(digits.isEmpty && b == UInt8(ascii: "0")) { digits.append(b | 0x20) }
                previousWasDigit = true
            }
            i += 1
        }
        return previousWasDigit ? digits : nil
    }

    /// The code points above U+007F that CPython's `str.isspace()` accepts.
    private static let pythonNonASCIISpaces: Set<UInt32> = [
        0x85, 0xA0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007,
        0x2008, 0x2009, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000,
    ]

    /// The canonical form of `UUID(int=value)`, for JSON integers (DRF's
    /// `UUIDField` turns integers into UUIDs). Negative values are refused.
    static func fromInteger(_ value: Int) -> String? {
        guard value >= 0 else { return nil }
        let hex = String(value, radix: 16)
        let padded = String(repeating: "0", count: 32 - hex.utf8.count) + hex
        return format(Array(padded.utf8))
    }

    private static func isHexDigit(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 97 && b <= 102) || (b >= 65 && b <= 70)
    }

    private static func format(_ digits: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(36)
        for (i, d) in digits.enumerated() {
            if i == 8 || i == 12 || i == 16 || i == 20 { out.append(UInt8(ascii: "-")) }
            out.append(d)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
