import TenantMockCore

/// Reads and writes the `data` member of a `crux` fixture.
///
/// ```json
/// {
///   "permissions": [{"uuid", "name", "display_name", "description", "visibility", "grouping"}],
///   "organizations": [{
///     "uuid", "name", "org_type", "status", "created_date", "active_date", "website",
///     "retailer_uuid", "supplier_uuid", "account_manager",
///     "users": [{
///       "uuid", "person": {"uuid", "first_name", "last_name", "email", "phone", "job_title"},
///       "status", "username", "password", "permissions": ["<permission uuid>", …],
///       "api_tokens": [{"key", "expires_at"}]
///     }]
///   }]
/// }
/// ```
/// The API has no endpoint that creates users or organizations (the Organization
/// section of CruxConnect/crux-docs @0e3e39a lists none),
/// so everything is seeded here. Optional members: `active_date`, `website`,
/// `retailer_uuid`, `supplier_uuid`, `account_manager` (null when absent);
/// `status` (`ACTIVE`), `username` (the person's e-mail), `password` (no login),
/// `phone`, `job_title`, `api_tokens`, `expires_at` (a static token).
enum CruxFixtureSchema {
    static let orgTypes: Set<String> = ["RETAILER", "SUPPLIER"]
    static let visibilities: Set<String> = ["RETAILER", "SUPPLIER", "BOTH"]
    static let orgStatuses: Set<String> = ["PENDING", "ACTIVE", "DEACTIVATED"]
    static let userStatuses: Set<String> = ["CONFIRMATION WAITING", "ACTIVE", "DEACTIVATED"]

    // MARK: Reading

    static func state(from data: JSONValue, context: FixtureContext) throws(FixtureError) -> CruxState {
        let root = try context.object(data)
        try context.onlyKeys(root, ["permissions", "organizations"])

        var permissions: [CruxPermission] = []
        var permissionNames: Set<String> = []
        let permissionsContext = context.at("permissions")
        for (i, value) in try permissionsContext.array(try context.required(root, "permissions")).enumerated() {
            let c = permissionsContext.at(i)
            let p = try permission(value, c)
            if permissions.contains(where: { $0.uuid == p.uuid }) { throw c.at("uuid").error("duplicate permission uuid \(p.uuid)") }
            if !permissionNames.insert(p.name).inserted { throw c.at("name").error("duplicate permission name \(p.name)") }
            permissions.append(p)
        }

        var organizations: [CruxOrganization] = []
        var users: [CruxUser] = []
        var tokens: [CruxToken] = []
        let orgsContext = context.at("organizations")
        for (i, value) in try orgsContext.array(try context.required(root, "organizations")).enumerated() {
            let c = orgsContext.at(i)
            let (org, orgUsers, orgTokens) = try organization(value, c, permissions: permissions)
            if organizations.contains(where: { $0.uuid == org.uuid }) {
                throw c.at("uuid").error("duplicate organization uuid \(org.uuid)")
            }
            for (j, user) in orgUsers.enumerated() {
                let uc = c.at("users").at(j)
                if users.contains(where: { $0.uuid == user.uuid }) { throw uc.at("uuid").error("duplicate user uuid \(user.uuid)") }
                if users.contains(where: { $0.username == user.username }) {
                    throw uc.at("username").error("duplicate username \"\(user.username)\"")
                }
                users.append(user)
            }
            for token in orgTokens {
                if tokens.contains(where: { $0.key == token.key }) {
                    throw c.at("users").error("duplicate api token \(token.key)")
                }
                tokens.append(token)
            }
            organizations.append(org)
        }
        return CruxState(permissions: permissions, organizations: organizations, users: users, tokens: tokens)
    }

    static func permission(_ value: JSONValue, _ c: FixtureContext) throws(FixtureError) -> CruxPermission {
        let o = try c.object(value)
        try c.onlyKeys(o, ["uuid", "name", "display_name", "description", "visibility", "grouping"])
        let visibility = try c.at("visibility").string(try c.required(o, "visibility"))
        guard visibilities.contains(visibility) else {
            throw c.at("visibility").error("expected one of BOTH, RETAILER, SUPPLIER, found \"\(visibility)\"")
        }
        return CruxPermission(
            uuid: try uuid(o, "uuid", c),
            name: try c.at("name").string(try c.required(o, "name")),
            displayName: try c.at("display_name").string(try c.required(o, "display_name"), nonEmpty: false),
            description: try c.at("description").string(try c.required(o, "description"), nonEmpty: false),
            visibility: visibility,
            grouping: try c.at("grouping").string(try c.required(o, "grouping"), nonEmpty: false))
    }

    static func organization(_ value: JSONValue, _ c: FixtureContext, permissions: [CruxPermission])
        throws(FixtureError) -> (CruxOrganization, [CruxUser], [CruxToken])
    {
        let o = try c.object(value)
        try c.onlyKeys(o, ["uuid", "name", "org_type", "status", "created_date", "active_date", "website",
                           "retailer_uuid", "supplier_uuid", "account_manager", "users"])
        let orgType = try c.at("org_type").string(try c.required(o, "org_type"))
        guard orgTypes.contains(orgType) else {
            throw c.at("org_type").error("expected RETAILER or SUPPLIER, found \"\(orgType)\"")
        }
        let status = try c.at("status").string(try c.required(o, "status"))
        guard orgStatuses.contains(status) else {
            throw c.at("status").error("expected one of ACTIVE, DEACTIVATED, PENDING, found \"\(status)\"")
        }
        let accountManager = o["account_manager"] ?? .null
        if !accountManager.isNull { _ = try c.at("account_manager").object(accountManager) }
        let org = CruxOrganization(
            uuid: try uuid(o, "uuid", c),
            name: try c.at("name").string(try c.required(o, "name")),
            orgType: orgType,
            status: status,
            createdDate: try c.at("created_date").string(try c.required(o, "created_date")),
            activeDate: try optionalString(o, "active_date", c),
            website: try optionalString(o, "website", c),
            retailerUUID: try optionalUUID(o, "retailer_uuid", c),
            supplierUUID: try optionalUUID(o, "supplier_uuid", c),
            accountManager: accountManager)

        var users: [CruxUser] = []
        var tokens: [CruxToken] = []
        let usersContext = c.at("users")
        for (i, userValue) in try usersContext.array(try c.required(o, "users")).enumerated() {
            let (user, userTokens) = try user(userValue, usersContext.at(i), org: org, permissions: permissions)
            users.append(user)
            tokens += userTokens
        }
        return (org, users, tokens)
    }

    static func user(_ value: JSONValue, _ c: FixtureContext, org: CruxOrganization, permissions: [CruxPermission])
        throws(FixtureError) -> (CruxUser, [CruxToken])
    {
        let o = try c.object(value)
        try c.onlyKeys(o, ["uuid", "person", "status", "username", "password", "permissions", "api_tokens"])
        let userUUID = try uuid(o, "uuid", c)
        let person = try person(try c.required(o, "person"), c.at("person"))
        let status = try o["status"].map { v throws(FixtureError) in try c.at("status").string(v) } ?? "ACTIVE"
        guard userStatuses.contains(status) else {
            throw c.at("status").error("expected one of ACTIVE, CONFIRMATION WAITING, DEACTIVATED, found \"\(status)\"")
        }
        var held: Set<String> = []
        let pc = c.at("permissions")
        for (i, item) in try pc.array(try c.required(o, "permissions")).enumerated() {
            let uuid = try pc.at(i).string(item)
            guard let p = permissions.first(where: { $0.uuid == uuid }) else {
                throw pc.at(i).error("no permission with uuid \(uuid) in the catalogue")
            }
            guard p.isVisible(to: org.orgType) else {
                throw pc.at(i).error("permission \(p.name) is \(p.visibility)-only; this organization is a \(org.orgType)")
            }
            held.insert(uuid)
        }
        var tokens: [CruxToken] = []
        if let tokensValue = o["api_tokens"] {
            let tc = c.at("api_tokens")
            for (i, item) in try tc.array(tokensValue).enumerated() {
                tokens.append(try token(item, tc.at(i), userUUID: userUUID))
            }
        }
        let user = CruxUser(
            uuid: userUUID, orgUUID: org.uuid, person: person, status: status,
            username: try o["username"].map { v throws(FixtureError) in try c.at("username").string(v) } ?? person.email,
            password: try o["password"].map { v throws(FixtureError) in try c.at("password").string(v) },
            permissions: held)
        return (user, tokens)
    }

    static func person(_ value: JSONValue, _ c: FixtureContext) throws(FixtureError) -> CruxPerson {
        let o = try c.object(value)
        try c.onlyKeys(o, ["uuid", "first_name", "last_name", "email", "phone", "job_title"])
        return CruxPerson(
            uuid: try uuid(o, "uuid", c),
            firstName: try c.at("first_name").string(try c.required(o, "first_name"), nonEmpty: false),
            lastName: try c.at("last_name").string(try c.required(o, "last_name"), nonEmpty: false),
            email: try c.at("email").string(try c.required(o, "email")),
            phone: try optionalString(o, "phone", c),
            jobTitle: try optionalString(o, "job_title", c))
    }

    static func token(_ value: JSONValue, _ c: FixtureContext, userUUID: String) throws(FixtureError) -> CruxToken {
        let o = try c.object(value)
        try c.onlyKeys(o, ["key", "expires_at"])
        let key = try c.at("key").string(try c.required(o, "key"))
        // DRF's Token.key is a CharField(max_length=40); a key never contains whitespace.
        guard key.utf8.count <= 40, !key.contains(where: \.isWhitespace) else {
            throw c.at("key").error("a token key is at most 40 characters without spaces")
        }
        var expiresAt: Double?
        if let e = o["expires_at"], !e.isNull {
            guard case .number = e else { throw c.at("expires_at").error("expected seconds since 1970, found \(e.typeName)") }
            expiresAt = try c.at("expires_at").number(e, in: TenantClock.validTimes)
        }
        return CruxToken(key: key, userUUID: userUUID, expiresAt: expiresAt)
    }

    static func uuid(_ o: JSONObject, _ key: String, _ c: FixtureContext) throws(FixtureError) -> String {
        let text = try c.at(key).string(try c.required(o, key))
        guard CruxUUID.isCanonical(text) else { throw c.at(key).error("expected a lower-case hyphenated UUID, found \"\(text)\"") }
        return text
    }

    static func optionalUUID(_ o: JSONObject, _ key: String, _ c: FixtureContext) throws(FixtureError) -> String {
        guard let v = o[key], !v.isNull else { return "" }
        let text = try c.at(key).string(v, nonEmpty: false)
        guard text.isEmpty || CruxUUID.isCanonical(text) else {
            throw c.at(key).error("expected a lower-case hyphenated UUID or \"\", found \"\(text)\"")
        }
        return text
    }

    static func optionalString(_ o: JSONObject, _ key: String, _ c: FixtureContext) throws(FixtureError) -> String? {
        guard let v = o[key], !v.isNull else { return nil }
        return try c.at(key).string(v, nonEmpty: false)
    }

    // MARK: Writing

    static func snapshot(of state: CruxState) -> JSONValue {
        let permissions = state.permissions.map { p -> JSONValue in
            ["uuid": .string(p.uuid), "name": .string(p.name), "display_name": .string(p.displayName),
             "description": .string(p.description), "visibility": .string(p.visibility), "grouping": .string(p.grouping)]
        }
        let organizations = state.organizations.map { org -> JSONValue in
            let users = state.users(ofOrganization: org.uuid).map { u -> JSONValue in
                var o: JSONObject = [
                    "uuid": .string(u.uuid),
                    "person": CruxRepresentation.person(u.person),
                    "status": .string(u.status),
                    "username": .string(u.username),
                ]
                if let password = u.password { o["password"] = .string(password) }
                o["permissions"] = .array(state.permissions.filter { u.permissions.contains($0.uuid) }.map { .string($0.uuid) })
                o["api_tokens"] = .array(state.tokens.filter { $0.userUUID == u.uuid }.map { t -> JSONValue in
                    var token: JSONObject = ["key": .string(t.key)]
                    if let e = t.expiresAt { token["expires_at"] = e.rounded() == e ? .int(Int(saturating: e)) : .number(.double(e)) }
                    return .object(token)
                })
                return .object(o)
            }
            return [
                "uuid": .string(org.uuid), "name": .string(org.name), "org_type": .string(org.orgType),
                "status": .string(org.status), "created_date": .string(org.createdDate),
                "active_date": org.activeDate.map(JSONValue.string) ?? .null,
                "website": org.website.map(JSONValue.string) ?? .null,
                "retailer_uuid": .string(org.retailerUUID), "supplier_uuid": .string(org.supplierUUID),
                "account_manager": org.accountManager,
                "users": .array(users),
            ]
        }
        return ["permissions": .array(permissions), "organizations": .array(organizations)]
    }
}
