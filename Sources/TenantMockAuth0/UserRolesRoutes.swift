import TenantMockCore

/// `GET`, `POST`, `DELETE /api/v2/users/{id}/roles` (the vendor page of seed 001).
enum UserRolesRoutes {
    /// Auth0's entity limit on roles per user (entity-limit policy); the message is inferred.
    static let roleLimit = 50

    static var operations: [Auth0Operation] {
        [
            .management("GET", "/users/{id}/roles", id: "get_user_roles", summary: "Get a user's roles",
                        scopes: .allOf("read:users", "read:roles", "read:role_members"), rejectsNonGlobalClients: true,
                        pathParameters: [PathParameter("id", "ID of the user to list roles for.")], query: queryParameters,
                        success: .init(status: 200, description: "Roles successfully retrieved.",
                                       schema: Auth0OpenAPI.paged("roles", of: Auth0OpenAPI.ref("Role"))),
                        errors: Auth0OpenAPI.standardErrors, handler: list),
            .management("POST", "/users/{id}/roles", id: "post_user_roles", summary: "Assign roles to a user",
                        scopes: .anyOf("update:users", "create:role_members"), rejectsNonGlobalClients: true,
                        pathParameters: [PathParameter("id", "ID of the user to associate roles with.")],
                        body: RequestSchemas.roles("List of roles IDs to associated with the user.", idFormat: false),
                        success: .init(status: 204, description: "Roles successfully associated with user."),
                        errors: Auth0OpenAPI.bodyErrors, handler: assign),
            // Auth0's description lists no 400 here, but a malformed body is refused like everywhere else.
            .management("DELETE", "/users/{id}/roles", id: "delete_user_roles", summary: "Remove roles from a user",
                        scopes: .anyOf("update:users", "delete:role_members"), rejectsNonGlobalClients: true,
                        pathParameters: [PathParameter("id", "ID of the user to remove roles from.")],
                        body: RequestSchemas.roles("List of roles IDs to remove from the user.", idFormat: false),
                        success: .init(status: 204, description: "Users roles successfully removed."),
                        errors: Auth0OpenAPI.bodyErrors, handler: remove),
        ]
    }

    static let queryParameters: [QueryParameter] = [.perPage, .pageUnbounded, .includeTotals]

    /// Roles sorted by name (observed in every recorded answer); organization roles are not listed.
    @Sendable static func list(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let paging = try Paging(call.query)
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
        let roleIDs = RequestSchemas.strings(call.body, "roles")
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
        let roleIDs = RequestSchemas.strings(call.body, "roles")
        let userID = call.parameter("id")
        try call.mutate { state throws(Auth0Error) in
            guard state.users[userID] != nil else { throw .userNotFound }
            for id in roleIDs where state.roles[id] == nil { throw .roleNotFound }
            state.users[userID]!.roles.subtract(roleIDs)
        }
        return ManagementRoute.noContent
    }
}
