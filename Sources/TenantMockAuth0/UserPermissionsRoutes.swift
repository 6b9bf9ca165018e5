import TenantMockCore

/// `GET`, `POST`, `DELETE /api/v2/users/{id}/permissions` (seeds 000, 004; reference "Endpoints in scope").
enum UserPermissionsRoutes {
    /// Auth0's entity limit on direct permissions per user, with the spec's 400 message.
    static let directPermissionLimit = 1000

    static func routes() -> [DialectRoute<Auth0Dialect>] {
        [
            ManagementRoute.make("GET", "/users/{id}/permissions", "List a user's permissions (direct and through roles)",
                                 scopes: .anyOf("read:users"), rejectsNonGlobalClients: false, handler: list),
            ManagementRoute.make("POST", "/users/{id}/permissions", "Assign permissions to a user",
                                 scopes: .anyOf("update:users"), rejectsNonGlobalClients: false, handler: assign),
            ManagementRoute.make("DELETE", "/users/{id}/permissions", "Remove permissions from a user",
                                 scopes: .anyOf("update:users"), rejectsNonGlobalClients: false, handler: remove),
        ]
    }

    static let queryParameters: [QueryParameter] = [.perPage, .pageUnbounded, .includeTotals]

    /// Direct permissions and those of the user's roles, one entry per permission,
    /// sorted by API identifier then name; `sources` lists a `DIRECT` entry (recorded
    /// shape) and one `ROLE` entry per role granting it (shape inferred), roles by name.
    @Sendable static func list(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let paging = try Paging(try QueryValidation.validate(call.request, queryParameters))
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
        try QueryValidation.rejectAny(call.request)
        let permissions = try PayloadValidation.permissions(try RequestBody.parse(call.request),
                                                            description: "List of permissions to add to this user.")
        let userID = call.parameter("id")
        try call.mutate { state throws(Auth0Error) in
            guard state.users[userID] != nil else { throw .userNotFound }
            try checkDefined(permissions, in: state)
            let after = state.users[userID]!.permissions.union(permissions)
            if after.count > directPermissionLimit {
                throw Auth0Error(status: 400, message: "No more permissions can be assigned to this user.")
            }
            state.users[userID]!.permissions = after
        }
        return ManagementRoute.json(201, [:])
    }

    /// Removing a permission the user does not hold directly changes nothing and succeeds (inferred).
    @Sendable static func remove(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        try QueryValidation.rejectAny(call.request)
        let permissions = try PayloadValidation.permissions(try RequestBody.parse(call.request),
                                                            description: "List of permissions to remove from this user.")
        let userID = call.parameter("id")
        try call.mutate { state throws(Auth0Error) in
            guard state.users[userID] != nil else { throw .userNotFound }
            try checkDefined(permissions, in: state)
            state.users[userID]!.permissions.subtract(permissions)
        }
        return ManagementRoute.noContent
    }

    /// Every permission names a registered API and one of its scopes.
    static func checkDefined(_ permissions: [Auth0Permission], in state: Auth0State) throws(Auth0Error) {
        for p in permissions {
            guard let server = state.resourceServer(identifier: p.resourceServerIdentifier) else {
                throw .resourceServerNotFound(p.resourceServerIdentifier)
            }
            guard server.scope(p.permissionName) != nil else { throw .permissionNotDefined(p) }
        }
    }
}
