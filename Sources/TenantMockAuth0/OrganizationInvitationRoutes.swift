import TenantMockCore

/// Invitations to join an organization: `/api/v2/organizations/{id}/invitations[/{invitation_id}]`
/// (answers recorded in go-auth0 v1.45.0 `test/data/recordings/TestOrganizationManager_{CreateInvitation,Invitation,Invitations,DeleteInvitation}.yaml`).
///
/// Invitations are kept and answered; no e-mail is sent and no one accepts them.
enum OrganizationInvitationRoutes {
    /// Seven days, Auth0's default lifetime of an invitation (the recorded `expires_at` is
    /// `created_at` + 7 days); `ttl_sec` may ask for up to 30 days.
    static let defaultLifetime = 604_800
    static let maxLifetime = 2_592_000

    static let invitationPath = [OrganizationPath.parameter, PathParameter("invitation_id", "The id of the user invitation.")]

    static var operations: [Auth0Operation] {
        let invitation = Auth0OpenAPI.ref("Invitation")
        return [
            .management("GET", "/organizations/{id}/invitations", id: "get_invitations", summary: "Get an organization's invitations",
                        scopes: .anyOf("read:organization_invitations"), rejectsNonGlobalClients: true,
                        pathParameters: [OrganizationPath.parameter],
                        query: [.pageTo1000, .perPageDefaults, .includeTotals, ReadRoutes.fields, ReadRoutes.includeFields, sort],
                        success: .init(status: 200, description: "Invitations successfully retrieved.", schema: ["anyOf": [
                            ["type": "array", "items": invitation],
                            ["type": "object", "required": ["invitations"], "properties": [
                                "invitations": ["type": "array", "items": invitation], "start": ["type": "integer"], "limit": ["type": "integer"],
                            ]],
                        ]]),
                        errors: Auth0OpenAPI.standardErrors, handler: list),
            .management("POST", "/organizations/{id}/invitations", id: "post_invitations", summary: "Create an invitation",
                        scopes: .anyOf("create:organization_invitations"), rejectsNonGlobalClients: true,
                        pathParameters: [OrganizationPath.parameter],
                        body: .object([
                            ("inviter", .object([("name", .string(minLength: 1, maxLength: 300, description: "The Inviter's name."))], required: ["name"])),
                            ("invitee", .object([("email", .string(format: RequestSchemas.email, description: "The Invitee's email."))], required: ["email"])),
                            ("client_id", .string(minLength: 1, description: "Auth0 client ID. Used to resolve the application's login initiation endpoint.")),
                            ("connection_id", .string(description: "The id of the connection to force invitee to authenticate with.")),
                            ("app_metadata", .anyObject()), ("user_metadata", .anyObject()),
                            ("ttl_sec", .integer(minimum: 0, maximum: maxLifetime, description: "Number of seconds for which the invitation is valid before expiration. If unspecified or set to 0, this value defaults to 604800 seconds (7 days). Max value: 2592000 seconds (30 days).")),
                            ("roles", .array(of: .string(format: RequestSchemas.roleID), description: "List of roles IDs to associated with the user.")),
                            ("send_invitation_email", .boolean(description: "Whether the user will receive an invitation email (true) or no email (false), true by default")),
                        ], required: ["inviter", "invitee", "client_id"]),
                        success: .init(status: 201, description: "Invitation successfully created.", schema: invitation),
                        errors: Auth0OpenAPI.bodyErrors + [409], handler: create),
            .management("GET", "/organizations/{id}/invitations/{invitation_id}", id: "get_invitations_by_invitation_id",
                        summary: "Get an invitation", scopes: .anyOf("read:organization_invitations"), rejectsNonGlobalClients: true,
                        pathParameters: invitationPath, query: [ReadRoutes.fields, ReadRoutes.includeFields],
                        success: .init(status: 200, description: "Invitation successfully retrieved.", schema: invitation),
                        errors: Auth0OpenAPI.standardErrors, handler: read),
            .management("DELETE", "/organizations/{id}/invitations/{invitation_id}", id: "delete_invitations_by_invitation_id",
                        summary: "Delete an invitation", scopes: .anyOf("delete:organization_invitations"), rejectsNonGlobalClients: true,
                        pathParameters: invitationPath,
                        success: .init(status: 204, description: "Invitation successfully deleted."),
                        errors: Auth0OpenAPI.standardErrors, handler: delete),
        ]
    }

    static let sort = QueryParameter(name: "sort", kind: .string(maxLength: nil),
        description: "Field to sort by. Use field:order where order is 1 for ascending and -1 for descending Defaults to created_at:-1.")

    static let notFound = Auth0Error(status: 404, message: "The invitation does not exist.", errorCode: "inexistent_invitation")

    /// Newest first (the documented default sort, `created_at:-1`). With `include_totals` the
    /// envelope is `{invitations, start, limit}` with `limit` the number answered and no `total`
    /// (recorded, `TestOrganizationManager_Invitations.yaml`).
    @Sendable static func list(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let id = call.parameter("id")
        let paging = try Paging(call.query)
        let items = try call.read { state throws(Auth0Error) -> [JSONValue] in
            guard let org = state.organizations[id] else { throw .organizationNotFound }
            return org.invitations.reversed().map { .object(ReadRoutes.select($0, call.query)) }
        }
        let page = paging.render(items, key: "invitations")
        guard case .object(let envelope) = page else { return ManagementRoute.json(200, page) }
        let answered = envelope["invitations"] ?? []
        return ManagementRoute.json(200, ["invitations": answered, "start": envelope["start"] ?? 0,
                                          "limit": .int(answered.arrayValue?.count ?? 0)])
    }

    /// 201 with the invitation (recorded member order): `id` `uinv_` + 16, a 32-character
    /// `ticket_id`, an `invitation_url` on the client's `initiate_login_uri` (or the tenant's
    /// `/login` when it has none, inferred), `expires_at` after `ttl_sec` or seven days. The
    /// client must exist (404 `The client does not exist`, as `/clients` answers, inferred here).
    @Sendable static func create(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let id = call.parameter("id")
        let body = call.body.objectValue ?? [:]
        let clientID = body["client_id"]?.stringValue ?? ""
        let now = call.tenant.clock.now()
        let ttl = body["ttl_sec"]?.intValue.flatMap { $0 > 0 ? $0 : nil } ?? defaultLifetime
        let invitation = try call.mutate { state throws(Auth0Error) -> JSONObject in
            guard let org = state.organizations[id] else { throw .organizationNotFound }
            guard let client = state.clients[clientID] else { throw ClientRoutes.notFound }
            for roleID in RequestSchemas.strings(call.body, "roles") where state.roles[roleID] == nil {
                throw .organizationRoleNotFound(roleID)
            }
            let ticket = Auth0IDs.make("", length: 32)
            let login = client.settings["initiate_login_uri"]?.stringValue ?? "https://\(state.domain)/login"
            let url = login + "?invitation=\(ticket)&organization=\(org.id)&organization_name=" + FormURLEncoding.percentEncode(org.name)
            var o: JSONObject = ["id": .string(Auth0IDs.make("uinv_")), "client_id": .string(clientID)]
            o.merge(JSONObject([(key: "inviter", value: body["inviter"] ?? [:]), (key: "invitee", value: body["invitee"] ?? [:])]))
            o.merge(["invitation_url": .string(url), "ticket_id": .string(ticket), "created_at": .string(Auth0Time.iso(now)),
                     "expires_at": .string(Auth0Time.iso(now + Double(ttl))), "organization_id": .string(org.id)])
            o.merge(body.filter(keys: { ["connection_id", "app_metadata", "user_metadata", "roles"].contains($0) }))
            state.organizations[id]!.invitations.append(o)
            return o
        }
        return ManagementRoute.json(201, .object(invitation))
    }

    @Sendable static func read(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let id = call.parameter("id"), invitationID = call.parameter("invitation_id")
        let invitation = try call.read { state throws(Auth0Error) -> JSONObject in
            guard let org = state.organizations[id] else { throw .organizationNotFound }
            guard let found = org.invitations.first(where: { $0["id"]?.stringValue == invitationID }) else { throw notFound }
            return found
        }
        return ManagementRoute.json(200, .object(ReadRoutes.select(invitation, call.query)))
    }

    /// 204, then the invitation is 404 `The invitation does not exist.` (recorded); deleting one
    /// that does not exist is 404 too (inferred).
    @Sendable static func delete(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let id = call.parameter("id"), invitationID = call.parameter("invitation_id")
        try call.mutate { state throws(Auth0Error) in
            guard state.organizations[id] != nil else { throw .organizationNotFound }
            guard state.organizations[id]!.invitations.contains(where: { $0["id"]?.stringValue == invitationID }) else { throw notFound }
            state.organizations[id]!.invitations.removeAll { $0["id"]?.stringValue == invitationID }
        }
        return ManagementRoute.noContent
    }
}
