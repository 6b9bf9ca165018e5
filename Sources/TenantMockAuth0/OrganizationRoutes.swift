import TenantMockCore

/// The tenant's organizations and their members: `/api/v2/organizations`,
/// `/organizations/{id}`, `/organizations/name/{name}`, `/organizations/{id}/members`
/// (writes) and `/users/{id}/organizations` (answers recorded in go-auth0 v1.45.0
/// `test/data/recordings/TestOrganizationManager_{Create,Read,ReadByName,Update,Delete,List,ListCheckpointPagination,AddMembers,DeleteMembers}.yaml`
/// and `TestUserManager_Organizations.yaml`).
///
/// Deleting an organization takes its memberships and member roles with it; removing a
/// member takes her roles in that organization.
enum OrganizationRoutes {
    /// "max 10 members per request" (Auth0's docs, configure-organizations/assign-members).
    static let membersPerRequest = 10

    static let displayName = BodySchema.string(minLength: 1, maxLength: 255,
                                               description: "Friendly name of this organization.")
    static let branding = BodySchema.object([
        ("logo_url", .string(description: "URL of logo to display on login page.")),
        ("colors", .object([("primary", .string()), ("page_background", .string())], required: ["primary", "page_background"])),
    ], description: "Theme defines how to style the login pages.")
    static let metadata = BodySchema.anyObject(description: "Metadata associated with the organization, in the form of an object with string values (max 255 chars).  Maximum of 25 metadata properties allowed.")
    /// `name`: lower case letters, digits, `-` and `_`, starting and ending with a letter or
    /// digit, 1 to 50 characters (Auth0's API reference: "must be lowercase" with that pattern).
    static let name = BodySchema.string(minLength: 1, maxLength: 50, pattern: .init(text: "^[a-z0-9]([a-z0-9\\-_]*[a-z0-9])?$", accepts: { text in
        let bytes = Array(text.utf8)
        func ok(_ b: UInt8, inner: Bool) -> Bool {
            (b >= 97 && b <= 122) || (b >= 48 && b <= 57) || (inner && (b == 45 || b == 95))
        }
        guard let first = bytes.first, let last = bytes.last, ok(first, inner: false), ok(last, inner: false) else { return false }
        return bytes.allSatisfy { ok($0, inner: true) }
    }), description: "The name of this organization.")
    /// Connections enabled as the organization is created, each as `POST …/enabled_connections` takes it.
    static let enabledConnections = BodySchema.array(of: .object(
        [("connection_id", .string(minLength: 1, description: "Single connection ID to add to the organization."))] + OrganizationConnectionRoutes.properties,
        required: ["connection_id"]), description: "Connections that will be enabled for this organization.")
    static let members = BodySchema.object([
        ("members", .array(of: .string(format: RequestSchemas.userID), minItems: 1, maxItems: membersPerRequest,
                           description: "List of user IDs to add to the organization as members.")),
    ], required: ["members"])
    static let removedMembers = BodySchema.object([
        ("members", .array(of: .string(format: RequestSchemas.userID), minItems: 1,
                           description: "List of user IDs to remove from the organization.")),
    ], required: ["members"])

    static var operations: [Auth0Operation] {
        let organization = Auth0OpenAPI.ref("Organization")
        return [
            .management("GET", "/organizations", id: "get_organizations", summary: "Get organizations",
                        scopes: .anyOf("read:organizations", "read:organizations_summary"), rejectsNonGlobalClients: true,
                        query: [.pageTo1000, .perPageDefaults, .includeTotals, ReadRoutes.from, ReadRoutes.take, sort],
                        success: .init(status: 200, description: "Organizations successfully retrieved.",
                                       schema: Auth0OpenAPI.pagedOrCheckpoint("organizations", of: organization)),
                        errors: [400, 401, 403, 429], handler: list),
            .management("POST", "/organizations", id: "post_organizations", summary: "Create an organization",
                        scopes: .anyOf("create:organizations", "create:organization_connections"), rejectsNonGlobalClients: true,
                        body: .object([("name", name), ("display_name", displayName), ("branding", branding), ("metadata", metadata),
                                       ("enabled_connections", enabledConnections)],
                                      required: ["name"], additionalProperties: true),
                        success: .init(status: 201, description: "Organization successfully created.", schema: organization),
                        errors: [400, 401, 403, 404, 409, 415, 429], handler: create),
            .management("GET", "/organizations/{id}", id: "get_organizations_by_id", summary: "Get an organization",
                        scopes: .anyOf("read:organizations", "read:organizations_summary"), rejectsNonGlobalClients: true,
                        pathParameters: [PathParameter("id", "ID of the organization to retrieve.", maxLength: 50)],
                        success: .init(status: 200, description: "Organization successfully retrieved.", schema: organization),
                        errors: Auth0OpenAPI.standardErrors, handler: read),
            .management("GET", "/organizations/name/{name}", id: "get_name_by_name", summary: "Get an organization by name",
                        scopes: .anyOf("read:organizations"), rejectsNonGlobalClients: true,
                        pathParameters: [PathParameter("name", "name of the organization to retrieve.", maxLength: 50)],
                        success: .init(status: 200, description: "Organization successfully retrieved.", schema: organization),
                        errors: Auth0OpenAPI.standardErrors, handler: readByName),
            .management("PATCH", "/organizations/{id}", id: "patch_organizations_by_id", summary: "Update an organization",
                        scopes: .anyOf("update:organizations"), rejectsNonGlobalClients: true,
                        pathParameters: [PathParameter("id", "ID of the organization to update.", maxLength: 50)],
                        body: .object([("name", name), ("display_name", displayName), ("branding", branding), ("metadata", metadata)],
                                      additionalProperties: true),
                        success: .init(status: 200, description: "Organization successfully updated.", schema: organization),
                        errors: Auth0OpenAPI.bodyErrors + [409], handler: update),
            .management("DELETE", "/organizations/{id}", id: "delete_organizations_by_id", summary: "Delete an organization",
                        scopes: .anyOf("delete:organizations"), rejectsNonGlobalClients: true,
                        pathParameters: [OrganizationPath.parameter],
                        success: .init(status: 204, description: "The organization was deleted."),
                        errors: Auth0OpenAPI.standardErrors, handler: delete),
            .management("POST", "/organizations/{id}/members", id: "post_members", summary: "Add members to an organization",
                        scopes: .anyOf("create:organization_members"), rejectsNonGlobalClients: true,
                        pathParameters: [OrganizationPath.parameter], body: members,
                        success: .init(status: 204, description: "Members successfully added to organization."),
                        errors: Auth0OpenAPI.bodyErrors, handler: addMembers),
            .management("DELETE", "/organizations/{id}/members", id: "delete_members", summary: "Remove members from an organization",
                        scopes: .anyOf("delete:organization_members"), rejectsNonGlobalClients: true,
                        pathParameters: [OrganizationPath.parameter], body: removedMembers,
                        success: .init(status: 204, description: "Users successfully removed from organization."),
                        errors: Auth0OpenAPI.bodyErrors, handler: removeMembers),
            .management("GET", "/users/{id}/organizations", id: "get_user_organizations", summary: "Get a user's organizations",
                        scopes: .anyOf("read:users", "read:organizations"), rejectsNonGlobalClients: true,
                        pathParameters: [PathParameter("id", "ID of the user to retrieve the organizations for.")],
                        query: [.pageUnbounded, .perPageDefaults, .includeTotals],
                        success: .init(status: 200, description: "Organizations successfully retrieved.",
                                       schema: Auth0OpenAPI.paged("organizations", of: organization)),
                        errors: Auth0OpenAPI.standardErrors, handler: userOrganizations),
        ]
    }

    /// Members that are the organization's own, never kept among its other members.
    static let reservedKeys: Set<String> = ["id", "name", "display_name", "members", "enabled_connections", "client_grants", "invitations"]

    static let sort = QueryParameter(name: "sort", kind: .string(maxLength: nil),
        description: "Field to sort by. Use <code>field:order</code> where order is <code>1</code> for ascending and <code>-1</code> for descending. Defaults to <code>created_at:1</code>.")

    // MARK: Organizations

    /// Creation order. Offset paging answers `{organizations, start, limit, total}` (recorded);
    /// checkpoint paging answers `{organizations, next}`, with no `next` on the last page
    /// (recorded, `TestOrganizationManager_ListCheckpointPagination.yaml`).
    @Sendable static func list(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let paging = try ListPaging(call.query, key: "organizations")
        let items = try call.read { state throws(Auth0Error) -> [JSONValue] in
            state.organizationOrder.compactMap { state.organizations[$0] }.map { .object($0.json) }
        }
        return ManagementRoute.json(200, try paging.render(items, key: "organizations", idKey: "id", query: call.query))
    }

    /// 201 with the request's members in their order and `id` (`org_` and 16 letters or
    /// digits) last (recorded). `display_name` defaults to the name (inferred). A name another
    /// organization has is 409 `An organization with this name already exists.` (the OpenAPI
    /// document's wording; errorCode not recorded). `enabled_connections` are enabled with the
    /// defaults of `POST …/enabled_connections` and answered as it answers them, with
    /// `connection: {name, strategy}` (recorded, `TestOrganizationManager_Create.yaml`,
    /// interaction 4); a connection that is not the tenant's is 404 `No connection found by
    /// that id` and creates nothing (inferred from the entry routes' wording).
    @Sendable static func create(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let body = call.body.objectValue ?? [:]
        let name = body["name"]?.stringValue ?? ""
        let answer = try call.mutate { state throws(Auth0Error) -> JSONObject in
            if state.organizations.values.contains(where: { $0.name == name }) {
                throw Auth0Error(status: 409, message: "An organization with this name already exists.")
            }
            var entries: [JSONObject] = []
            for item in body["enabled_connections"]?.arrayValue ?? [] {
                let entry = item.objectValue ?? [:]
                let connectionID = entry["connection_id"]?.stringValue ?? ""
                guard state.connections.contains(where: { $0.id == connectionID }) else { throw OrganizationConnectionRoutes.notEnabled }
                if !entries.contains(where: { $0["connection_id"]?.stringValue == connectionID }) {
                    entries.append(OrganizationConnectionRoutes.defaults(entry))
                }
            }
            var org = Auth0Organization(id: Auth0IDs.make("org_"), name: name, displayName: body["display_name"]?.stringValue ?? name,
                                        members: [], memberRoles: [:])
            org.settings.merge(body.filter(keys: { !reservedKeys.contains($0) }))
            org.enabledConnections = entries
            state.organizations[org.id] = org
            state.organizationOrder.append(org.id)
            var answer = body.filter(keys: { $0 != "id" })
            if body["enabled_connections"] != nil {
                answer["enabled_connections"] = .array(entries.map { .object(OrganizationConnectionRoutes.json($0, in: state)) })
            }
            answer.merge(["id": .string(org.id)])
            return answer
        }
        return ManagementRoute.json(201, .object(answer))
    }

    @Sendable static func read(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let id = call.parameter("id")
        let org = try call.read { state throws(Auth0Error) -> Auth0Organization in
            guard let org = state.organizations[id] else { throw .organizationNotFound }
            return org
        }
        return ManagementRoute.json(200, .object(org.json))
    }

    @Sendable static func readByName(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let name = call.parameter("name")
        let org = try call.read { state throws(Auth0Error) -> Auth0Organization in
            guard let org = state.organizations.values.first(where: { $0.name == name }) else { throw .organizationNotFound }
            return org
        }
        return ManagementRoute.json(200, .object(org.json))
    }

    /// Changes the members given; 200 with the organization (recorded).
    @Sendable static func update(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let id = call.parameter("id")
        let body = call.body.objectValue ?? [:]
        let org = try call.mutate { state throws(Auth0Error) -> Auth0Organization in
            guard var org = state.organizations[id] else { throw .organizationNotFound }
            if let name = body["name"]?.stringValue, name != org.name {
                if state.organizations.values.contains(where: { $0.name == name }) {
                    throw Auth0Error(status: 409, message: "An organization with this name already exists.")
                }
                org.name = name
            }
            if let display = body["display_name"]?.stringValue { org.displayName = display }
            org.settings.merge(body.filter(keys: { !reservedKeys.contains($0) }))
            state.organizations[id] = org
            return org
        }
        return ManagementRoute.json(200, .object(org.json))
    }

    /// 204; a second DELETE is 404 `No organization found by that id or name` (recorded,
    /// `TestOrganizationManager_Delete.yaml`). Memberships and member roles go with it.
    @Sendable static func delete(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let id = call.parameter("id")
        try call.mutate { state throws(Auth0Error) in
            guard state.organizations[id] != nil else { throw .organizationNotFound }
            state.organizations[id] = nil
            state.organizationOrder.removeAll { $0 == id }
            // Its organization roles go with it (inferred: they belong to it).
            for roleID in state.roleOrder where state.roles[roleID]?.ownerID == id { state.removeRole(roleID) }
        }
        return ManagementRoute.noContent
    }

    // MARK: Members

    /// 204 with no body (recorded). Every user must exist (404 `The user does not exist.`,
    /// inferred from the other member routes), and nothing is added otherwise; adding a member
    /// twice changes nothing.
    @Sendable static func addMembers(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let id = call.parameter("id")
        let userIDs = RequestSchemas.strings(call.body, "members")
        try call.mutate { state throws(Auth0Error) in
            guard state.organizations[id] != nil else { throw .organizationNotFound }
            for userID in userIDs where state.users[userID] == nil { throw .userNotFound }
            for userID in userIDs where !state.organizations[id]!.members.contains(userID) {
                state.organizations[id]!.members.append(userID)
            }
        }
        return ManagementRoute.noContent
    }

    /// 204 (recorded); the members' roles in this organization go with them (inferred: Auth0's
    /// docs say only that the user stays in the tenant); a user who is no member is left alone.
    @Sendable static func removeMembers(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let id = call.parameter("id")
        let userIDs = Set(RequestSchemas.strings(call.body, "members"))
        try call.mutate { state throws(Auth0Error) in
            guard state.organizations[id] != nil else { throw .organizationNotFound }
            state.organizations[id]!.members.removeAll { userIDs.contains($0) }
            for userID in userIDs { state.organizations[id]!.memberRoles[userID] = nil }
        }
        return ManagementRoute.noContent
    }

    /// The organizations the user is a member of, as `{branding, id, display_name, name}` items
    /// (recorded member order, `TestUserManager_Organizations.yaml`).
    @Sendable static func userOrganizations(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let userID = call.parameter("id")
        let paging = try Paging(call.query)
        let items = try call.read { state throws(Auth0Error) -> [JSONValue] in
            guard state.users[userID] != nil else { throw .userNotFound }
            return state.organizationOrder.compactMap { state.organizations[$0] }.filter { $0.members.contains(userID) }.map { org in
                var o = JSONObject()
                if let branding = org.settings["branding"] { o["branding"] = branding }
                o["id"] = .string(org.id)
                o["display_name"] = .string(org.displayName)
                o["name"] = .string(org.name)
                o.merge(org.settings.filter(keys: { $0 != "branding" }))
                return .object(o)
            }
        }
        return ManagementRoute.json(200, paging.render(items, key: "organizations"))
    }
}
