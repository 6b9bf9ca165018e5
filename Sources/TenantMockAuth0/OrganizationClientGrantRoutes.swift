import TenantMockCore

/// The client grants an organization may use: `/api/v2/organizations/{id}/client-grants`
/// (answers recorded in go-auth0 v1.45.0 `test/data/recordings/TestOrganizationManager_ClientGrants.yaml`).
///
/// `POST /oauth/token` with an `organization` issues a token for an API other than the
/// Management API only through a grant associated with that organization.
enum OrganizationClientGrantRoutes {
    /// `grant_ids=cgr_…` (repeatable): go-auth0 v1.45.0 sends it and Auth0 answers the matching
    /// grants (recorded, `TestOrganizationManager_ClientGrantsWithOrg.yaml`, interactions 6 and 8);
    /// at most 10 values, as the other repeatable filters (inferred).
    static let grantIDs = QueryParameter(name: "grant_ids", kind: .stringList(maxItems: 10),
        description: "Optional filter on the ID of the client grant. Must be URL encoded and may be specified multiple times (max 10).")

    static var operations: [Auth0Operation] {
        let grant = Auth0OpenAPI.ref("ClientGrant")
        return [
            .management("GET", "/organizations/{id}/client-grants", id: "get_organization_client_grants",
                        summary: "Get client grants associated to an organization", scopes: .anyOf("read:organization_client_grants"),
                        rejectsNonGlobalClients: true, pathParameters: [OrganizationPath.parameter],
                        query: [ClientGrantRoutes.audience, ClientGrantRoutes.clientID, grantIDs, .pageUnbounded, .perPageDefaults, .includeTotals],
                        success: .init(status: 200, description: "Client grants successfully retrieved.",
                                       schema: Auth0OpenAPI.paged("client_grants", of: grant)),
                        errors: Auth0OpenAPI.standardErrors, handler: list),
            .management("POST", "/organizations/{id}/client-grants", id: "post_organization_client_grants",
                        summary: "Associate a client grant with an organization", scopes: .anyOf("create:organization_client_grants"),
                        rejectsNonGlobalClients: true, pathParameters: [OrganizationPath.parameter],
                        body: .object([("grant_id", .string(minLength: 1, description: "A Client Grant ID to add to the organization."))],
                                      required: ["grant_id"]),
                        success: .init(status: 201, description: "Client grant successfully associated with the organization.",
                                       schema: ["type": "object"]),
                        errors: Auth0OpenAPI.bodyErrors + [409], handler: add),
            .management("DELETE", "/organizations/{id}/client-grants/{grant_id}", id: "delete_organization_client_grants_by_grant_id",
                        summary: "Remove a client grant from an organization", scopes: .anyOf("delete:organization_client_grants"),
                        rejectsNonGlobalClients: true,
                        pathParameters: [OrganizationPath.parameter, PathParameter("grant_id", "The Client Grant ID to remove from the organization")],
                        success: .init(status: 204, description: "Client grant successfully removed from the organization."),
                        errors: Auth0OpenAPI.standardErrors, handler: remove),
        ]
    }

    /// The grants in association order, each as `/client-grants` answers it (recorded), filtered
    /// by `audience`, `client_id` and `grant_ids`.
    @Sendable static func list(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let id = call.parameter("id")
        let audience = call.query.string("audience"), clientID = call.query.string("client_id")
        let wanted = call.query.strings("grant_ids").map(Set.init)
        let paging = try Paging(call.query)
        let items = try call.read { state throws(Auth0Error) -> [JSONValue] in
            guard let org = state.organizations[id] else { throw .organizationNotFound }
            return org.clientGrantIDs.compactMap { ClientGrantRoutes.grant($0, in: state) }
                .filter { (audience == nil || $0["audience"]?.stringValue == audience) && (clientID == nil || $0["client_id"]?.stringValue == clientID)
                    && (wanted?.contains($0["id"]?.stringValue ?? "") ?? true) }
                .map(JSONValue.object)
        }
        return ManagementRoute.json(200, paging.render(items, key: "client_grants"))
    }

    /// 201 `{grant_id, client_id, audience, scope}` (recorded). An unknown grant is 404 `The grant
    /// does not exist.` (the `/client-grants` wording); associating it twice is 409 (inferred wording).
    @Sendable static func add(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let id = call.parameter("id")
        let grantID = call.body["grant_id"]?.stringValue ?? ""
        let answer = try call.mutate { state throws(Auth0Error) -> JSONObject in
            guard state.organizations[id] != nil else { throw .organizationNotFound }
            guard let grant = ClientGrantRoutes.grant(grantID, in: state) else {
                throw ClientGrantRoutes.notFound
            }
            if state.organizations[id]!.clientGrantIDs.contains(grantID) {
                throw Auth0Error(status: 409, message: "The client grant is already associated with this organization.")
            }
            state.organizations[id]!.clientGrantIDs.append(grantID)
            return ["grant_id": .string(grantID), "client_id": grant["client_id"] ?? "", "audience": grant["audience"] ?? "",
                    "scope": grant["scope"] ?? []]
        }
        return ManagementRoute.json(201, .object(answer))
    }

    /// 204 (recorded); a grant the organization does not have changes nothing (inferred).
    @Sendable static func remove(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let id = call.parameter("id"), grantID = call.parameter("grant_id")
        try call.mutate { state throws(Auth0Error) in
            guard state.organizations[id] != nil else { throw .organizationNotFound }
            state.organizations[id]!.clientGrantIDs.removeAll { $0 == grantID }
        }
        return ManagementRoute.noContent
    }
}
