import TenantMockCore

/// Reads and writes the `data` member of an `auth0` fixture (documented in `docs/auth0.md`).
///
/// ```json
/// {
///   "domain": "{tenant}.localhost",
///   "signing_secret": "…",
///   "resource_servers": [{"id", "name", "identifier", "scopes": [{"value", "description"}], …settings}],
///   "roles": [{"id": "rol_…", "name", "description", "permissions": [{"resource_server_identifier", "permission_name"}]}],
///   "users": [{"user_id": "auth0|…", "email", "name", …profile, "roles": ["rol_…"], "permissions": [...]}],
///   "organizations": [{"id": "org_…", "name", "display_name", "members": ["auth0|…"], "member_roles": {"auth0|…": ["rol_…"]}}],
///   "clients": [{"client_id", "client_secret", "name", "scopes": [...] | null, "global": true, "grant_types": [...]}],
///   "static_tokens": [{"name", "client_id", "scopes": [...], "issued_at", "expires_at"}],
///   "connections": [{"id", "name", "strategy"}],   (default: Username-Password-Authentication)
///   "client_grants": [{"id", "client_id", "audience", "scope": [...], "subject_type"}]   (APIs of the tenant)
/// }
/// ```
/// Every reference (a role's permission, a user's role, a member) must resolve,
/// and ids are unique, or the fixture is refused with the JSON path of the problem.
enum Auth0FixtureSchema {
    static let topKeys: Set<String> = ["domain", "signing_secret", "resource_servers", "roles", "users",
                                       "organizations", "clients", "static_tokens", "connections", "client_grants"]
    /// The connection a fixture without `connections` has: Auth0's default database connection.
    static let defaultConnections = [Auth0Connection(id: "con_" + Auth0IDs.alphanumeric(from: UserRoutes.defaultConnection),
                                                     name: UserRoutes.defaultConnection, strategy: "auth0")]
    static let defaultDomain = "{tenant}.localhost"
    static let defaultSigningSecret = "tenantmock-auth0"
    /// 2026-01-01T00:00:00Z and 2100-01-01T00:00:00Z: the default lifetime of static tokens.
    static let defaultStaticIssuedAt = 1_767_225_600
    static let defaultStaticExpiresAt = 4_102_444_800
    /// A fixture client's `scopes` may name only the Management API scopes the emulator knows.
    static let knownManagementScopes = Set(Auth0Dialect.managementScopes)

    static func makeState(from data: JSONValue, context c: FixtureContext) throws(FixtureError) -> Auth0State {
        let root = try c.object(data)
        try c.onlyKeys(root, topKeys)
        let domainTemplate = try optionalString(root, "domain", c) ?? defaultDomain
        let signingSeed = try optionalString(root, "signing_secret", c) ?? defaultSigningSecret

        var state = Auth0State(domainTemplate: domainTemplate, domain: domainTemplate, signingSeed: signingSeed,
                               signingKey: [], resourceServers: [], roles: [:], roleOrder: [], users: [:], userOrder: [],
                               organizations: [:], organizationOrder: [], clients: [:], clientOrder: [], staticTokens: [])

        if root["connections"] == nil { state.connections = defaultConnections }
        for (i, value) in try optionalArray(root, "connections", c).enumerated() {
            let cc = c.at("connections").at(i)
            let o = try cc.object(value)
            try cc.onlyKeys(o, ["id", "name", "strategy"])
            let name = try cc.at("name").string(try cc.required(o, "name"))
            if state.connections.contains(where: { $0.name == name }) { throw cc.at("name").error("duplicate connection name \"\(name)\"") }
            let id = try optionalString(o, "id", cc) ?? "con_" + Auth0IDs.alphanumeric(from: name)
            state.connections.append(Auth0Connection(id: id, name: name, strategy: try optionalString(o, "strategy", cc) ?? "auth0"))
        }

        let serversContext = c.at("resource_servers")
        for (i, value) in try optionalArray(root, "resource_servers", c).enumerated() {
            let sc = serversContext.at(i)
            let o = try sc.object(value)
            try sc.onlyKeys(o, Set(["id", "name", "identifier", "scopes"]).union(ResourceServerRoutes.settingKeys))
            let identifier = try sc.at("identifier").string(try sc.required(o, "identifier"))
            if state.resourceServer(identifier: identifier) != nil {
                throw sc.at("identifier").error("duplicate resource server identifier \"\(identifier)\"")
            }
            var scopes: [Auth0ResourceServer.Scope] = []
            for (j, scopeValue) in try optionalArray(o, "scopes", sc).enumerated() {
                let scc = sc.at("scopes").at(j)
                let so = try scc.object(scopeValue)
                try scc.onlyKeys(so, ["value", "description"])
                let value = try scc.at("value").string(try scc.required(so, "value"))
                if scopes.contains(where: { $0.value == value }) { throw scc.at("value").error("duplicate scope \"\(value)\"") }
                let description = try optionalString(so, "description", scc, nonEmpty: false) ?? ""
                scopes.append(.init(value: value, description: description))
            }
            var settings = ResourceServerRoutes.defaultSettings
            for key in ResourceServerRoutes.settingKeys.sorted() {
                if let v = o[key] { settings[key] = v }
            }
            state.resourceServers.append(Auth0ResourceServer(
                id: try sc.at("id").string(try sc.required(o, "id")),
                name: try optionalString(o, "name", sc),
                identifier: identifier, scopes: scopes, listsScopes: o["scopes"] != nil, settings: settings))
        }

        let rolesContext = c.at("roles")
        for (i, value) in try optionalArray(root, "roles", c).enumerated() {
            let rc = rolesContext.at(i)
            let o = try rc.object(value)
            try rc.onlyKeys(o, ["id", "name", "description", "permissions", "type", "owner_id"])
            let id = try rc.at("id").string(try rc.required(o, "id"))
            guard Auth0Formats.isRoleID(id) else { throw rc.at("id").error("a role id is rol_ followed by letters and digits: \"\(id)\"") }
            if state.roles[id] != nil { throw rc.at("id").error("duplicate role id \"\(id)\"") }
            var description: String?
            if let d = o["description"], !d.isNull { description = try rc.at("description").string(d, nonEmpty: false) }
            let permissions = try readPermissions(o, rc, state)
            var role = Auth0Role(id: id, name: try rc.at("name").string(try rc.required(o, "name")),
                                 description: description, permissions: permissions)
            switch try optionalString(o, "type", rc) ?? "tenant" {
            case "tenant":
                if o["owner_id"] != nil { throw rc.at("owner_id").error("only an organization role has an owner_id") }
            case "organization":
                role.ownerID = try rc.at("owner_id").string(try rc.required(o, "owner_id"))
            case let other:
                throw rc.at("type").error("expected \"tenant\" or \"organization\", found \"\(other)\"")
            }
            state.roles[id] = role
            state.roleOrder.append(id)
        }

        let usersContext = c.at("users")
        for (i, value) in try optionalArray(root, "users", c).enumerated() {
            let uc = usersContext.at(i)
            var profile = try uc.object(value)
            let id = try uc.at("user_id").string(try uc.required(profile, "user_id"))
            if state.users[id] != nil { throw uc.at("user_id").error("duplicate user id \"\(id)\"") }
            let permissions = try readPermissions(profile, uc, state)
            var roles: Set<String> = []
            for (j, roleValue) in try optionalArray(profile, "roles", uc).enumerated() {
                let roleID = try uc.at("roles").at(j).string(roleValue)
                guard state.roles[roleID] != nil else { throw uc.at("roles").at(j).error("no role with id \"\(roleID)\"") }
                roles.insert(roleID)
            }
            profile["roles"] = nil
            profile["permissions"] = nil
            state.users[id] = Auth0User(id: id, profile: profile, roles: roles, permissions: permissions)
            state.userOrder.append(id)
        }

        let orgsContext = c.at("organizations")
        for (i, value) in try optionalArray(root, "organizations", c).enumerated() {
            let oc = orgsContext.at(i)
            let o = try oc.object(value)
            // Other members are the organization's own settings, as the API keeps them (a snapshot round-trips).
            let id = try oc.at("id").string(try oc.required(o, "id"))
            if state.organizations[id] != nil { throw oc.at("id").error("duplicate organization id \"\(id)\"") }
            let name = try oc.at("name").string(try oc.required(o, "name"))
            var members: [String] = []
            for (j, m) in try optionalArray(o, "members", oc).enumerated() {
                let userID = try oc.at("members").at(j).string(m)
                guard state.users[userID] != nil else { throw oc.at("members").at(j).error("no user with id \"\(userID)\"") }
                if !members.contains(userID) { members.append(userID) }
            }
            var memberRoles: [String: [String]] = [:]
            if let mr = o["member_roles"] {
                let mrc = oc.at("member_roles")
                for (userID, rolesValue) in try mrc.object(mr) {
                    guard state.users[userID] != nil else { throw mrc.at(userID).error("no user with id \"\(userID)\"") }
                    var roleIDs: [String] = []
                    for (j, r) in try mrc.at(userID).array(rolesValue).enumerated() {
                        let roleID = try mrc.at(userID).at(j).string(r)
                        guard state.roles[roleID] != nil else { throw mrc.at(userID).at(j).error("no role with id \"\(roleID)\"") }
                        if !roleIDs.contains(roleID) { roleIDs.append(roleID) }
                    }
                    memberRoles[userID] = roleIDs
                }
            }
            let displayName = try optionalString(o, "display_name", oc) ?? name
            var settings = JSONObject()
            if let branding = o["branding"] { settings["branding"] = .object(try oc.at("branding").object(branding)) }
            if let metadata = o["metadata"] { settings["metadata"] = .object(try oc.at("metadata").object(metadata)) }
            settings.merge(o.filter(keys: { !OrganizationRoutes.reservedKeys.contains($0) && !["member_roles", "branding", "metadata"].contains($0) }))
            var enabled: [JSONObject] = []
            for (j, value) in try optionalArray(o, "enabled_connections", oc).enumerated() {
                let ec = oc.at("enabled_connections").at(j)
                let e = try ec.object(value)
                try ec.onlyKeys(e, ["connection_id", "assign_membership_on_login", "show_as_button", "is_signup_enabled"])
                let connectionID = try ec.at("connection_id").string(try ec.required(e, "connection_id"))
                guard state.connections.contains(where: { $0.id == connectionID }) else {
                    throw ec.at("connection_id").error("no connection with id \"\(connectionID)\"")
                }
                enabled.append(OrganizationConnectionRoutes.defaults(e))
            }
            var org = Auth0Organization(id: id, name: name, displayName: displayName,
                                        members: members, memberRoles: memberRoles, settings: settings)
            org.enabledConnections = enabled
            // Checked once the client grants are read (they come later in the document).
            org.clientGrantIDs = try optionalArray(o, "client_grants", oc).enumerated().map { j, v throws(FixtureError) in
                try oc.at("client_grants").at(j).string(v)
            }
            org.invitations = try optionalArray(o, "invitations", oc).enumerated().map { j, v throws(FixtureError) in
                try oc.at("invitations").at(j).object(v)
            }
            state.organizations[id] = org
            state.organizationOrder.append(id)
        }

        // Organizations come after roles in the document: an organization role's owner is checked here.
        for (i, roleID) in state.roleOrder.enumerated() {
            if let owner = state.roles[roleID]?.ownerID, state.organizations[owner] == nil {
                throw rolesContext.at(i).at("owner_id").error("no organization with id \"\(owner)\"")
            }
        }

        let clientsContext = c.at("clients")
        for (i, value) in try optionalArray(root, "clients", c).enumerated() {
            let cc = clientsContext.at(i)
            let o = try cc.object(value)
            // Other members are the client's own settings, as the API keeps them (a snapshot round-trips).
            let id = try cc.at("client_id").string(try cc.required(o, "client_id"))
            if state.clients[id] != nil { throw cc.at("client_id").error("duplicate client id \"\(id)\"") }
            var scopes: [String]?
            if let s = o["scopes"], !s.isNull {
                scopes = try stringArray(s, cc.at("scopes"))
                // A snapshot keeps what `POST /client-grants` kept; an authored fixture names known scopes.
                if !c.isSnapshot, let j = scopes?.firstIndex(where: { !knownManagementScopes.contains($0) }) {
                    throw cc.at("scopes").at(j).error("\"\(scopes![j])\" is not a Management API scope the emulator knows: "
                        + "the known ones are those its operations accept, listed per route in docs/auth0.md "
                        + "and in the OpenAPI document (GET /openapi.json?dialect=auth0, each operation's x-scopes)")
                }
            }
            let grantTypes = try o["grant_types"].map { v throws(FixtureError) in try stringArray(v, cc.at("grant_types")) }
            state.clients[id] = Auth0Client(
                id: id, secret: try cc.at("client_secret").string(try cc.required(o, "client_secret")),
                name: try optionalString(o, "name", cc) ?? id, managementScopes: scopes,
                isGlobal: try o["global"].map { v throws(FixtureError) in try cc.at("global").bool(v) } ?? true,
                grantTypes: grantTypes ?? ["client_credentials"],
                managementGrantID: try optionalString(o, "management_grant_id", cc),
                settings: o.filter(keys: { !["client_id", "client_secret", "name", "scopes", "global", "grant_types", "management_grant_id", "tenant"].contains($0) }))
            state.clientOrder.append(id)
        }

        for (i, value) in try optionalArray(root, "client_grants", c).enumerated() {
            let gc = c.at("client_grants").at(i)
            let o = try gc.object(value)
            let clientID = try gc.at("client_id").string(try gc.required(o, "client_id"))
            guard state.clients[clientID] != nil else { throw gc.at("client_id").error("no client with id \"\(clientID)\"") }
            let audience = try gc.at("audience").string(try gc.required(o, "audience"))
            guard state.resourceServer(identifier: audience) != nil else {
                throw gc.at("audience").error("no resource server with identifier \"\(audience)\" (the Management API's grant is the client's \"scopes\")")
            }
            if state.clientGrants.contains(where: { $0.clientID == clientID && $0.audience == audience }) {
                throw gc.at("audience").error("client \"\(clientID)\" already has a grant for \"\(audience)\"")
            }
            // Scopes the API does not define are kept, as `POST /client-grants` keeps them (a snapshot round-trips).
            let scope = try stringArray(try gc.required(o, "scope"), gc.at("scope"))
            var grantSettings: JSONObject = ["subject_type": .string(try optionalString(o, "subject_type", gc) ?? "client")]
            grantSettings.merge(o.filter(keys: { !ClientGrantRoutes.reservedKeys.contains($0) }))
            state.clientGrants.append(Auth0ClientGrant(
                id: try optionalString(o, "id", gc) ?? "cgr_" + Auth0IDs.alphanumeric(from: "grant:\(clientID):\(audience)"),
                clientID: clientID, audience: audience, scope: scope, settings: grantSettings))
        }

        for (i, orgID) in state.organizationOrder.enumerated() {
            for (j, grantID) in (state.organizations[orgID]?.clientGrantIDs ?? []).enumerated()
            where ClientGrantRoutes.grant(grantID, in: state) == nil {
                throw orgsContext.at(i).at("client_grants").at(j).error("no client grant with id \"\(grantID)\"")
            }
        }

        let tokensContext = c.at("static_tokens")
        for (i, value) in try optionalArray(root, "static_tokens", c).enumerated() {
            let tc = tokensContext.at(i)
            let o = try tc.object(value)
            try tc.onlyKeys(o, ["name", "client_id", "scopes", "issued_at", "expires_at"])
            let name = try tc.at("name").string(try tc.required(o, "name"))
            if state.staticTokens.contains(where: { $0.name == name }) { throw tc.at("name").error("duplicate static token \"\(name)\"") }
            let clientID = try tc.at("client_id").string(try tc.required(o, "client_id"))
            guard state.clients[clientID] != nil else { throw tc.at("client_id").error("no client with id \"\(clientID)\"") }
            let issuedAt = try o["issued_at"].map { v throws(FixtureError) in try tc.at("issued_at").int(v) } ?? defaultStaticIssuedAt
            let expiresAt = try o["expires_at"].map { v throws(FixtureError) in try tc.at("expires_at").int(v) } ?? defaultStaticExpiresAt
            guard expiresAt > issuedAt else { throw tc.at("expires_at").error("must be later than issued_at (\(issuedAt))") }
            let scopes = try stringArray(try tc.required(o, "scopes"), tc.at("scopes"))
            // A token is issued from its client's grant: no scope beyond it. (A snapshot may hold a
            // token issued before its client's grant was narrowed or deleted; tokens keep theirs.)
            let granted = Set(state.clients[clientID]?.managementScopes ?? [])
            if !c.isSnapshot, let j = scopes.firstIndex(where: { !granted.contains($0) }) {
                throw tc.at("scopes").at(j).error(state.clients[clientID]?.managementScopes == nil
                    ? "client \"\(clientID)\" has no Management API grant (its \"scopes\" are null or missing), so it was never granted \"\(scopes[j])\""
                    : "client \"\(clientID)\" was never granted \"\(scopes[j])\" (not in its \"scopes\")")
            }
            state.staticTokens.append(Auth0StaticToken(
                name: name, clientID: clientID, scopes: scopes, issuedAt: issuedAt, expiresAt: expiresAt))
        }
        return state
    }

    /// The `data` member that recreates `state` (assignments as they are now).
    static func snapshot(of state: Auth0State) -> JSONValue {
        var root: JSONObject = ["domain": .string(state.domainTemplate), "signing_secret": .string(state.signingSeed)]
        root["connections"] = .array(state.connections.map {
            ["id": .string($0.id), "name": .string($0.name), "strategy": .string($0.strategy)]
        })
        root["resource_servers"] = .array(state.resourceServers.map { rs in
            .object(rs.json)
        })
        root["roles"] = .array(state.roleOrder.compactMap { state.roles[$0] }.map { role in
            var o = role.json.objectValue ?? [:]
            if let owner = role.ownerID { o["type"] = "organization"; o["owner_id"] = .string(owner) }
            o["permissions"] = .array(role.permissions.sorted().map(\.json))
            return .object(o)
        })
        root["users"] = .array(state.userOrder.compactMap { state.users[$0] }.map { user in
            var o = user.profile
            o["roles"] = .array(user.roles.sorted().map(JSONValue.string))
            o["permissions"] = .array(user.permissions.sorted().map(\.json))
            return .object(o)
        })
        root["organizations"] = .array(state.organizationOrder.compactMap { state.organizations[$0] }.map { org in
            var memberRoles = JSONObject()
            for userID in org.memberRoles.keys.sorted() {
                memberRoles[userID] = .array((org.memberRoles[userID] ?? []).map(JSONValue.string))
            }
            var o = org.json
            if !org.enabledConnections.isEmpty { o["enabled_connections"] = .array(org.enabledConnections.map(JSONValue.object)) }
            if !org.clientGrantIDs.isEmpty { o["client_grants"] = .array(org.clientGrantIDs.map(JSONValue.string)) }
            if !org.invitations.isEmpty { o["invitations"] = .array(org.invitations.map(JSONValue.object)) }
            o["members"] = .array(org.members.map(JSONValue.string))
            o["member_roles"] = .object(memberRoles)
            return .object(o)
        })
        root["clients"] = .array(state.clientOrder.compactMap { state.clients[$0] }.map { client in
            var o: JSONObject = ["client_id": .string(client.id), "client_secret": .string(client.secret), "name": .string(client.name),
                                 "scopes": client.managementScopes.map { .array($0.map(JSONValue.string)) } ?? .null,
                                 "global": .bool(client.isGlobal), "grant_types": .array(client.grantTypes.map(JSONValue.string)),
                                 "management_grant_id": .string(client.managementGrantID)]
            o.merge(client.settings)
            return .object(o)
        })
        root["client_grants"] = .array(state.clientGrants.map { grant in
            var o: JSONObject = ["id": .string(grant.id), "client_id": .string(grant.clientID), "audience": .string(grant.audience),
                                 "scope": .array(grant.scope.map(JSONValue.string))]
            o.merge(grant.settings)
            return .object(o)
        })
        root["static_tokens"] = .array(state.staticTokens.map { t in
            ["name": .string(t.name), "client_id": .string(t.clientID), "scopes": .array(t.scopes.map(JSONValue.string)),
             "issued_at": .int(t.issuedAt), "expires_at": .int(t.expiresAt)]
        })
        return .object(root)
    }

    // MARK: Helpers

    private static func readPermissions(_ o: JSONObject, _ c: FixtureContext, _ state: Auth0State) throws(FixtureError) -> Set<Auth0Permission> {
        var out: Set<Auth0Permission> = []
        for (j, value) in try optionalArray(o, "permissions", c).enumerated() {
            let pc = c.at("permissions").at(j)
            let po = try pc.object(value)
            try pc.onlyKeys(po, ["resource_server_identifier", "permission_name"])
            let identifier = try pc.at("resource_server_identifier").string(try pc.required(po, "resource_server_identifier"))
            let name = try pc.at("permission_name").string(try pc.required(po, "permission_name"))
            guard let server = state.resourceServer(identifier: identifier) else {
                throw pc.at("resource_server_identifier").error("no resource server with identifier \"\(identifier)\"")
            }
            guard server.scope(name) != nil else {
                throw pc.at("permission_name").error("resource server \"\(identifier)\" defines no scope \"\(name)\"")
            }
            out.insert(Auth0Permission(resourceServerIdentifier: identifier, permissionName: name))
        }
        return out
    }

    private static func optionalArray(_ o: JSONObject, _ key: String, _ c: FixtureContext) throws(FixtureError) -> [JSONValue] {
        guard let v = o[key] else { return [] }
        return try c.at(key).array(v)
    }

    private static func optionalString(_ o: JSONObject, _ key: String, _ c: FixtureContext, nonEmpty: Bool = true) throws(FixtureError) -> String? {
        guard let v = o[key] else { return nil }
        return try c.at(key).string(v, nonEmpty: nonEmpty)
    }

    private static func stringArray(_ value: JSONValue, _ c: FixtureContext) throws(FixtureError) -> [String] {
        var out: [String] = []
        for (i, v) in try c.array(value).enumerated() { out.append(try c.at(i).string(v)) }
        return out
    }
}
