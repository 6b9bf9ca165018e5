import TenantMockCore

/// Identifier formats of the Management API.
enum Auth0Formats {
    /// The `role-id` format: `rol_` followed by letters and digits (Auth0 issues
    /// `rol_` + 16 alphanumerics, observed in recorded responses).
    static func isRoleID(_ id: String) -> Bool {
        guard id.hasPrefix("rol_"), id.utf8.count > 4 else { return false }
        return id.utf8.dropFirst(4).allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) }
    }
}

/// New object ids in Auth0's shapes: a prefix and 16 letters or digits (roles `rol_…`,
/// organizations `org_…`, observed in recorded answers: go-auth0 v1.45.0
/// `test/data/recordings`).
enum Auth0IDs {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)

    static func make(_ prefix: String, length: Int = 16) -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = Array(prefix.utf8)
        for _ in 0..<length { bytes.append(alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))]) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// 24 lowercase hexadecimal digits, the shape of resource server and user ids (recorded);
    /// derived from `seed` when given (stable for the system API), else random.
    static func hex(from seed: String? = nil) -> String {
        if let seed {
            return SHA256.hash(Array(seed.utf8)).prefix(12).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        }
        var generator = SystemRandomNumberGenerator()
        return (0..<12).map { _ in
            let b = UInt8.random(in: 0...255, using: &generator)
            return (b < 16 ? "0" : "") + String(b, radix: 16)
        }.joined()
    }

    /// 16 letters or digits derived from `seed` (stable ids for default objects).
    static func alphanumeric(from seed: String, length: Int = 16) -> String {
        let digest = SHA256.hash(Array(seed.utf8))
        return String(decoding: digest.prefix(length).map { alphabet[Int($0) % alphabet.count] }, as: UTF8.self)
    }
}

/// Timestamps as Auth0 writes them: ISO 8601 in UTC with milliseconds (`2023-01-25T19:00:26.187Z`).
enum Auth0Time {
    static func iso(_ seconds: Double) -> String {
        let millis = Int((seconds * 1000).rounded(.down))
        let (days, msOfDay) = millis.quotientAndRemainder(dividingBy: 86_400_000)
        let (d, ms) = msOfDay < 0 ? (days - 1, msOfDay + 86_400_000) : (days, msOfDay)
        // Howard Hinnant's civil-from-days.
        let z = d + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(ms / 3_600_000, 2)):\(pad(ms / 60000 % 60, 2)):"
            + "\(pad(ms / 1000 % 60, 2)).\(pad(ms % 1000, 3))Z"
    }
}
