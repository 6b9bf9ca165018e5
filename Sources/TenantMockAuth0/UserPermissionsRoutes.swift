import TenantMockCore

/// `GET`, `POST`, `DELETE /api/v2/users/{id}/permissions` (the vendor pages of seeds 000 and 004).
enum UserPermissionsRoutes {
    /// Auth0's entity limit on direct permissions per user, with the spec's 400 message.
    static let directPermissionLimit = 1000

    static var operations: [Auth0Operation] {
        [
            .management("GET", "/users/{id}/permissions", id: "get_permissions", summary: "Get a user's permissions",
                        scopes: .anyOf("read:users"),
                        pathParameters: [PathParameter("id", "ID of the user to retrieve the permissions for.")], query: queryParameters,
                        success: .init(status: 200, description: "Permissions successfully retrieved.",
                                       schema: Auth0OpenAPI.paged("permissions", of: Auth0OpenAPI.ref("UserPermission"))),
                        errors: Auth0OpenAPI.standardErrors, handler: list),
            // The 201 body is `{}` (recorded).
            .management("POST", "/users/{id}/permissions", id: "post_permissions", summary: "Assign permissions to a user",
                        scopes: .anyOf("update:users"), pathParameters: [PathParameter("id", "ID of the user to assign permissions to.")],
                        body: RequestSchemas.permissions("List of permissions to add to this user."),
                        success: .init(status: 201, description: "Permissions assigned to user.", schema: ["type": "object"]),
                        errors: Auth0OpenAPI.bodyErrors, handler: assign),
            .management("DELETE", "/users/{id}/permissions", id: "delete_permissions", summary: "Remove permissions from a user",
                        scopes: .anyOf("update:users"), pathParameters: [PathParameter("id", "ID of the user to remove permissions from.")],
                        body: RequestSchemas.permissions("List of permissions to remove from this user."),
                        success: .init(status: 204, description: "User permissions removed."),
                        errors: Auth0OpenAPI.bodyErrors, handler: remove),
        ]
    }

    static let queryParameters: [QueryParameter] = [.perPage, .pageUnbounded, .includeTotals]

    /// Direct permissions and those of the user's roles, one entry per permission,
    /// sorted by API identifier then name; `sources` lists a `DIRECT` entry (recorded
    /// shape) and one `ROLE` entry per role granting it (shape inferred), roles by name.
    @Sendable static func list(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let paging = try Paging(call.query)
        let userID = call.parameter("id")
        let items = try call.read { state throws(Auth0Error) -> [JSONValue] in
            guard let user = state.users[userID] else { throw .userNotFound }
            var sources: [Auth0Permission: [JSONValue]] = [:]
            for p in user.permissions {
                sources[p, default: []].append(["source_id": "", "source_name": "", "source_type": "DIRECT"])
            }
            for role in state.rolesByName(user.roles) {
                for p in role.permissions {
                    sources[p, default: []].append(["source_id": .string(role.id), "source_name": .string(role.name), "source_type": "ROLE"])
                }
            }
            return sources.keys.sorted().map { p in
                var o = state.permissionJSON(p)
                o["sources"] = .array(sources[p] ?? [])
                return .object(o)
            }
        }
        return ManagementRoute.json(200, paging.render(items, key: "permissions"))
    }

    @Sendable static func assign(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let permissions = RequestSchemas.permissionList(call.body)
        let userID = call.parameter("id")
        try call.mutate { state throws(Auth0Error) in
            guard let user = state.users[userID] else { throw .userNotFound }
            state.users[userID]!.permissions = try PermissionAssignment.adding(permissions, to: user.permissions, limit: directPermissionLimit,
                                                                               holder: "user", in: state)
        }
        return ManagementRoute.json(201, [:])
    }

    /// Removing a permission the user does not hold directly changes nothing and succeeds (inferred).
    @Sendable static func remove(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let permissions = RequestSchemas.permissionList(call.body)
        let userID = call.parameter("id")
        try call.mutate { state throws(Auth0Error) in
            guard state.users[userID] != nil else { throw .userNotFound }
            try PermissionAssignment.checkDefined(permissions, in: state)
            state.users[userID]!.permissions.subtract(permissions)
        }
        return ManagementRoute.noContent
    }

    /// Every permission names a registered API and one of its scopes.
}
