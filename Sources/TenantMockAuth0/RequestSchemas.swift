import TenantMockCore

/// The request body schemas several operations share, as Auth0's OpenAPI document
/// writes them (`auth0-oas-in-scope.txt`; property descriptions are quoted in
/// error messages: zaggino/z-schema `src/Errors.js`, in Auth0's recorded format).
enum RequestSchemas {
    /// The `role-id` format: `rol_` and letters or digits (``Auth0Formats/isRoleID(_:)``).
    static let roleID = BodySchema.Format(name: "role-id", accepts: Auth0Formats.isRoleID)

    /// The `user-id-with-max-length` format: a non-empty user id of at most 255 characters
    /// (the length is inferred; Auth0 does not publish it).
    static let userID = BodySchema.Format(name: "user-id-with-max-length", accepts: { !$0.isEmpty && $0.utf16.count <= 255 })

    /// The `email` format: a local part, `@`, a domain with a dot, no spaces (inferred from
    /// z-schema's `email` format, which Auth0's validator uses).
    static let email = BodySchema.Format(name: "email", accepts: { text in
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".")
            && !parts[1].hasSuffix(".") && !text.contains(" ")
    })

    /// `{"permissions": [{"resource_server_identifier", "permission_name"}, …]}` (seeds 000, 004),
    /// at least one item; `description` is the `permissions` member's.
    static func permissions(_ description: String) -> BodySchema {
        let item = BodySchema.object([
            ("resource_server_identifier", .string()),
            ("permission_name", .string()),
        ], required: ["resource_server_identifier", "permission_name"])
        return .object([("permissions", .array(of: item, minItems: 1, description: description))], required: ["permissions"])
    }

    /// `{"roles": ["rol_…", …]}` (seeds 001, 002), at least one item, each non-empty
    /// (user roles) or of the `role-id` format (organization member roles).
    static func roles(_ description: String, idFormat: Bool) -> BodySchema {
        let item: BodySchema = idFormat ? .string(format: roleID) : .string(minLength: 1)
        return .object([("roles", .array(of: item, minItems: 1, description: description))], required: ["roles"])
    }

    /// The permissions of a validated ``permissions(_:)`` body.
    static func permissionList(_ body: JSONValue) -> [Auth0Permission] {
        (body["permissions"]?.arrayValue ?? []).compactMap { item in
            guard let server = item["resource_server_identifier"]?.stringValue, let name = item["permission_name"]?.stringValue
            else { return nil }
            return Auth0Permission(resourceServerIdentifier: server, permissionName: name)
        }
    }

    /// The string items of a validated array member (`roles`, `users`, `members`).
    static func strings(_ body: JSONValue, _ key: String) -> [String] {
        (body[key]?.arrayValue ?? []).compactMap(\.stringValue)
    }
}
