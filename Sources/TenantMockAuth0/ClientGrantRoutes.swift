import TenantMockCore

/// Which APIs a client may get tokens for: `/api/v2/client-grants` and `/client-grants/{id}`
/// (answers recorded in go-auth0 v1.45.0 `test/data/recordings/TestClientGrantManager_*.yaml`
/// and terraform-provider-auth0 `test/data/recordings/TestAccClientGrant.yaml`).
///
/// A grant for the tenant's Management API is the client's `managementScopes`; grants for
/// the tenant's own APIs are ``Auth0ClientGrant``s. `POST /oauth/token` issues tokens for
/// exactly what they grant.
enum ClientGrantRoutes {
    static let audience = QueryParameter(name: "audience", kind: .string(maxLength: nil), description: "Optional filter on audience.")
    static let clientID = QueryParameter(name: "client_id", kind: .string(maxLength: nil), description: "Optional filter on client_id.")
    static let subjectType = QueryParameter(name: "subject_type", kind: .string(maxLength: nil),
                                            description: "The type of application access the client grant allows.")

    static let scope = BodySchema.array(of: .string(minLength: 1, maxLength: 280), description: "Scopes allowed for this client grant.")

    static var operations: [Auth0Operation] {
        let grant = Auth0OpenAPI.ref("ClientGrant")
        return [
            .management("GET", "/client-grants", id: "get_client-grants", summary: "Get client grants",
                        scopes: .anyOf("read:client_grants"), rejectsNonGlobalClients: true,
                        query: [.perPage, .pageUnbounded, .includeTotals, ReadRoutes.from, ReadRoutes.take, audience, clientID, subjectType],
                        success: .init(status: 200, description: "Client grants successfully retrieved.",
                                       schema: Auth0OpenAPI.pagedOrCheckpoint("client_grants", of: grant)),
                        errors: [400, 401, 403, 429], handler: list),
            .management("POST", "/client-grants", id: "post_client-grants", summary: "Create a client grant",
                        scopes: .anyOf("create:client_grants"), rejectsNonGlobalClients: true,
                        body: .object([
                            ("client_id", .string(minLength: 1, description: "ID of the client.")),
                            ("audience", .string(minLength: 1, maxLength: 600, description: "The audience (API identifier) of this client grant")),
                            ("scope", scope),
                            ("subject_type", .string(allowed: ["client", "user"])),
                            ("allow_all_scopes", .boolean(description: "If enabled, all scopes configured on the resource server are allowed for this grant.")),
                        ], required: ["client_id", "audience"], additionalProperties: true),
                        success: .init(status: 201, description: "Client grant successfully created.", schema: grant),
                        errors: [400, 401, 403, 404, 409, 415, 429], handler: create),
            .management("GET", "/client-grants/{id}", id: "get_client-grants_by_id", summary: "Get a client grant",
                        scopes: .anyOf("read:client_grants"), rejectsNonGlobalClients: true,
                        pathParameters: [PathParameter("id", "The ID of the client grant to retrieve.")],
                        success: .init(status: 200, description: "Client grant successfully retrieved.", schema: grant),
                        errors: Auth0OpenAPI.standardErrors, handler: read),
            .management("PATCH", "/client-grants/{id}", id: "patch_client-grants_by_id", summary: "Update a client grant",
                        scopes: .anyOf("update:client_grants"), rejectsNonGlobalClients: true,
                        pathParameters: [PathParameter("id", "ID of the client grant to update.")],
                        body: .object([("scope", scope), ("allow_all_scopes", .boolean())], additionalProperties: true),
                        success: .init(status: 200, description: "Client grant successfully updated.", schema: grant),
                        errors: Auth0OpenAPI.bodyErrors, handler: update),
            // 204 whether or not the grant exists (recorded: a second DELETE is 204 too).
            .management("DELETE", "/client-grants/{id}", id: "delete_client-grants_by_id", summary: "Delete a client grant",
                        scopes: .anyOf("delete:client_grants"), rejectsNonGlobalClients: true,
                        pathParameters: [PathParameter("id", "ID of the client grant to delete.")],
                        success: .init(status: 204, description: "Client grant successfully deleted."),
                        errors: [400, 401, 403, 429], handler: delete),
        ]
    }

    static let notFound = Auth0Error(status: 404, message: "The grant does not exist.", errorCode: "inexistent_client_grant")

    /// Members a request cannot set among a grant's other members (they are the grant's own).
    static let reservedKeys: Set<String> = ["id", "client_id", "audience", "scope"]

    /// Every grant as `{id, client_id, audience, scope, subject_type}` (recorded order): the
    /// Management API grants first, in client order, then the others in creation order.
    static func all(_ state: Auth0State) -> [JSONObject] {
        state.clientOrder.compactMap { state.clients[$0] }.compactMap { managementGrant(of: $0, in: state) }
            + state.clientGrants.map(json)
    }

    /// The grant `id`, Management API grant or not; `nil` when there is none.
    static func grant(_ id: String, in state: Auth0State) -> JSONObject? {
        if let grant = state.clientGrants.first(where: { $0.id == id }) { return json(grant) }
        return state.clientOrder.lazy.compactMap { state.clients[$0] }.first { $0.managementGrantID == id }
            .flatMap { managementGrant(of: $0, in: state) }
    }

    /// A client's Management API grant, if it has one.
    private static func managementGrant(of client: Auth0Client, in state: Auth0State) -> JSONObject? {
        client.managementScopes.map { scopes in
            ["id": .string(client.managementGrantID), "client_id": .string(client.id), "audience": .string(state.managementAudience),
             "scope": .array(scopes.map(JSONValue.string)), "subject_type": "client"]
        }
    }

    private static func json(_ grant: Auth0ClientGrant) -> JSONObject {
        var o: JSONObject = ["id": .string(grant.id), "client_id": .string(grant.clientID), "audience": .string(grant.audience)]
        // With `allow_all_scopes` the answer has no `scope` (recorded, `TestAccClientGrant.yaml` interactions 38, 48).
        if !grant.allowsAllScopes { o["scope"] = .array(grant.scope.map(JSONValue.string)) }
        o.merge(grant.settings)
        return o
    }

    // MARK: Handlers

    /// Filters by `audience`, `client_id`, `subject_type`; offset paging with the envelope
    /// `{total, start, limit, client_grants}`, or checkpoint paging (`from`/`take`) with
    /// `{client_grants}` only and no `next` on the last page (recorded, `TestAccDataSourceClientGrants.yaml`).
    @Sendable static func list(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let q = call.query
        let paging = try ListPaging(q, key: "client_grants")
        let items = try call.read { state throws(Auth0Error) -> [JSONValue] in
            all(state).filter { grant in
                (q.string("audience").map { grant["audience"]?.stringValue == $0 } ?? true)
                    && (q.string("client_id").map { grant["client_id"]?.stringValue == $0 } ?? true)
                    && (q.string("subject_type").map { grant["subject_type"]?.stringValue == $0 } ?? true)
            }.map(JSONValue.object)
        }
        return ManagementRoute.json(200, try paging.render(items, key: "client_grants", idKey: "id", query: q, totalsFirst: true))
    }

    /// 201 with the grant (`cgr_` and 16 letters or digits, `subject_type` `client` unless
    /// given, recorded). The client must exist (404 `Client not found`), the audience must be
    /// one of the tenant's APIs (404 `No resource with identifier <audience>`), and a client has
    /// one grant per audience (409 `A client grant already exists between <client> and
    /// <audience>`): wordings reported by Auth0's users (auth0-deploy-cli issues 144 and 29,
    /// terraform-provider-auth0 issue 404 of alexkappa's original); the bodies' other members
    /// are inferred.
    @Sendable static func create(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let body = call.body.objectValue ?? [:]
        let clientID = body["client_id"]?.stringValue ?? ""
        let audience = body["audience"]?.stringValue ?? ""
        let scope = RequestSchemas.strings(call.body, "scope")
        let grant = try call.mutate { state throws(Auth0Error) -> JSONObject in
            guard state.clients[clientID] != nil else { throw Auth0Error(status: 404, message: "Client not found") }
            let conflict = Auth0Error(status: 409, message: "A client grant already exists between \(clientID) and \(audience)")
            if audience == state.managementAudience {
                if state.clients[clientID]!.managementScopes != nil { throw conflict }
                state.clients[clientID]!.managementScopes = scope
                return managementGrant(of: state.clients[clientID]!, in: state) ?? [:]
            }
            guard state.resourceServer(identifier: audience) != nil else {
                throw Auth0Error(status: 404, message: "No resource with identifier \(audience)")
            }
            if state.clientGrants.contains(where: { $0.clientID == clientID && $0.audience == audience }) { throw conflict }
            var settings: JSONObject = ["subject_type": body["subject_type"] ?? "client"]
            settings.merge(body.filter(keys: { !reservedKeys.contains($0) && $0 != "subject_type" }))
            let grant = Auth0ClientGrant(id: Auth0IDs.make("cgr_"), clientID: clientID, audience: audience, scope: scope, settings: settings)
            state.clientGrants.append(grant)
            return json(grant)
        }
        return ManagementRoute.json(201, .object(grant))
    }

    @Sendable static func read(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let id = call.parameter("id")
        let grant = try call.read { state throws(Auth0Error) -> JSONObject in
            guard let grant = Self.grant(id, in: state) else { throw notFound }
            return grant
        }
        return ManagementRoute.json(200, .object(grant))
    }

    /// `scope` replaces the list (recorded); tokens already issued keep theirs.
    @Sendable static func update(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let id = call.parameter("id")
        let body = call.body.objectValue ?? [:]
        let grant = try call.mutate { state throws(Auth0Error) -> JSONObject in
            if let clientID = state.clientOrder.first(where: { state.clients[$0]?.managementGrantID == id && state.clients[$0]?.managementScopes != nil }) {
                if body["scope"] != nil { state.clients[clientID]!.managementScopes = RequestSchemas.strings(call.body, "scope") }
            } else if let index = state.clientGrants.firstIndex(where: { $0.id == id }) {
                if body["scope"] != nil { state.clientGrants[index].scope = RequestSchemas.strings(call.body, "scope") }
                state.clientGrants[index].settings.merge(body.filter(keys: { !reservedKeys.contains($0) }))
            } else {
                throw notFound
            }
            return Self.grant(id, in: state) ?? [:]
        }
        return ManagementRoute.json(200, .object(grant))
    }

    @Sendable static func delete(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let id = call.parameter("id")
        try call.mutate { state throws(Auth0Error) in
            if let clientID = state.clientOrder.first(where: { state.clients[$0]?.managementGrantID == id }) {
                state.clients[clientID]!.managementScopes = nil
            }
            state.clientGrants.removeAll { $0.id == id }
            for orgID in state.organizationOrder { state.organizations[orgID]?.clientGrantIDs.removeAll { $0 == id } }
        }
        return ManagementRoute.noContent
    }
}
