/// Identifier formats of the Management API.
enum Auth0Formats {
    /// The `role-id` format: `rol_` followed by letters and digits (Auth0 issues
    /// `rol_` + 16 alphanumerics, observed in recorded responses).
    static func isRoleID(_ id: String) -> Bool {
        guard id.hasPrefix("rol_"), id.utf8.count > 4 else { return false }
        return id.utf8.dropFirst(4).allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) }
    }
}
