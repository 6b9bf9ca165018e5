import TenantMockCore

/// The connections an organization's members log in with:
/// `/api/v2/organizations/{id}/enabled_connections[/{connectionId}]` (answers recorded in
/// go-auth0 v1.45.0 `test/data/recordings/TestOrganizationManager_{AddConnection,Connection,Connections,UpdateConnection,DeleteConnection}.yaml`)
/// and the newer `/api/v2/organizations/{id}/connections[/{connectionId}]` over the same entries
/// (terraform-provider-auth0 `test/data/recordings/TestAccOrganizationConnection.yaml`, 2026-04),
/// and the tenant's connections themselves, `/api/v2/connections[/{id}]` (a minimal model:
/// id, name, strategy).
enum OrganizationConnectionRoutes {
    static let properties: [(String, BodySchema)] = [
        ("assign_membership_on_login", .boolean(description: "When true, all users that log in with this connection will be automatically granted membership in the organization. When false, users must be granted membership in the organization before logging in with this connection.")),
        ("is_signup_enabled", .boolean(description: "Determines whether organization signup should be enabled for this organization connection. Only applicable for database connections. Default: false.")),
        ("show_as_button", .boolean(description: "Determines whether a connection should be displayed on this organization’s login prompt. Only applicable for enterprise connections. Default: true.")),
    ]
    static let connectionPath = [OrganizationPath.parameter, PathParameter("connectionId", "Connection identifier.")]
    /// The members the 2026 API adds.
    static let modernProperties: [(String, BodySchema)] = [
        ("is_enabled", .boolean(description: "Whether the connection is enabled for the organization.")),
        ("organization_access_level", .string(allowed: ["none", "readonly", "limited", "full"],
                                              description: "The organization's access level to the connection.")),
    ]
    static let isEnabled = QueryParameter(name: "is_enabled", kind: .boolean, description: "Filter on whether the connection is enabled.")

    static var operations: [Auth0Operation] {
        let item = Auth0OpenAPI.ref("OrganizationConnection")
        return [
            .management("GET", "/organizations/{id}/enabled_connections", id: "get_enabled_connections",
                        summary: "Get an organization's connections", scopes: .anyOf("read:organization_connections"),
                        rejectsNonGlobalClients: true, pathParameters: [OrganizationPath.parameter],
                        query: [.pageTo1000, .perPageDefaults, .includeTotals],
                        success: .init(status: 200, description: "Connections successfully retrieved.",
                                       schema: Auth0OpenAPI.paged("enabled_connections", of: item)),
                        errors: Auth0OpenAPI.standardErrors, handler: list),
            .management("POST", "/organizations/{id}/enabled_connections", id: "post_enabled_connections",
                        summary: "Enable a connection for an organization", scopes: .anyOf("create:organization_connections"),
                        rejectsNonGlobalClients: true, pathParameters: [OrganizationPath.parameter],
                        body: .object([("connection_id", .string(minLength: 1, description: "Single connection ID to add to the organization."))] + properties,
                                      required: ["connection_id"]),
                        success: .init(status: 201, description: "Organization connection successfully added.", schema: item),
                        errors: Auth0OpenAPI.bodyErrors + [409], handler: add),
            .management("GET", "/organizations/{id}/enabled_connections/{connectionId}", id: "get_enabled_connections_by_connectionId",
                        summary: "Get an organization's connection", scopes: .anyOf("read:organization_connections"),
                        rejectsNonGlobalClients: true, pathParameters: connectionPath,
                        success: .init(status: 200, description: "Connection successfully retrieved.", schema: item),
                        errors: Auth0OpenAPI.standardErrors, handler: read),
            .management("PATCH", "/organizations/{id}/enabled_connections/{connectionId}", id: "patch_enabled_connections_by_connectionId",
                        summary: "Modify an organization's connection", scopes: .anyOf("update:organization_connections"),
                        rejectsNonGlobalClients: true, pathParameters: connectionPath, body: .object(properties),
                        success: .init(status: 200, description: "Organization connection successfully updated.", schema: item),
                        errors: Auth0OpenAPI.bodyErrors, handler: update),
            .management("DELETE", "/organizations/{id}/enabled_connections/{connectionId}", id: "delete_enabled_connections_by_connectionId",
                        summary: "Disable a connection for an organization", scopes: .anyOf("delete:organization_connections"),
                        rejectsNonGlobalClients: true, pathParameters: connectionPath,
                        success: .init(status: 204, description: "Connection successfully removed from organization."),
                        errors: Auth0OpenAPI.standardErrors, handler: remove),
            .management("GET", "/organizations/{id}/connections", id: "get_organization_connections",
                        summary: "Get an organization's connections (2026 API)", scopes: .anyOf("read:organization_connections"),
                        rejectsNonGlobalClients: true, pathParameters: [OrganizationPath.parameter],
                        query: [.pageTo1000, .perPageDefaults, .includeTotals, isEnabled],
                        success: .init(status: 200, description: "Connections successfully retrieved.",
                                       schema: Auth0OpenAPI.paged("connections", of: item)),
                        errors: Auth0OpenAPI.standardErrors, handler: listModern),
            .management("POST", "/organizations/{id}/connections", id: "post_organization_connections",
                        summary: "Add a connection to an organization (2026 API)", scopes: .anyOf("create:organization_connections"),
                        rejectsNonGlobalClients: true, pathParameters: [OrganizationPath.parameter],
                        body: .object([("connection_id", .string(minLength: 1, description: "Single connection ID to add to the organization."))]
                                      + properties + modernProperties, required: ["connection_id"]),
                        success: .init(status: 201, description: "Organization connection successfully added.", schema: item),
                        errors: Auth0OpenAPI.bodyErrors + [409], handler: addModern),
            .management("GET", "/organizations/{id}/connections/{connectionId}", id: "get_organization_connections_by_connectionId",
                        summary: "Get an organization's connection (2026 API)", scopes: .anyOf("read:organization_connections"),
                        rejectsNonGlobalClients: true, pathParameters: connectionPath,
                        success: .init(status: 200, description: "Connection successfully retrieved.", schema: item),
                        errors: Auth0OpenAPI.standardErrors, handler: readModern),
            .management("PATCH", "/organizations/{id}/connections/{connectionId}", id: "patch_organization_connections_by_connectionId",
                        summary: "Modify an organization's connection (2026 API)", scopes: .anyOf("update:organization_connections"),
                        rejectsNonGlobalClients: true, pathParameters: connectionPath, body: .object(properties + modernProperties),
                        success: .init(status: 200, description: "Organization connection successfully updated.", schema: item),
                        errors: Auth0OpenAPI.bodyErrors, handler: updateModern),
            .management("DELETE", "/organizations/{id}/connections/{connectionId}", id: "delete_organization_connections_by_connectionId",
                        summary: "Remove a connection from an organization (2026 API)", scopes: .anyOf("delete:organization_connections"),
                        rejectsNonGlobalClients: true, pathParameters: connectionPath,
                        success: .init(status: 204, description: "Connection successfully removed from organization."),
                        errors: Auth0OpenAPI.standardErrors, handler: remove),
            .management("GET", "/connections", id: "get_connections", summary: "Get connections",
                        scopes: .anyOf("read:connections"), rejectsNonGlobalClients: true,
                        query: [.perPage, .pageUnbounded, .includeTotals, strategy, name, ReadRoutes.fields, ReadRoutes.includeFields],
                        success: .init(status: 200, description: "The connections were retrieved.",
                                       schema: Auth0OpenAPI.paged("connections", of: Auth0OpenAPI.ref("Connection"))),
                        errors: [400, 401, 403, 429], handler: listConnections),
            .management("GET", "/connections/{id}", id: "get_connections_by_id", summary: "Get a connection",
                        scopes: .anyOf("read:connections"), rejectsNonGlobalClients: true,
                        pathParameters: [PathParameter("id", "The id of the connection to retrieve")],
                        query: [ReadRoutes.fields, ReadRoutes.includeFields],
                        success: .init(status: 200, description: "The connection was retrieved.", schema: Auth0OpenAPI.ref("Connection")),
                        errors: Auth0OpenAPI.standardErrors, handler: readConnection),
        ]
    }

    static let strategy = QueryParameter(name: "strategy", kind: .string(maxLength: nil),
                                         description: "Provide strategies to only retrieve connections with such strategies")
    static let name = QueryParameter(name: "name", kind: .string(maxLength: nil), description: "Provide the name of the connection to retrieve")

    /// A stored entry with Auth0's defaults for what the request left out (inferred:
    /// `assign_membership_on_login` false, `show_as_button` true, as the property docs say).
    static func defaults(_ body: JSONObject) -> JSONObject {
        var o: JSONObject = ["connection_id": body["connection_id"] ?? "",
                             "assign_membership_on_login": body["assign_membership_on_login"] ?? false,
                             "show_as_button": body["show_as_button"] ?? true]
        if let signup = body["is_signup_enabled"] { o["is_signup_enabled"] = signup }
        for key in ["is_enabled", "organization_access_level"] { if let v = body[key] { o[key] = v } }
        return o
    }

    /// An entry as Auth0 answers it: the stored members and `connection: {name, strategy}` (recorded).
    static func json(_ entry: JSONObject, in state: Auth0State) -> JSONObject {
        var o = entry
        if let connection = state.connections.first(where: { $0.id == entry["connection_id"]?.stringValue }) {
            o["connection"] = ["name": .string(connection.name), "strategy": .string(connection.strategy)]
        }
        return o
    }

    static let notEnabled = Auth0Error(status: 404, message: "No connection found by that id")

    /// With `include_totals` the envelope's `limit` is the number of items answered, as recorded
    /// (`TestOrganizationManager_Connections.yaml`: `"limit":1` for `per_page=50` and one connection).
    @Sendable static func list(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let id = call.parameter("id")
        let paging = try Paging(call.query)
        let items = try call.read { state throws(Auth0Error) -> [JSONValue] in
            guard let org = state.organizations[id] else { throw .organizationNotFound }
            return org.enabledConnections.map { .object(json($0, in: state)) }
        }
        let page = paging.render(items, key: "enabled_connections")
        guard case .object(var envelope) = page else { return ManagementRoute.json(200, page) }
        envelope["limit"] = .int(envelope["enabled_connections"]?.arrayValue?.count ?? 0)
        return ManagementRoute.json(200, .object(envelope))
    }

    /// 201 with the entry (recorded). The connection must be one of the tenant's (404 `No
    /// connection found by that id`, the recorded wording of the entry routes) and not enabled
    /// already (409, inferred wording).
    /// How an entry is answered: ``json(_:in:)`` by the older routes, ``modernJSON(_:in:)`` by the 2026 ones.
    typealias Render = (JSONObject, Auth0State) -> JSONObject

    @Sendable static func add(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse { try add(call, render: json) }
    @Sendable static func read(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse { try read(call, render: json) }
    @Sendable static func update(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse { try update(call, render: json) }

    private static func add(_ call: ManagementCall, render: Render) throws(Auth0Error) -> HTTPResponse {
        let id = call.parameter("id")
        let body = call.body.objectValue ?? [:]
        let connectionID = body["connection_id"]?.stringValue ?? ""
        let entry = try call.mutate { state throws(Auth0Error) -> JSONObject in
            guard state.organizations[id] != nil else { throw .organizationNotFound }
            guard state.connections.contains(where: { $0.id == connectionID }) else { throw notEnabled }
            if state.organizations[id]!.enabledConnections.contains(where: { $0["connection_id"]?.stringValue == connectionID }) {
                throw Auth0Error(status: 409, message: "The connection is already enabled for this organization.")
            }
            let entry = defaults(body)
            state.organizations[id]!.enabledConnections.append(entry)
            return render(entry, state)
        }
        return ManagementRoute.json(201, .object(entry))
    }

    private static func read(_ call: ManagementCall, render: Render) throws(Auth0Error) -> HTTPResponse {
        let id = call.parameter("id"), connectionID = call.parameter("connectionId")
        let entry = try call.read { state throws(Auth0Error) -> JSONObject in
            guard let org = state.organizations[id] else { throw .organizationNotFound }
            guard let entry = org.enabledConnections.first(where: { $0["connection_id"]?.stringValue == connectionID }) else { throw notEnabled }
            return render(entry, state)
        }
        return ManagementRoute.json(200, .object(entry))
    }

    private static func update(_ call: ManagementCall, render: Render) throws(Auth0Error) -> HTTPResponse {
        let id = call.parameter("id"), connectionID = call.parameter("connectionId")
        let body = call.body.objectValue ?? [:]
        let entry = try call.mutate { state throws(Auth0Error) -> JSONObject in
            guard state.organizations[id] != nil else { throw .organizationNotFound }
            guard let index = state.organizations[id]!.enabledConnections.firstIndex(where: { $0["connection_id"]?.stringValue == connectionID })
            else { throw notEnabled }
            for (k, v) in body { state.organizations[id]!.enabledConnections[index][k] = v }
            return render(state.organizations[id]!.enabledConnections[index], state)
        }
        return ManagementRoute.json(200, .object(entry))
    }

    /// 204 (recorded); a connection that is not enabled is 404 (inferred from the GET's).
    @Sendable static func remove(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let id = call.parameter("id"), connectionID = call.parameter("connectionId")
        try call.mutate { state throws(Auth0Error) in
            guard state.organizations[id] != nil else { throw .organizationNotFound }
            guard state.organizations[id]!.enabledConnections.contains(where: { $0["connection_id"]?.stringValue == connectionID })
            else { throw notEnabled }
            state.organizations[id]!.enabledConnections.removeAll { $0["connection_id"]?.stringValue == connectionID }
        }
        return ManagementRoute.noContent
    }

    // MARK: The 2026 API

    /// An entry as the 2026 routes answer it: `connection_id`, `is_signup_enabled` (database
    /// connections), `assign_membership_on_login`, `show_as_button`, `is_enabled`,
    /// `organization_access_level`, `connection` (recorded member order and defaults).
    static func modernJSON(_ entry: JSONObject, in state: Auth0State) -> JSONObject {
        let connection = state.connections.first { $0.id == entry["connection_id"]?.stringValue }
        var o: JSONObject = ["connection_id": entry["connection_id"] ?? ""]
        if let signup = entry["is_signup_enabled"] { o["is_signup_enabled"] = signup }
        else if connection?.strategy == "auth0" { o["is_signup_enabled"] = false }
        o.merge(["assign_membership_on_login": entry["assign_membership_on_login"] ?? false, "show_as_button": entry["show_as_button"] ?? true,
                 "is_enabled": entry["is_enabled"] ?? true, "organization_access_level": entry["organization_access_level"] ?? "none"])
        if let connection { o["connection"] = ["name": .string(connection.name), "strategy": .string(connection.strategy)] }
        return o
    }

    /// `{connections, start, limit, total}` (recorded); `is_enabled` filters.
    @Sendable static func listModern(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let id = call.parameter("id")
        let paging = try Paging(call.query)
        let enabled = call.query.bool("is_enabled")
        let items = try call.read { state throws(Auth0Error) -> [JSONValue] in
            guard let org = state.organizations[id] else { throw .organizationNotFound }
            return org.enabledConnections.map { modernJSON($0, in: state) }
                .filter { enabled == nil || $0["is_enabled"]?.boolValue == enabled }.map(JSONValue.object)
        }
        return ManagementRoute.json(200, paging.render(items, key: "connections"))
    }

    @Sendable static func addModern(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse { try add(call, render: modernJSON) }
    @Sendable static func readModern(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse { try read(call, render: modernJSON) }
    @Sendable static func updateModern(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse { try update(call, render: modernJSON) }

    // MARK: Connections

    /// `{id, options, strategy, name, is_domain_connection, realms}` (the recorded member order of
    /// terraform-provider-auth0's connection answers; options are empty in this minimal model).
    static func connectionJSON(_ c: Auth0Connection) -> JSONObject {
        ["id": .string(c.id), "options": [:], "strategy": .string(c.strategy), "name": .string(c.name),
         "is_domain_connection": false, "realms": [.string(c.name)]]
    }

    @Sendable static func listConnections(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let paging = try Paging(call.query)
        let strategy = call.query.string("strategy"), name = call.query.string("name")
        let items = try call.read { state throws(Auth0Error) -> [JSONValue] in
            state.connections.filter { (strategy == nil || $0.strategy == strategy) && (name == nil || $0.name == name) }
                .map { .object(ReadRoutes.select(connectionJSON($0), call.query)) }
        }
        return ManagementRoute.json(200, paging.render(items, key: "connections"))
    }

    /// Unknown id → 404 `The connection does not exist` (`inexistent_connection`, recorded in
    /// terraform-provider-auth0's recordings).
    @Sendable static func readConnection(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let id = call.parameter("id")
        let object = try call.read { state throws(Auth0Error) -> JSONObject in
            guard let c = state.connections.first(where: { $0.id == id }) else {
                throw Auth0Error(status: 404, message: "The connection does not exist", errorCode: "inexistent_connection")
            }
            return connectionJSON(c)
        }
        return ManagementRoute.json(200, .object(ReadRoutes.select(object, call.query)))
    }
}
