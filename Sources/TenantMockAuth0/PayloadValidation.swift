import TenantMockCore

/// Validates the in-scope request bodies against the Management API's schemas,
/// with z-schema's messages (auth0-research §1.4, §2.3).
///
/// Checks run in this order, and the first failure is the answer: body type →
/// unknown members → the required array → its type → at least one item → each item.
enum PayloadValidation {
    /// `{"permissions": [{"resource_server_identifier", "permission_name"}, …]}` (seeds 000, 004).
    static func permissions(_ body: JSONValue, description: String) throws(Auth0Error) -> [Auth0Permission] {
        let items = try requiredArray(body, key: "permissions", description: description)
        var out: [Auth0Permission] = []
        out.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            // Error texts are built only when there is an error.
            func property() -> String { "permissions[\(i)]" }
            guard case .object(let o) = item else {
                throw .payload("Expected type object but found type \(item.typeName)", property: property())
            }
            let allowed = ("resource_server_identifier", "permission_name")
            if o.members.contains(where: { $0.key != allowed.0 && $0.key != allowed.1 }) {
                let extra = o.keys.filter { $0 != allowed.0 && $0 != allowed.1 }
                throw .payload("Additional properties not allowed: \(extra.joined(separator: ","))", property: property())
            }
            func string(_ key: String) throws(Auth0Error) -> String {
                guard let v = o[key] else { throw .payload("Missing required property: \(key)", property: property()) }
                guard case .string(let s) = v else {
                    throw .payload("Expected type string but found type \(v.typeName)", property: "\(property()).\(key)")
                }
                return s
            }
            let server = try string(allowed.0)
            let name = try string(allowed.1)
            out.append(Auth0Permission(resourceServerIdentifier: server, permissionName: name))
        }
        return out
    }

    /// How role ids are checked: `minLength: 1` (user roles) or `format: role-id` (organization member roles).
    enum RoleIDRule { case nonEmpty, roleIDFormat }

    /// `{"roles": ["rol_…", …]}` (seeds 001, 002).
    static func roles(_ body: JSONValue, description: String, rule: RoleIDRule) throws(Auth0Error) -> [String] {
        let items = try requiredArray(body, key: "roles", description: description)
        var out: [String] = []
        for (i, item) in items.enumerated() {
            let property = "roles[\(i)]"
            guard case .string(let id) = item else {
                throw .payload("Expected type string but found type \(item.typeName)", property: property)
            }
            switch rule {
            case .nonEmpty:
                if id.isEmpty { throw .payload("String is too short (0 chars), minimum 1", property: property) }
            case .roleIDFormat:
                if !Auth0Formats.isRoleID(id) { throw .payload("Object didn't pass validation for format role-id: \(id)", property: property) }
            }
            out.append(id)
        }
        return out
    }

    private static func requiredArray(_ body: JSONValue, key: String, description: String) throws(Auth0Error) -> [JSONValue] {
        guard case .object(let root) = body else { throw .payload("Expected type object but found type \(body.typeName)") }
        if root.members.contains(where: { $0.key != key }) {
            let extra = root.keys.filter { $0 != key }
            throw .payload("Additional properties not allowed: \(extra.joined(separator: ","))")
        }
        guard let value = root[key] else { throw .payload("Missing required property: \(key)") }
        guard case .array(let items) = value else {
            throw .payload("Expected type array but found type \(value.typeName)", property: key, description: description)
        }
        if items.isEmpty { throw .payload("Array is too short (0), minimum 1", property: key, description: description) }
        return items
    }
}
