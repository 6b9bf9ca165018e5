/// What a `Host` field names: an IP address or a registered name. Tenant addressing by
/// host reads the first label of a registered name only, so `Host: 127.0.0.1` never
/// names a tenant `127`.
public enum HostAddress {
    /// Whether a `Host` field value (with or without its port) is an IP address:
    ///
    /// - an IP literal in brackets (RFC 3986 §3.2.2): `[::1]`, `[::ffff:127.0.0.1]:8080`;
    /// - a name made only of numbers as an IPv4 address is written, every dot-separated
    ///   part decimal, octal or `0x` hexadecimal, as `inet_aton(3)` and the WHATWG URL
    ///   host parser read them (a trailing dot allowed): `127.0.0.1`, `127.1`,
    ///   `0x7f.0.0.1`, `2130706433`. A registered name never has that form: its top label
    ///   is never all numeric (RFC 1123 §2.1, RFC 3696 §2).
    public static func isIPAddress(_ host: String) -> Bool {
        var host = host
        return host.withUTF8 { bytes in
            guard let first = bytes.first else { return false }
            if first == UInt8(ascii: "[") { return true }
            var end = bytes.firstIndex(of: UInt8(ascii: ":")) ?? bytes.count
            if end > 0 && bytes[end - 1] == UInt8(ascii: ".") { end -= 1 }
            guard end > 0 else { return false }
            var start = 0
            while start <= end {
                let stop = bytes[start..<end].firstIndex(of: UInt8(ascii: ".")) ?? end
                guard isIPv4Number(UnsafeBufferPointer(rebasing: bytes[start..<stop])) else { return false }
                start = stop + 1
            }
            return true
        }
    }

    /// Whether `label` is a number as a part of an IPv4 address is written: decimal digits
    /// (octal with a leading `0`), or `0x` (or `0X`) and hexadecimal digits, possibly none
    /// (`inet_aton(3)`; the WHATWG URL Standard's IPv4 number parser).
    public static func isIPv4Number(_ label: some StringProtocol) -> Bool {
        var label = String(label)
        return label.withUTF8 { isIPv4Number($0) }
    }

    static func isIPv4Number(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !bytes.isEmpty else { return false }
        if bytes.count >= 2, bytes[0] == UInt8(ascii: "0"), bytes[1] | 0x20 == UInt8(ascii: "x") {
            return bytes.dropFirst(2).allSatisfy { FormURLEncoding.hexValue($0) != nil }
        }
        return bytes.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}
