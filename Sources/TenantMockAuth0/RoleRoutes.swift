import TenantMockCore

/// The tenant's roles: `/api/v2/roles`, `/roles/{id}`, `/roles/{id}/permissions`,
/// `/roles/{id}/users` (auth0-oas-in-scope.txt; answers recorded in go-auth0 v1.45.0
/// `test/data/recordings/TestRoleManager_*.yaml`).
///
/// Deleting a role takes it from every user and organization member that held it,
/// in the same step.
enum RoleRoutes {
    /// "Roles per Tenant 1000" and "Permissions per Role 1000" (Auth0's entity limit
    /// policy, auth0.com/docs/troubleshoot/customer-support/operational-policies/entity-limit-policy).
    static let tenantRoleLimit = 1000
    static let permissionLimit = 1000

    static let nameFilter = QueryParameter(name: "name_filter", kind: .string(maxLength: nil),
                                           description: "Optional filter on name (case-insensitive).")
    static let paging: [QueryParameter] = [.perPageDefaults, .pageUnbounded, .includeTotals]

    /// Property descriptions as Auth0's Management API reference gives them (quoted in errors).
    static let name = BodySchema.string(description: "Name of the role.")
    static let roleDescription = BodySchema.string(description: "Description of the role.")

    static func roleID(_ description: String) -> [PathParameter] { [PathParameter("id", description)] }

    /// Organization-level roles (recorded 2026: `GET /roles?owner_id=org_…&type=organization`).
    static let roleType = QueryParameter(name: "type", kind: .string(maxLength: nil),
                                         description: "Filter on the role type: tenant (the default) or organization.")
    static let ownerID = QueryParameter(name: "owner_id", kind: .string(maxLength: nil),
                                        description: "Filter organization roles on the organization that owns them.")

    static var operations: [Auth0Operation] {
        let role = Auth0OpenAPI.ref("Role")
        let permissions = "array of resource_server_identifier, permission_name pairs."
        return [
            .management("GET", "/roles", id: "get_roles", summary: "Get roles", scopes: .anyOf("read:roles"),
                        query: paging + [nameFilter, roleType, ownerID],
                        success: .init(status: 200, description: "Roles successfully retrieved.", schema: Auth0OpenAPI.paged("roles", of: role)),
                        errors: [400, 401, 403, 429], handler: list),
            // 200, not 201 (recorded).
            .management("POST", "/roles", id: "post_roles", summary: "Create a role", scopes: .anyOf("create:roles"),
                        body: .object([("name", name), ("description", roleDescription),
                                       ("type", .string(allowed: ["tenant", "organization"], description: "The type of the role: tenant or organization.")),
                                       ("owner_id", .string(minLength: 1, description: "The ID of the organization that owns an organization role."))],
                                      required: ["name"]),
                        success: .init(status: 200, description: "Role successfully created.", schema: role),
                        errors: [400, 401, 403, 404, 409, 415, 429], handler: create),
            .management("GET", "/roles/{id}", id: "get_roles_by_id", summary: "Get a role", scopes: .anyOf("read:roles"),
                        pathParameters: roleID("ID of the role to retrieve."),
                        success: .init(status: 200, description: "Role successfully retrieved.", schema: role),
                        errors: Auth0OpenAPI.standardErrors, handler: read),
            .management("PATCH", "/roles/{id}", id: "patch_roles_by_id", summary: "Update a role", scopes: .anyOf("update:roles"),
                        pathParameters: roleID("ID of the role to update."),
                        body: .object([("name", name), ("description", roleDescription)]),
                        success: .init(status: 200, description: "Role successfully updated.", schema: role),
                        errors: Auth0OpenAPI.bodyErrors + [409], handler: update),
            // 200 `{}`, not 204 (recorded).
            .management("DELETE", "/roles/{id}", id: "delete_roles_by_id", summary: "Delete a role", scopes: .anyOf("delete:roles"),
                        pathParameters: roleID("ID of the role to delete."),
                        success: .init(status: 200, description: "Role successfully deleted.", schema: ["type": "object"]),
                        errors: Auth0OpenAPI.standardErrors, handler: delete),
            .management("GET", "/roles/{id}/permissions", id: "get_role_permission", summary: "Get a role's permissions",
                        scopes: .anyOf("read:roles"), pathParameters: roleID("ID of the role to list granted permissions."),
                        query: paging,
                        success: .init(status: 200, description: "Role permissions successfully retrieved.",
                                       schema: Auth0OpenAPI.paged("permissions", of: Auth0OpenAPI.ref("RolePermission"))),
                        errors: Auth0OpenAPI.standardErrors, handler: listPermissions),
            // 201 `{}` (recorded).
            .management("POST", "/roles/{id}/permissions", id: "post_role_permission_assignment",
                        summary: "Associate permissions with a role", scopes: .anyOf("update:roles"),
                        pathParameters: roleID("ID of the role to add permissions to."),
                        body: RequestSchemas.permissions(permissions),
                        success: .init(status: 201, description: "Role permissions updated.", schema: ["type": "object"]),
                        errors: Auth0OpenAPI.bodyErrors, handler: addPermissions),
            // 204 with no body (recorded; the description says 200).
            .management("DELETE", "/roles/{id}/permissions", id: "delete_role_permission_assignment",
                        summary: "Remove permissions from a role", scopes: .anyOf("update:roles"),
                        pathParameters: roleID("ID of the role to remove permissions from."),
                        body: RequestSchemas.permissions(permissions),
                        success: .init(status: 204, description: "Role permissions successfully updated."),
                        errors: Auth0OpenAPI.bodyErrors, handler: removePermissions),
            // The description's 403 reads "expected all of: read:users, read:roles".
            .management("GET", "/roles/{id}/users", id: "get_role_user", summary: "Get a role's users",
                        scopes: .allOf("read:users", "read:roles"),
                        pathParameters: roleID("ID of the role to retrieve a list of users associated with."),
                        query: paging + [ReadRoutes.from, ReadRoutes.take],
                        success: .init(status: 200, description: "Role users successfully retrieved.",
                                       schema: Auth0OpenAPI.pagedOrCheckpoint("users", of: Auth0OpenAPI.ref("RoleUser"))),
                        errors: Auth0OpenAPI.standardErrors, handler: listUsers),
            // 200 `{}` (recorded).
            .management("POST", "/roles/{id}/users", id: "post_role_users", summary: "Assign users to a role",
                        scopes: .anyOf("update:roles", "create:role_members"),
                        pathParameters: roleID("ID of the role to assign users to."),
                        body: .object([("users", .array(of: .string(format: RequestSchemas.userID),
                                                        description: "user_id's of the users to assign the role to."))],
                                      required: ["users"]),
                        success: .init(status: 200, description: "Role users successfully updated.", schema: ["type": "object"]),
                        errors: Auth0OpenAPI.bodyErrors, handler: addUsers),
        ]
    }

    // MARK: Roles

    /// Roles by name; `name_filter` keeps names containing it, ignoring case (inferred: substring).
    /// `type=organization` (with `owner_id`) lists organization roles (recorded 2026); without
    /// `type` the tenant's own roles are listed (inferred: what the list was before such roles).
    @Sendable static func list(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let paging = try Paging(call.query)
        let filter = call.query.string("name_filter").map { $0.lowercased() } ?? ""
        let type = call.query.string("type") ?? "tenant"
        guard type == "tenant" || type == "organization" else {
            throw .query("No enum match for: \"\(type)\"", property: "type", description: roleType.description)
        }
        let owner = call.query.string("owner_id")
        let items = try call.read { state throws(Auth0Error) -> [JSONValue] in
            state.rolesByName(state.roleOrder).filter { role in
                (filter.isEmpty || role.name.lowercased().contains(filter))
                    && (type == "organization" ? role.ownerID != nil && (owner == nil || role.ownerID == owner) : role.ownerID == nil)
            }.map { $0.detail(absentDescription: .null) }
        }
        return ManagementRoute.json(200, paging.render(items, key: "roles"))
    }

    /// A name another role has is 409 "The role already exists." (the description's 409;
    /// compared exactly, inferred). Without a `description` the answer has none (recorded in
    /// 2026, `TestAccRoleTypeAndOwnerIDAreCreateOnly.yaml`; 2022-23 recordings answered `null`:
    /// the newest is followed), and a later `GET` shows `""` (recorded 2026).
    @Sendable static func create(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let name = call.body["name"]?.stringValue ?? ""
        let description = call.body["description"]?.stringValue
        let role = try call.mutate { state throws(Auth0Error) -> Auth0Role in
            // An organization role names its organization; a tenant role names none (inferred wordings).
            let type = call.body["type"]?.stringValue ?? "tenant"
            let owner = call.body["owner_id"]?.stringValue
            if type == "organization" {
                guard let owner else { throw .payload("Missing required property: owner_id") }
                guard state.organizations[owner] != nil else { throw .organizationNotFound }
            } else if owner != nil {
                throw .payload("owner_id is only allowed for organization roles")
            }
            if state.roleOrder.count >= tenantRoleLimit {
                throw Auth0Error(status: 403, message: "You reached the limit of entities of this type for this tenant.",
                                 errorCode: "too_many_entities")
            }
            try checkUnique(name, except: nil, in: state)
            var role = Auth0Role(id: Auth0IDs.make("rol_"), name: name, description: description, permissions: [])
            if type == "organization" { role.ownerID = owner }
            state.roles[role.id] = role
            state.roleOrder.append(role.id)
            return role
        }
        return ManagementRoute.json(200, role.detail(absentDescription: nil))
    }

    @Sendable static func read(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let roleID = call.parameter("id")
        let role = try call.read { state throws(Auth0Error) -> Auth0Role in
            guard let role = state.roles[roleID] else { throw .roleNotFound }
            return role
        }
        return ManagementRoute.json(200, role.detail(absentDescription: ""))
    }

    /// Changes the members given; an empty body changes nothing (inferred).
    @Sendable static func update(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let roleID = call.parameter("id")
        let role = try call.mutate { state throws(Auth0Error) -> Auth0Role in
            guard var role = state.roles[roleID] else { throw .roleNotFound }
            if let name = call.body["name"]?.stringValue {
                try checkUnique(name, except: roleID, in: state)
                role.name = name
            }
            if let description = call.body["description"]?.stringValue { role.description = description }
            state.roles[roleID] = role
            return role
        }
        return ManagementRoute.json(200, role.detail(absentDescription: ""))
    }

    /// The role leaves every user and organization member in the same step; a second
    /// DELETE is 404 "The role does not exist." (recorded, `TestRoleManager_Delete.yaml`).
    @Sendable static func delete(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let roleID = call.parameter("id")
        try call.mutate { state throws(Auth0Error) in
            guard state.roles[roleID] != nil else { throw .roleNotFound }
            state.removeRole(roleID)
        }
        return ManagementRoute.json(200, [:])
    }

    private static func checkUnique(_ name: String, except id: String?, in state: Auth0State) throws(Auth0Error) {
        if state.roles.values.contains(where: { $0.name == name && $0.id != id }) {
            throw Auth0Error(status: 409, message: "The role already exists.")
        }
    }

    // MARK: Permissions

    /// The role's permissions sorted by API then name, without `sources` (recorded).
    @Sendable static func listPermissions(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let paging = try Paging(call.query)
        let roleID = call.parameter("id")
        let items = try call.read { state throws(Auth0Error) -> [JSONValue] in
            guard let role = state.roles[roleID] else { throw .roleNotFound }
            return role.permissions.sorted().map { .object(state.permissionJSON($0)) }
        }
        return ManagementRoute.json(200, paging.render(items, key: "permissions"))
    }

    /// Every permission must name an API and one of its scopes, as for a user's.
    @Sendable static func addPermissions(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let permissions = RequestSchemas.permissionList(call.body)
        let roleID = call.parameter("id")
        try call.mutate { state throws(Auth0Error) in
            guard let role = state.roles[roleID] else { throw .roleNotFound }
            state.roles[roleID]!.permissions = try PermissionAssignment.adding(permissions, to: role.permissions, limit: permissionLimit,
                                                                               holder: "role", in: state)
        }
        return ManagementRoute.json(201, [:])
    }

    /// A permission the role does not hold is left alone (inferred, as for a user's).
    @Sendable static func removePermissions(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let permissions = RequestSchemas.permissionList(call.body)
        let roleID = call.parameter("id")
        try call.mutate { state throws(Auth0Error) in
            guard state.roles[roleID] != nil else { throw .roleNotFound }
            try PermissionAssignment.checkDefined(permissions, in: state)
            state.roles[roleID]!.permissions.subtract(permissions)
        }
        return ManagementRoute.noContent
    }

    // MARK: Users

    /// The role's users in the tenant's user order as `{user_id, email, picture, name}`
    /// (recorded item shape); offset paging, or checkpoint paging with `from`/`take`.
    @Sendable static func listUsers(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let roleID = call.parameter("id")
        let paging = try ListPaging(call.query, key: "users")
        let items = try call.read { state throws(Auth0Error) -> [JSONValue] in
            guard state.roles[roleID] != nil else { throw .roleNotFound }
            return state.userOrder.compactMap { id -> JSONValue? in
                guard state.users[id]?.roles.contains(roleID) == true else { return nil }
                return .object(state.userSummary(id))
            }
        }
        return ManagementRoute.json(200, try paging.render(items, key: "users", idKey: "user_id", query: call.query))
    }

    /// Every user must exist: 404 "One or more of the users do not exist." (the description's
    /// 404), and nothing is assigned. Past 50 roles a user gets the user-roles route's 400.
    @Sendable static func addUsers(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let userIDs = RequestSchemas.strings(call.body, "users")
        let roleID = call.parameter("id")
        try call.mutate { state throws(Auth0Error) in
            guard state.roles[roleID] != nil else { throw .roleNotFound }
            for id in userIDs where state.users[id] == nil {
                throw Auth0Error(status: 404, message: "One or more of the users do not exist.")
            }
            for id in userIDs where !state.users[id]!.roles.contains(roleID) && state.users[id]!.roles.count >= UserRolesRoutes.roleLimit {
                throw Auth0Error(status: 400, message: "No more roles can be assigned to this user.")
            }
            for id in userIDs { state.users[id]!.roles.insert(roleID) }
        }
        return ManagementRoute.json(200, [:])
    }
}
