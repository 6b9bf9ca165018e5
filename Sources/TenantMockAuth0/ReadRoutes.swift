import TenantMockCore

/// `GET /organizations/{id}/members` (recorded in go-auth0 v1.45.0 `test/data/recordings`;
/// scopes from Auth0's OpenAPI document) and the
/// `fields`/`include_fields` selection the reads share.
enum ReadRoutes {
    static var operations: [Auth0Operation] {
        [
            // With `from`/`take`, checkpoint paging: `{members, next?}`.
            .management("GET", "/organizations/{id}/members", id: "get_organization_members", summary: "Get an organization's members",
                        scopes: .anyOf("read:organization_members", "read:organization_member_roles"), rejectsNonGlobalClients: true,
                        pathParameters: [OrganizationPath.parameter],
                        query: [.pageTo1000, .perPageDefaults, .includeTotals, from, take, fields, includeFields],
                        success: .init(status: 200, description: "Members successfully retrieved.",
                                       schema: Auth0OpenAPI.pagedOrCheckpoint("members", of: Auth0OpenAPI.ref("Member"))),
                        errors: Auth0OpenAPI.standardErrors, handler: members),
        ]
    }

    static let fields = QueryParameter(name: "fields", kind: .string(maxLength: nil),
        description: "Comma-separated list of fields to include or exclude (based on value provided for include_fields) in the result. Leave empty to retrieve all fields.")
    static let includeFields = QueryParameter(name: "include_fields", kind: .boolean,
        description: "Whether specified fields are to be included (true) or excluded (false).")

    /// `fields=a,b` keeps (or, with `include_fields=false`, drops) those members.
    static func select(_ object: JSONObject, _ query: ValidatedQuery) -> JSONObject {
        guard let list = query.string("fields"), !list.isEmpty else { return object }
        let names = Set(list.split(separator: ",").map { $0.trimmingSpaces() })
        let include = query.bool("include_fields") ?? true
        return JSONObject(object.members.filter { names.contains($0.key) == include })
    }

    static let from = QueryParameter(name: "from", kind: .string(maxLength: nil), description: "Optional Id from which to start selection.")
    static let take = QueryParameter(name: "take", kind: .integer(minimum: 1, maximum: 100),
                                     description: "Number of results per page. Defaults to 50.")

    /// Members in joining order as `{user_id, email, picture, name}` (recorded default shape).
    /// `fields` including `roles` adds each member's roles in this organization as `{id, name}`
    /// (recorded) and needs `read:organization_member_roles`. With `from` or `take` the answer is
    /// a checkpoint page `{"members": [...], "next": "…"}`, the last page without `next`
    /// (``Checkpoint`` says which recordings).
    @Sendable static func members(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let orgID = call.parameter("id")
        let query = call.query
        let paging = try ListPaging(query, key: "members")
        let fieldNames = Set((query.string("fields") ?? "").split(separator: ",").map { $0.trimmingSpaces() })
        let wantsRoles = fieldNames.contains("roles") && (query.bool("include_fields") ?? true)
        if wantsRoles && !call.client.scopes.contains("read:organization_member_roles") {
            throw .insufficientScope(.anyOf("read:organization_member_roles"))
        }
        let items = try call.read { state throws(Auth0Error) -> [JSONValue] in
            let org = try OrganizationPath.find(orgID, nil, in: state)
            return org.members.map { userID in
                var member = state.userSummary(userID)
                if wantsRoles {
                    member["roles"] = .array((org.memberRoles[userID] ?? []).compactMap { id in
                        state.roles[id].map { ["id": .string($0.id), "name": .string($0.name)] }
                    })
                }
                return .object(select(member, query))
            }
        }
        return ManagementRoute.json(200, try paging.render(items, key: "members", idKey: "user_id", query: query))
    }
}
