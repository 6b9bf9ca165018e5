import TenantMockCore

/// `GET`, `POST`, `DELETE /api/v2/organizations/{id}/members/{user_id}/roles` (seed 002).
///
/// Roles are kept per organization and user, apart from the user's tenant roles.
/// Assigning works before the user is a member (recorded: 204, and the role shows
/// once the user joins).
enum OrganizationMemberRolesRoutes {
    /// "max 50 roles per org member" (docs-v2 add-member-roles.mdx), answered with the spec's 409.
    static let roleLimit = 50

    static func routes() -> [DialectRoute<Auth0Dialect>] {
        [
            ManagementRoute.make("GET", "/organizations/{id}/members/{user_id}/roles", "List an organization member's roles",
                                 scopes: .anyOf("read:organization_member_roles"), rejectsNonGlobalClients: true, handler: list),
            ManagementRoute.make("POST", "/organizations/{id}/members/{user_id}/roles", "Assign roles to an organization member",
                                 scopes: .anyOf("create:organization_member_roles"), rejectsNonGlobalClients: true, handler: assign),
            ManagementRoute.make("DELETE", "/organizations/{id}/members/{user_id}/roles", "Remove roles from an organization member",
                                 scopes: .anyOf("delete:organization_member_roles"), rejectsNonGlobalClients: true, handler: remove),
        ]
    }

    static let queryParameters: [QueryParameter] = [.pageTo1000, .perPageDefaults, .includeTotals]

    /// Roles in assignment order (the recorded answers are not name-sorted).
    @Sendable static func list(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let orgID = try OrganizationPath.id(call)
        let paging = try Paging(try QueryValidation.validate(call.request, queryParameters))
        let userID = call.parameter("user_id")
        let items = try call.read { state throws(Auth0Error) -> [JSONValue] in
            let org = try OrganizationPath.find(orgID, userID, in: state)
            return (org.memberRoles[userID] ?? []).compactMap { state.roles[$0]?.json }
        }
        return ManagementRoute.json(200, paging.render(items, key: "roles"))
    }

    @Sendable static func assign(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let orgID = try OrganizationPath.id(call)
        try QueryValidation.rejectAny(call.request)
        let roleIDs = try PayloadValidation.roles(try RequestBody.parse(call.request),
                                                  description: "List of roles IDs to associated with the user.", rule: .roleIDFormat)
        let userID = call.parameter("user_id")
        try call.mutate { state throws(Auth0Error) in
            _ = try OrganizationPath.find(orgID, userID, in: state)
            for id in roleIDs where state.roles[id] == nil { throw .organizationRoleNotFound(id) }
            var held = state.organizations[orgID]!.memberRoles[userID] ?? []
            for id in roleIDs where !held.contains(id) { held.append(id) }
            if held.count > roleLimit {
                throw Auth0Error(status: 409, message: "No more roles can be assigned to this organization member.")
            }
            state.organizations[orgID]!.memberRoles[userID] = held
        }
        return ManagementRoute.noContent
    }

    /// An unknown role is 404 "No such role with id: …" (recorded); one not held is a no-op (inferred).
    @Sendable static func remove(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let orgID = try OrganizationPath.id(call)
        try QueryValidation.rejectAny(call.request)
        let roleIDs = try PayloadValidation.roles(try RequestBody.parse(call.request),
                                                  description: "List of roles IDs associated with the organization member to remove.",
                                                  rule: .roleIDFormat)
        let userID = call.parameter("user_id")
        try call.mutate { state throws(Auth0Error) in
            _ = try OrganizationPath.find(orgID, userID, in: state)
            for id in roleIDs where state.roles[id] == nil { throw .organizationRoleNotFound(id) }
            let remaining = (state.organizations[orgID]!.memberRoles[userID] ?? []).filter { !roleIDs.contains($0) }
            state.organizations[orgID]!.memberRoles[userID] = remaining.isEmpty ? nil : remaining
        }
        return ManagementRoute.noContent
    }
}
