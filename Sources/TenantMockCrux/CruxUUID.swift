/// UUID text as Django and Python read and write it.
enum CruxUUID {
    /// Whether `text` is a lower-case, hyphenated UUID (`8-4-4-4-12`): what
    /// Django's `uuid` path converter matches and what the API prints.
    static func isCanonical(_ text: some StringProtocol) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return false }
        for (i, b) in bytes.enumerated() {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                guard b == UInt8(ascii: "-") else { return false }
            } else {
                guard (b >= 48 && b <= 57) || (b >= 97 && b <= 102) else { return false }
            }
        }
        return true
    }

    /// The canonical form of `text` if Python's `uuid.UUID(hex=text)` accepts it
    /// (what DRF's `UUIDField` calls): `urn:`/`uuid:` and braces stripped, hyphens
    /// anywhere ignored, then exactly 32 hex digits of either case.
    static func parse(_ text: String) -> String? {
        var hex = text.replacing("urn:", with: "").replacing("uuid:", with: "")
        while hex.hasPrefix("{") { hex.removeFirst() }
        while hex.hasSuffix("}") { hex.removeLast() }
        let digits = hex.utf8.filter { $0 != UInt8(ascii: "-") }
        guard digits.count == 32, digits.allSatisfy(isHexDigit) else { return nil }
        return format(digits.map { $0 | 0x20 })
    }

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
