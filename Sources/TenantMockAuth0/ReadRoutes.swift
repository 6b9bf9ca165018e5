import TenantMockCore

/// The supporting reads: `GET /users/{id}`, `GET /roles`, `GET /roles/{id}/permissions`,
/// `GET /organizations/{id}/members` (auth0-research §2.4, scopes §3).
enum ReadRoutes {
    static func routes() -> [DialectRoute<Auth0Dialect>] {
        [
            ManagementRoute.make("GET", "/users/{id}", "Get a user",
                                 scopes: .anyOf("read:users", "read:current_user", "read:user_idp_tokens"),
                                 rejectsNonGlobalClients: true, handler: user),
            ManagementRoute.make("GET", "/roles", "List the tenant's roles",
                                 scopes: .anyOf("read:roles"), rejectsNonGlobalClients: false, handler: roles),
            ManagementRoute.make("GET", "/roles/{id}/permissions", "List a role's permissions",
                                 scopes: .anyOf("read:roles"), rejectsNonGlobalClients: false, handler: rolePermissions),
            ManagementRoute.make("GET", "/organizations/{id}/members", "List an organization's members",
                                 scopes: .anyOf("read:organization_members", "read:organization_member_roles"),
                                 rejectsNonGlobalClients: true, handler: members),
        ]
    }

    static let fields = QueryParameter(name: "fields", kind: .string(maxLength: nil),
        description: "Comma-separated list of fields to include or exclude (based on value provided for include_fields) in the result. Leave empty to retrieve all fields.")
    static let includeFields = QueryParameter(name: "include_fields", kind: .boolean,
        description: "Whether specified fields are to be included (true) or excluded (false).")

    /// The user's profile as the fixture gives it (`user_id` first), an `identities`
    /// entry derived from the id when the fixture has none, filtered by `fields`.
    @Sendable static func user(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let query = try QueryValidation.validate(call.request, [fields, includeFields])
        let userID = call.parameter("id")
        var profile = try call.read { state throws(Auth0Error) -> JSONObject in
            guard let user = state.users[userID] else { throw .userNotFound }
            return user.profile
        }
        if profile["identities"] == nil {
            let parts = userID.split(separator: "|", maxSplits: 1)
            let provider = parts.count == 2 ? String(parts[0]) : "auth0"
            let localID = parts.count == 2 ? String(parts[1]) : userID
            profile["identities"] = [["connection": "Username-Password-Authentication", "provider": .string(provider),
                                      "user_id": .string(localID), "isSocial": false]]
        }
        return ManagementRoute.json(200, .object(select(profile, query)))
    }

    /// `fields=a,b` keeps (or, with `include_fields=false`, drops) those members.
    static func select(_ object: JSONObject, _ query: ValidatedQuery) -> JSONObject {
        guard let list = query.string("fields"), !list.isEmpty else { return object }
        let names = Set(list.split(separator: ",").map { $0.trimmingSpaces() })
        let include = query.bool("include_fields") ?? true
        return JSONObject(object.members.filter { names.contains($0.key) == include })
    }

    static let nameFilter = QueryParameter(name: "name_filter", kind: .string(maxLength: nil),
                                           description: "Optional filter on name (case-insensitive).")

    /// Roles by name; `name_filter` keeps names containing it, ignoring case (inferred: substring).
    @Sendable static func roles(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let query = try QueryValidation.validate(call.request, [.perPageDefaults, .pageUnbounded, .includeTotals, nameFilter])
        let paging = try Paging(query)
        let filter = query.string("name_filter").map { $0.lowercased() } ?? ""
        let items = try call.read { state throws(Auth0Error) -> [JSONValue] in
            state.rolesByName(state.roleOrder).filter { filter.isEmpty || $0.name.lowercased().contains(filter) }.map(\.json)
        }
        return ManagementRoute.json(200, paging.render(items, key: "roles"))
    }

    /// The role's permissions sorted by API then name, without `sources` (recorded).
    @Sendable static func rolePermissions(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let paging = try Paging(try QueryValidation.validate(call.request, [.perPageDefaults, .pageUnbounded, .includeTotals]))
        let roleID = call.parameter("id")
        let items = try call.read { state throws(Auth0Error) -> [JSONValue] in
            guard let role = state.roles[roleID] else { throw .roleNotFound }
            return role.permissions.sorted().map { .object(state.permissionJSON($0)) }
        }
        return ManagementRoute.json(200, paging.render(items, key: "permissions"))
    }

    static let from = QueryParameter(name: "from", kind: .string(maxLength: nil), description: "Optional Id from which to start selection.")
    static let take = QueryParameter(name: "take", kind: .integer(minimum: 1, maximum: 100),
                                     description: "Number of results per page. Defaults to 50.")

    /// Members in joining order as `{user_id, email, picture, name}` (recorded default shape).
    /// `fields` including `roles` adds each member's roles in this organization as `{id, name}`
    /// (recorded) and needs `read:organization_member_roles`. With `from` or `take` the answer is
    /// a checkpoint page `{"members": [...], "next": "…"}`; `next` is present after every non-empty
    /// page, so the last page is `{"members":[]}` (recorded).
    @Sendable static func members(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let orgID = try OrganizationPath.id(call)
        let query = try QueryValidation.validate(call.request,
            [.pageTo1000, .perPageDefaults, .includeTotals, from, take, fields, includeFields])
        let fieldNames = Set((query.string("fields") ?? "").split(separator: ",").map { $0.trimmingSpaces() })
        let wantsRoles = fieldNames.contains("roles") && (query.bool("include_fields") ?? true)
        if wantsRoles && !call.client.scopes.contains("read:organization_member_roles") {
            throw .insufficientScope(.anyOf("read:organization_member_roles"))
        }
        let items = try call.read { state throws(Auth0Error) -> [JSONValue] in
            let org = try OrganizationPath.find(orgID, nil, in: state)
            return org.members.map { userID in
                let profile = state.users[userID]?.profile ?? [:]
                var member: JSONObject = ["user_id": .string(userID)]
                for key in ["email", "picture", "name"] { if let v = profile[key] { member[key] = v } }
                if wantsRoles {
                    member["roles"] = .array((org.memberRoles[userID] ?? []).compactMap { id in
                        state.roles[id].map { ["id": .string($0.id), "name": .string($0.name)] }
                    })
                }
                return .object(select(member, query))
            }
        }
        if query.values["from"] != nil || query.values["take"] != nil {
            return ManagementRoute.json(200, try checkpoint(items, query))
        }
        return ManagementRoute.json(200, try Paging(query).render(items, key: "members"))
    }

    private static func checkpoint(_ items: [JSONValue], _ query: ValidatedQuery) throws(Auth0Error) -> JSONValue {
        var start = 0
        if let cursor = query.string("from"), !cursor.isEmpty {
            guard let bytes = Base64URL.decode(cursor), let text = String(validating: bytes, as: UTF8.self),
                  text.hasPrefix("member:"), let n = Int(text.dropFirst(7)), n >= 0
            else {
                throw Auth0Error(status: 400, message: "The 'from' parameter is not a valid checkpoint.", errorCode: "invalid_paging")
            }
            start = n
        }
        let take = query.int("take") ?? Paging.defaultPerPage
        let page = start < items.count ? Array(items[start..<min(items.count, start + take)]) : []
        var out: JSONObject = ["members": .array(page)]
        if !page.isEmpty { out["next"] = .string(Base64URL.encode(Array("member:\(start + page.count)".utf8))) }
        return .object(out)
    }
}
