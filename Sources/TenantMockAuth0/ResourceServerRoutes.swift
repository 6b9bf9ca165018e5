import TenantMockCore

/// The tenant's APIs: `/api/v2/resource-servers` and `/resource-servers/{id}`
/// (auth0-oas-in-scope.txt; answers recorded in go-auth0 v1.45.0
/// `test/data/recordings/TestResourceServer_*.yaml` and terraform-provider-auth0
/// `test/data/recordings/TestAccResourceServer.yaml`, `TestAccClientGrant.yaml`).
///
/// The tenant's own Management API is listed as a system API (`is_system: true`) and
/// cannot be changed or deleted.
enum ResourceServerRoutes {
    /// The members besides `id`, `name`, `identifier` and `scopes` that an API carries.
    static let settingKeys: Set<String> = [
        "signing_alg", "signing_secret", "allow_offline_access", "allow_online_access",
        "allow_online_access_with_ephemeral_sessions", "token_lifetime", "token_lifetime_for_web", "token_dialect",
        "skip_consent_for_verifiable_first_party_clients", "enforce_policies", "token_encryption", "consent_policy",
        "authorization_details", "proof_of_possession", "subject_type_authorization", "authorization_policy",
    ]

    /// What a new API carries when the request does not say, in the order Auth0 answers
    /// (terraform-provider-auth0 `TestAccResourceServer.yaml`, 2026: created with only an identifier).
    static let defaultSettings: JSONObject = [
        "allow_offline_access": false,
        "skip_consent_for_verifiable_first_party_clients": false,
        "subject_type_authorization": ["client": ["policy": "require_client_grant"], "user": ["policy": "allow_all"]],
        "token_lifetime": 86400,
        "token_lifetime_for_web": 7200,
        "signing_alg": "RS256",
    ]

    static let name = BodySchema.string(maxLength: 200, pattern: .init(text: "^[^<>]+$", accepts: { text in
        !text.isEmpty && !text.utf8.contains(UInt8(ascii: "<")) && !text.utf8.contains(UInt8(ascii: ">"))
    }), description: "Friendly name for this resource server. Can not contain `<` or `>` characters.")
    static let scopes = BodySchema.array(of: .object([
        ("value", .string(minLength: 1, maxLength: 280, description: "Value of this scope.")),
        ("description", .string(maxLength: 500, description: "User-friendly description of this scope.")),
    ], required: ["value"]), description: "List of permissions (scopes) that this API uses.")

    /// The settings members of the POST and PATCH bodies (`auth0-oas-in-scope.txt`); the nested
    /// objects are accepted as objects (their inner rules are not checked: a known difference).
    static var settingProperties: [(String, BodySchema)] {
        [
            ("signing_alg", .string(allowed: ["HS256", "RS256", "RS512", "PS256"])),
            ("signing_secret", .string(minLength: 16)),
            ("allow_offline_access", .boolean()),
            ("allow_online_access", .boolean()),
            ("allow_online_access_with_ephemeral_sessions", .boolean()),
            ("token_lifetime", .integer(minimum: 0, maximum: 2_592_000)),
            ("token_lifetime_for_web", .integer(minimum: 0, maximum: 2_592_000)),
            ("token_dialect", .string(allowed: ["access_token", "access_token_authz", "rfc9068_profile", "rfc9068_profile_authz"])),
            ("skip_consent_for_verifiable_first_party_clients", .boolean()),
            ("enforce_policies", .boolean()),
            ("token_encryption", BodySchema.anyObject().nullable),
            ("consent_policy", BodySchema.string(allowed: ["transactional-authorization-with-mfa"]).nullable),
            ("authorization_details", BodySchema(types: [.array, .null])),
            ("proof_of_possession", BodySchema.anyObject().nullable),
            ("subject_type_authorization", .anyObject()),
            ("authorization_policy", BodySchema.anyObject().nullable),
        ]
    }

    static let idParameter = [PathParameter("id", "ID or audience of the resource server to retrieve.")]
    static let identifiers = QueryParameter(name: "identifiers", kind: .stringList(maxItems: 10),
        description: "An optional filter on the resource server identifier. Must be URL encoded and may be specified multiple times (max 10).")

    static var operations: [Auth0Operation] {
        let server: JSONValue = Auth0OpenAPI.ref("ResourceServer")
        return [
            .management("GET", "/resource-servers", id: "get_resource-servers", summary: "Get resource servers",
                        scopes: .anyOf("read:resource_servers"), rejectsNonGlobalClients: true,
                        query: [identifiers, .pageUnbounded, .perPage, .includeTotals, ReadRoutes.fields, ReadRoutes.includeFields],
                        success: .init(status: 200, description: "Resource servers successfully retrieved.",
                                       schema: Auth0OpenAPI.paged("resource_servers", of: server)),
                        errors: [400, 401, 403, 429], handler: list),
            .management("POST", "/resource-servers", id: "post_resource-servers", summary: "Create a resource server",
                        scopes: .anyOf("create:resource_servers"), rejectsNonGlobalClients: true,
                        body: .object([("name", name),
                                       ("identifier", .string(minLength: 1, maxLength: 600,
                                                              description: "Unique identifier for the API used as the audience parameter on authorization calls. Can not be changed once set.")),
                                       ("scopes", scopes)] + settingProperties, required: ["identifier"]),
                        success: .init(status: 201, description: "Resource server successfully created.", schema: server),
                        errors: [400, 401, 403, 409, 415, 429], handler: create),
            .management("GET", "/resource-servers/{id}", id: "get_resource-servers_by_id", summary: "Get a resource server",
                        scopes: .anyOf("read:resource_servers"), rejectsNonGlobalClients: true, pathParameters: idParameter,
                        query: [ReadRoutes.includeFields, ReadRoutes.fields],
                        success: .init(status: 200, description: "Resource server successfully retrieved.", schema: server),
                        errors: Auth0OpenAPI.standardErrors, handler: read),
            .management("PATCH", "/resource-servers/{id}", id: "patch_resource-servers_by_id", summary: "Update a resource server",
                        scopes: .anyOf("update:resource_servers"), rejectsNonGlobalClients: true,
                        pathParameters: [PathParameter("id", "ID or audience of the resource server to update.")],
                        body: .object([("name", name), ("scopes", scopes)] + settingProperties),
                        success: .init(status: 200, description: "Resource server successfully updated.", schema: server),
                        errors: Auth0OpenAPI.bodyErrors + [409], handler: update),
            // 204 whether or not the API exists (recorded: a second DELETE is 204 too).
            .management("DELETE", "/resource-servers/{id}", id: "delete_resource-servers_by_id", summary: "Delete a resource server",
                        scopes: .anyOf("delete:resource_servers"), rejectsNonGlobalClients: true,
                        pathParameters: [PathParameter("id", "ID or the audience of the resource server to delete.")],
                        success: .init(status: 204, description: "Resource server successfully deleted."),
                        errors: [400, 401, 403, 429], handler: delete),
        ]
    }

    /// The system API's id: stable for the tenant's domain.
    static func systemAPIID(_ state: Auth0State) -> String { Auth0IDs.hex(from: state.managementAudience) }

    /// Whether `key` (an id or an identifier) names the tenant's Management API.
    static func isSystemAPI(_ key: String, _ state: Auth0State) -> Bool {
        key == state.managementAudience || key == systemAPIID(state)
    }

    /// The tenant's Management API as a system API, in the recorded member order with scopes as
    /// `{description, value}` and `is_system` last (terraform-provider-auth0
    /// `test/data/recordings/TestAccDataSourceResourceServer.yaml`, interaction 22); its scopes are
    /// those the emulated operations accept.
    static func systemAPI(_ state: Auth0State) -> JSONObject {
        ["id": .string(systemAPIID(state)), "name": "Auth0 Management API", "identifier": .string(state.managementAudience),
         "allow_offline_access": false, "skip_consent_for_verifiable_first_party_clients": false, "token_lifetime": 86400,
         "token_lifetime_for_web": 7200, "signing_alg": "RS256",
         "scopes": .array(Auth0Dialect.managementScopes.map { ["description": "", "value": .string($0)] }), "is_system": true]
    }

    static let notFound = Auth0Error(status: 404, message: "The resource server does not exist", errorCode: "inexistent_resource_server")

    /// By id, or by identifier (the audience), as the path parameter's description says.
    static func find(_ key: String, in state: Auth0State) -> Int? {
        state.resourceServers.firstIndex { $0.id == key } ?? state.resourceServers.firstIndex { $0.identifier == key }
    }

    // MARK: Handlers

    /// The system API first, then the tenant's in creation order; `identifiers` filters.
    /// With `include_totals` the envelope is `{total, start, limit, resource_servers}` in that
    /// order (go-auth0 `TestResourceServer_List.yaml`).
    @Sendable static func list(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let paging = try Paging(call.query)
        let wanted = call.query.strings("identifiers").map(Set.init)
        let items = try call.read { state throws(Auth0Error) -> [JSONValue] in
            ([systemAPI(state)] + state.resourceServers.map(\.json))
                .filter { wanted?.contains($0["identifier"]?.stringValue ?? "") ?? true }
                .map { .object(ReadRoutes.select($0, call.query)) }
        }
        return ManagementRoute.json(200, paging.render(items, key: "resource_servers", totalsFirst: true))
    }

    /// 201 with the API: `id` is 24 hexadecimal digits (recorded), the settings not given take
    /// their defaults. The tenant's Management API identifier is reserved (400, the OpenAPI
    /// document's wording); another API's identifier is 409 (the document's wording).
    @Sendable static func create(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let body = call.body.objectValue ?? [:]
        let identifier = body["identifier"]?.stringValue ?? ""
        let server = try call.mutate { state throws(Auth0Error) -> Auth0ResourceServer in
            if identifier == state.managementAudience {
                throw Auth0Error(status: 400, message: "The selected identifier is reserved.", errorCode: "invalid_body")
            }
            if state.resourceServer(identifier: identifier) != nil {
                throw Auth0Error(status: 409, message: "A resource server with the same identifier already exists.",
                                 errorCode: "resource_server_conflict")
            }
            var settings = defaultSettings
            for (key, value) in body where settingKeys.contains(key) { settings[key] = value }
            let server = Auth0ResourceServer(id: Auth0IDs.hex(), name: body["name"]?.stringValue, identifier: identifier,
                                             scopes: scopeList(body["scopes"]), listsScopes: body["scopes"] != nil, settings: settings)
            state.resourceServers.append(server)
            return server
        }
        return ManagementRoute.json(201, .object(server.json))
    }

    @Sendable static func read(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let key = call.parameter("id")
        let object = try call.read { state throws(Auth0Error) -> JSONObject in
            if isSystemAPI(key, state) { return systemAPI(state) }
            guard let index = find(key, in: state) else { throw notFound }
            return state.resourceServers[index].json
        }
        return ManagementRoute.json(200, .object(ReadRoutes.select(object, call.query)))
    }

    /// Changes the members given; `scopes` replaces the list. A scope no longer defined
    /// leaves every role and user that held it as a permission (see ``Auth0State/removePermissions(where:)``).
    @Sendable static func update(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let key = call.parameter("id")
        let body = call.body.objectValue ?? [:]
        let server = try call.mutate { state throws(Auth0Error) -> Auth0ResourceServer in
            if isSystemAPI(key, state) {
                throw Auth0Error(status: 400, message: "System resource servers cannot be updated.", errorCode: "invalid_body")
            }
            guard let index = find(key, in: state) else { throw notFound }
            var server = state.resourceServers[index]
            if let name = body["name"]?.stringValue { server.name = name }
            if body["scopes"] != nil { server.scopes = scopeList(body["scopes"]); server.listsScopes = true }
            for (k, v) in body where settingKeys.contains(k) { server.settings[k] = v }
            state.resourceServers[index] = server
            let identifier = server.identifier
            let kept = Set(server.scopes.map(\.value))
            state.removePermissions { $0.resourceServerIdentifier == identifier && !kept.contains($0.permissionName) }
            // Client grants keep only scopes the API still defines (inferred, as for permissions).
            for i in state.clientGrants.indices where state.clientGrants[i].audience == identifier {
                state.clientGrants[i].scope.removeAll { !kept.contains($0) }
            }
            return server
        }
        return ManagementRoute.json(200, .object(server.json))
    }

    /// The API and every permission of it that roles and users held go at once; deleting an
    /// API that does not exist is 204 too (recorded). The system API is refused (the document's 400).
    @Sendable static func delete(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let key = call.parameter("id")
        try call.mutate { state throws(Auth0Error) in
            if isSystemAPI(key, state) {
                throw Auth0Error(status: 400, message: "System resource servers cannot be deleted.", errorCode: "invalid_body")
            }
            guard let index = find(key, in: state) else { return }
            let identifier = state.resourceServers[index].identifier
            state.resourceServers.remove(at: index)
            state.removePermissions { $0.resourceServerIdentifier == identifier }
            // Its client grants go too, and with them their organization associations (inferred).
            let grantIDs = Set(state.clientGrants.filter { $0.audience == identifier }.map(\.id))
            state.clientGrants.removeAll { $0.audience == identifier }
            for orgID in state.organizationOrder { state.organizations[orgID]?.clientGrantIDs.removeAll { grantIDs.contains($0) } }
        }
        return ManagementRoute.noContent
    }

    private static func scopeList(_ value: JSONValue?) -> [Auth0ResourceServer.Scope] {
        var seen: Set<String> = []
        return (value?.arrayValue ?? []).compactMap { item in
            guard let v = item["value"]?.stringValue, seen.insert(v).inserted else { return nil }
            return .init(value: v, description: item["description"]?.stringValue ?? "")
        }
    }
}
