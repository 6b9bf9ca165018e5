import TenantMockCore

/// `GET`, `POST`, `DELETE /api/v2/organizations/{id}/members/{user_id}/roles` (seed 002).
///
/// Roles are kept per organization and user, apart from the user's tenant roles.
/// Assigning works before the user is a member (recorded: 204, and the role shows
/// once the user joins).
enum OrganizationMemberRolesRoutes {
    /// "max 50 roles per org member" (docs-v2 add-member-roles.mdx), answered with the spec's 409.
    static let roleLimit = 50

    static let path = "/organizations/{id}/members/{user_id}/roles"
    static let parameters = [OrganizationPath.parameter, PathParameter("user_id", "ID of the user to associate roles with.")]
    static let removeParameters = [OrganizationPath.parameter, PathParameter("user_id", "User ID of the organization member to remove roles from.")]

    static var operations: [Auth0Operation] {
        let roles = Auth0OpenAPI.paged("roles", of: Auth0OpenAPI.ref("Role"))
        return [
            .management("GET", path, id: "get_organization_member_roles", summary: "Get an organization member's roles",
                        scopes: .anyOf("read:organization_member_roles"), rejectsNonGlobalClients: true,
                        pathParameters: parameters, query: queryParameters,
                        success: .init(status: 200, description: "Roles successfully retrieved.", schema: roles),
                        errors: Auth0OpenAPI.standardErrors, handler: list),
            .management("POST", path, id: "post_organization_member_roles", summary: "Assign roles to an organization member",
                        scopes: .anyOf("create:organization_member_roles"), rejectsNonGlobalClients: true,
                        pathParameters: parameters,
                        body: RequestSchemas.roles("List of roles IDs to associated with the user.", idFormat: true),
                        success: .init(status: 204, description: "Roles successfully associated with user."),
                        errors: Auth0OpenAPI.bodyErrors + [409], handler: assign),
            .management("DELETE", path, id: "delete_organization_member_roles", summary: "Remove roles from an organization member",
                        scopes: .anyOf("delete:organization_member_roles"), rejectsNonGlobalClients: true,
                        pathParameters: removeParameters,
                        body: RequestSchemas.roles("List of roles IDs associated with the organization member to remove.", idFormat: true),
                        success: .init(status: 204, description: "Roles successfully removed from organization member."),
                        errors: Auth0OpenAPI.bodyErrors, handler: remove),
        ]
    }

    static let queryParameters: [QueryParameter] = [.pageTo1000, .perPageDefaults, .includeTotals]

    /// Roles in assignment order (the recorded answers are not name-sorted).
    @Sendable static func list(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let orgID = call.parameter("id")
        let paging = try Paging(call.query)
        let userID = call.parameter("user_id")
        let items = try call.read { state throws(Auth0Error) -> [JSONValue] in
            let org = try OrganizationPath.find(orgID, userID, in: state)
            return (org.memberRoles[userID] ?? []).compactMap { state.roles[$0]?.json }
        }
        return ManagementRoute.json(200, paging.render(items, key: "roles"))
    }

    @Sendable static func assign(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let orgID = call.parameter("id")
        let roleIDs = RequestSchemas.strings(call.body, "roles")
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
        let orgID = call.parameter("id")
        let roleIDs = RequestSchemas.strings(call.body, "roles")
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
