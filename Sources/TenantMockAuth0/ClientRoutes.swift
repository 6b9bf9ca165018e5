import TenantMockCore

/// The tenant's applications: `/api/v2/clients` and `/clients/{id}` (answers recorded in
/// go-auth0 v1.45.0 `test/data/recordings/TestClient_{Create,Read,Update,Delete,List}.yaml`
/// and terraform-provider-auth0 `test/data/recordings/TestAccClientConfig.yaml`; both
/// recorders re-encode single clients, so the member order here is inferred).
///
/// Deleting a client takes its grants and static tokens with it; a token it was issued then
/// names a client the tenant no longer has, and the Management API answers 401 `Invalid token`
/// (inferred, as for a token of an unknown client).
enum ClientRoutes {
    /// The members a client carries besides its id, secret, name and grant types (a fixture
    /// may set them too).
    static let settingKeys: Set<String> = [
        "description", "logo_uri", "app_type", "callbacks", "allowed_origins", "web_origins", "client_aliases",
        "allowed_clients", "allowed_logout_urls", "token_endpoint_auth_method", "is_first_party", "oidc_conformant",
        "jwt_configuration", "sso", "sso_disabled", "cross_origin_authentication", "custom_login_page_on", "client_metadata",
        "refresh_token", "organization_usage", "organization_require_behavior", "initiate_login_uri",
        "is_token_endpoint_ip_header_trusted",
    ]

    /// What a new client carries when the request does not say (terraform-provider-auth0
    /// `TestAccClientConfig.yaml` interaction 0, created with a name only).
    static let defaultSettings: JSONObject = [
        "is_first_party": true,
        "is_token_endpoint_ip_header_trusted": false,
        "oidc_conformant": false,
        "jwt_configuration": ["secret_encoded": false, "lifetime_in_seconds": 36000],
        "sso_disabled": false,
        "cross_origin_authentication": false,
        "custom_login_page_on": true,
        "refresh_token": ["rotation_type": "non-rotating", "expiration_type": "non-expiring", "leeway": 0,
                          "token_lifetime": 2_592_000, "infinite_token_lifetime": true,
                          "infinite_idle_token_lifetime": true, "idle_token_lifetime": 1_296_000],
    ]
    /// The grant types of a new client (recorded).
    static let defaultGrantTypes = ["authorization_code", "implicit", "refresh_token", "client_credentials"]

    /// The body of POST and PATCH: the members listed are checked; others are accepted and kept
    /// (Auth0 knows many more than the emulator, and a client that sends them must not fail).
    static func body(requiringName: Bool) -> BodySchema {
        let urls = BodySchema.array(of: .string())
        return .object([
            ("name", .string(minLength: 1, description: "Name of this client (min length: 1 character, does not allow `<` or `>`).")),
            ("description", .string(maxLength: 140)),
            ("app_type", .string(allowed: ["native", "spa", "regular_web", "non_interactive", "resource_server", "express_configuration",
                                           "rms", "box", "cloudbees", "concur", "dropbox", "mscrm", "echosign", "egnyte", "newrelic",
                                           "office365", "salesforce", "sentry", "sharepoint", "slack", "springcm", "zendesk", "zoom",
                                           "sso_integration", "oag"])),
            ("callbacks", urls), ("allowed_origins", urls), ("web_origins", urls), ("allowed_logout_urls", urls),
            ("grant_types", .array(of: .string())),
            ("token_endpoint_auth_method", .string(allowed: ["none", "client_secret_post", "client_secret_basic"])),
            ("is_first_party", .boolean()), ("oidc_conformant", .boolean()), ("client_metadata", .anyObject()),
        ], required: requiringName ? ["name"] : [], additionalProperties: true)
    }

    static let clientID = [PathParameter("id", "ID of the client to retrieve.")]

    static var operations: [Auth0Operation] {
        let client = Auth0OpenAPI.ref("Client")
        return [
            .management("GET", "/clients", id: "get_clients", summary: "Get clients",
                        scopes: .anyOf("read:clients", "read:client_keys", "read:client_credentials", "read:client_summary"),
                        rejectsNonGlobalClients: true,
                        query: [ReadRoutes.fields, ReadRoutes.includeFields, .pageUnbounded, .perPage, .includeTotals],
                        success: .init(status: 200, description: "Clients successfully retrieved.", schema: Auth0OpenAPI.paged("clients", of: client)),
                        errors: [400, 401, 403, 429], handler: list),
            .management("POST", "/clients", id: "post_clients", summary: "Create a client",
                        scopes: .anyOf("create:clients"), rejectsNonGlobalClients: true, body: body(requiringName: true),
                        success: .init(status: 201, description: "Client successfully created.", schema: client),
                        errors: [400, 401, 403, 409, 415, 429], handler: create),
            .management("GET", "/clients/{id}", id: "get_clients_by_id", summary: "Get a client",
                        scopes: .anyOf("read:clients", "read:client_keys", "read:client_credentials", "read:client_summary"),
                        rejectsNonGlobalClients: true, pathParameters: clientID, query: [ReadRoutes.fields, ReadRoutes.includeFields],
                        success: .init(status: 200, description: "Client successfully retrieved.", schema: client),
                        errors: Auth0OpenAPI.standardErrors, handler: read),
            .management("PATCH", "/clients/{id}", id: "patch_clients_by_id", summary: "Update a client",
                        scopes: .anyOf("update:clients", "update:client_keys", "update:client_credentials"), rejectsNonGlobalClients: true,
                        pathParameters: [PathParameter("id", "ID of the client to update.")], body: body(requiringName: false),
                        success: .init(status: 200, description: "Client successfully updated.", schema: client),
                        errors: Auth0OpenAPI.bodyErrors, handler: update),
            // 204 whether or not the client exists (recorded: a second DELETE is 204 too).
            .management("DELETE", "/clients/{id}", id: "delete_clients_by_id", summary: "Delete a client",
                        scopes: .anyOf("delete:clients"), rejectsNonGlobalClients: true,
                        pathParameters: [PathParameter("id", "ID of the client to delete.")],
                        success: .init(status: 204, description: "Client successfully deleted."),
                        errors: [400, 401, 403, 429], handler: delete),
        ]
    }

    static let notFound = Auth0Error(status: 404, message: "The client does not exist", errorCode: "inexistent_client")

    /// Members that are the client's own, never kept among its other members.
    static let reservedKeys: Set<String> = ["name", "grant_types", "client_id", "client_secret", "tenant"]

    /// A client as Auth0 answers it: `tenant` first (recorded in lists, even when `fields`
    /// names other members), the name, id and secret, the grant types, then the settings.
    /// The secret is shown only to a caller with `read:client_keys` (Auth0's scope for it) or
    /// to the one that created the client.
    static func json(_ client: Auth0Client, tenant: String, showSecret: Bool) -> JSONObject {
        var o: JSONObject = ["tenant": .string(tenant), "name": .string(client.name), "client_id": .string(client.id)]
        if showSecret { o["client_secret"] = .string(client.secret) }
        o.merge(client.settings.filter(keys: { !reservedKeys.contains($0) }))
        o["grant_types"] = .array(client.grantTypes.map(JSONValue.string))
        return o
    }

    private static func select(_ object: JSONObject, _ query: ValidatedQuery) -> JSONObject {
        var selected = ReadRoutes.select(object, query)
        if selected["tenant"] == nil, let tenant = object["tenant"] {
            selected = JSONObject([(key: "tenant", value: tenant)] + selected.members)
        }
        return selected
    }

    // MARK: Handlers

    /// Creation order; with `include_totals` the envelope is `{total, start, limit, clients}` (recorded).
    @Sendable static func list(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let paging = try Paging(call.query)
        let showSecret = call.client.scopes.contains("read:client_keys")
        let tenant = call.tenant.id
        let items = try call.read { state throws(Auth0Error) -> [JSONValue] in
            state.clientOrder.compactMap { state.clients[$0] }.map { .object(select(json($0, tenant: tenant, showSecret: showSecret), call.query)) }
        }
        return ManagementRoute.json(200, paging.render(items, key: "clients", totalsFirst: true))
    }

    /// 201 with the client: `client_id` 32 letters or digits, `client_secret` 64 (recorded
    /// lengths), Auth0's defaults for the members not given.
    @Sendable static func create(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let body = call.body.objectValue ?? [:]
        let tenant = call.tenant.id
        let client = try call.mutate { state throws(Auth0Error) -> Auth0Client in
            var settings = defaultSettings
            settings.merge(body.filter(keys: { !reservedKeys.contains($0) }))
            let grantTypes = body["grant_types"]?.arrayValue?.compactMap(\.stringValue) ?? defaultGrantTypes
            let client = Auth0Client(id: Auth0IDs.make("", length: 32), secret: Auth0IDs.make("", length: 64),
                                     name: body["name"]?.stringValue ?? "", managementScopes: nil, isGlobal: true,
                                     grantTypes: grantTypes, settings: settings)
            state.clients[client.id] = client
            state.clientOrder.append(client.id)
            return client
        }
        return ManagementRoute.json(201, .object(json(client, tenant: tenant, showSecret: true)))
    }

    @Sendable static func read(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let id = call.parameter("id")
        let showSecret = call.client.scopes.contains("read:client_keys")
        let tenant = call.tenant.id
        let object = try call.read { state throws(Auth0Error) -> JSONObject in
            guard let client = state.clients[id] else { throw notFound }
            return json(client, tenant: tenant, showSecret: showSecret)
        }
        return ManagementRoute.json(200, .object(select(object, call.query)))
    }

    /// Changes the members given (object members replaced whole, inferred).
    @Sendable static func update(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let id = call.parameter("id")
        let body = call.body.objectValue ?? [:]
        let tenant = call.tenant.id
        let showSecret = call.client.scopes.contains("read:client_keys") || call.client.scopes.contains("update:client_keys")
        let client = try call.mutate { state throws(Auth0Error) -> Auth0Client in
            guard var client = state.clients[id] else { throw notFound }
            if let name = body["name"]?.stringValue { client.name = name }
            if let types = body["grant_types"]?.arrayValue { client.grantTypes = types.compactMap(\.stringValue) }
            if let secret = body["client_secret"]?.stringValue { client.secret = secret }
            client.settings.merge(body.filter(keys: { !reservedKeys.contains($0) }))
            state.clients[id] = client
            return client
        }
        return ManagementRoute.json(200, .object(json(client, tenant: tenant, showSecret: showSecret)))
    }

    /// 204; the client's grants and static tokens go with it.
    @Sendable static func delete(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let id = call.parameter("id")
        try call.mutate { state throws(Auth0Error) in
            guard let client = state.clients[id] else { return }
            let grantIDs = Set(state.clientGrants.filter { $0.clientID == id }.map(\.id) + [client.managementGrantID])
            state.clients[id] = nil
            state.clientOrder.removeAll { $0 == id }
            state.clientGrants.removeAll { $0.clientID == id }
            for orgID in state.organizationOrder { state.organizations[orgID]?.clientGrantIDs.removeAll { grantIDs.contains($0) } }
            state.staticTokens.removeAll { $0.clientID == id }
        }
        return ManagementRoute.noContent
    }
}
