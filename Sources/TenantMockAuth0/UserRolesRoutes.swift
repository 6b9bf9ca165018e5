import TenantMockCore

/// `GET`, `POST`, `DELETE /api/v2/users/{id}/roles` (seed 001; reference "Endpoints in scope").
enum UserRolesRoutes {
    /// Auth0's entity limit on roles per user (entity-limit policy); the message is inferred.
    static let roleLimit = 50

    static func routes() -> [DialectRoute<Auth0Dialect>] {
        [
            ManagementRoute.make("GET", "/users/{id}/roles", "List a user's tenant roles",
                                 scopes: .allOf("read:users", "read:roles", "read:role_members"),
                                 rejectsNonGlobalClients: true, handler: list),
            ManagementRoute.make("POST", "/users/{id}/roles", "Assign tenant roles to a user",
                                 scopes: .anyOf("update:users", "create:role_members"),
                                 rejectsNonGlobalClients: true, handler: assign),
            ManagementRoute.make("DELETE", "/users/{id}/roles", "Remove tenant roles from a user",
                                 scopes: .anyOf("update:users", "delete:role_members"),
                                 rejectsNonGlobalClients: true, handler: remove),
        ]
    }

    static let queryParameters: [QueryParameter] = [.perPage, .pageUnbounded, .includeTotals]

    /// Roles sorted by name (observed in every recorded answer); organization roles are not listed.
    @Sendable static func list(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let paging = try Paging(try QueryValidation.validate(call.request, queryParameters))
        let userID = call.parameter("id")
        let items = try call.read { state throws(Auth0Error) -> [JSONValue] in
            guard let user = state.users[userID] else { throw .userNotFound }
            return state.rolesByName(user.roles).map(\.json)
        }
        return ManagementRoute.json(200, paging.render(items, key: "roles"))
    }

    /// An id that is not a role id is a 400 "Invalid request payload input" (docs community
    /// thread on `{"roles":["string"]}`); a well-formed unknown one is a 404 like DELETE's (inferred).
    @Sendable static func assign(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        try QueryValidation.rejectAny(call.request)
        let roleIDs = try PayloadValidation.roles(try RequestBody.parse(call.request),
                                                  description: "List of roles IDs to associated with the user.", rule: .nonEmpty)
        let userID = call.parameter("id")
        try call.mutate { state throws(Auth0Error) in
            guard state.users[userID] != nil else { throw .userNotFound }
            for id in roleIDs {
                guard Auth0Formats.isRoleID(id) else { throw Auth0Error(status: 400, message: "Invalid request payload input") }
                guard state.roles[id] != nil else { throw .roleNotFound }
            }
            let after = state.users[userID]!.roles.union(roleIDs)
            if after.count > roleLimit { throw Auth0Error(status: 400, message: "No more roles can be assigned to this user.") }
            state.users[userID]!.roles = after
        }
        return ManagementRoute.noContent
    }

    /// A role that does not exist is 404 "The role does not exist." (recorded); one the
    /// user does not hold is removed without complaint (inferred).
    @Sendable static func remove(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        try QueryValidation.rejectAny(call.request)
        let roleIDs = try PayloadValidation.roles(try RequestBody.parse(call.request),
                                                  description: "List of roles IDs to remove from the user.", rule: .nonEmpty)
        let userID = call.parameter("id")
        try call.mutate { state throws(Auth0Error) in
            guard state.users[userID] != nil else { throw .userNotFound }
            for id in roleIDs where state.roles[id] == nil { throw .roleNotFound }
            state.users[userID]!.roles.subtract(roleIDs)
        }
        return ManagementRoute.noContent
    }
}
