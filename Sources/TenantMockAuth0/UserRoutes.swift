import TenantMockCore

/// The tenant's users: `/api/v2/users`, `/users/{id}`, `/users-by-email` (answers recorded
/// in go-auth0 v1.45.0 `test/data/recordings/TestUserManager_{Create,Read,Update,Delete,List,Search,ListByEmail}.yaml`
/// and terraform-provider-auth0 `test/data/recordings/TestAccUser.yaml`).
///
/// Deleting a user takes her out of every role and organization in the same step.
enum UserRoutes {
    /// The database connection every tenant has (Auth0's default, named in every recording).
    static let defaultConnection = "Username-Password-Authentication"

    // Property descriptions: Auth0's OpenAPI document as generated into go-auth0 v3.1.0
    // `management/requests.go` (`CreateUserRequestContent`).
    static var profileProperties: [(String, BodySchema)] {
        [
            ("email", .string(format: RequestSchemas.email, description: "The user's email.")),
            ("phone_number", .string(description: "The user's phone number (following the E.164 recommendation).")),
            ("user_metadata", .anyObject()),
            ("blocked", .boolean(description: "Whether this user was blocked by an administrator (true) or not (false).")),
            ("email_verified", .boolean(description: "Whether this email address is verified (true) or unverified (false). User will receive a verification email after creation if `email_verified` is false or not specified")),
            ("phone_verified", .boolean(description: "Whether this phone number has been verified (true) or not (false).")),
            ("app_metadata", .anyObject()),
            ("given_name", .string(minLength: 1, maxLength: 150, description: "The user's given name(s).")),
            ("family_name", .string(minLength: 1, maxLength: 150, description: "The user's family name(s).")),
            ("name", .string(minLength: 1, maxLength: 300, description: "The user's full name.")),
            ("nickname", .string(minLength: 1, maxLength: 300, description: "The user's nickname.")),
            ("picture", .string(description: "A URI pointing to the user's picture.")),
        ]
    }

    static var createBody: BodySchema {
        .object(profileProperties + [
            ("user_id", .string(maxLength: 255, description: "The external user's id provided by the identity provider.")),
            ("connection", .string(minLength: 1, description: "Name of the connection this user should be created in.")),
            ("password", .string(description: "Initial password for this user. Only valid for auth0 connection strategy.")),
            ("verify_email", .boolean(description: "Whether the user will receive a verification email after creation (true) or no email (false). Overrides behavior of `email_verified` parameter.")),
            ("username", .string(minLength: 1, maxLength: 128, description: "The user's username. Only valid if the connection requires a username.")),
        ], required: ["connection"])
    }

    static var updateBody: BodySchema {
        var schema = BodySchema.object(profileProperties + [
            ("verify_email", .boolean()), ("verify_phone_number", .boolean()), ("password", .string(minLength: 1)),
            ("connection", .string(minLength: 1)), ("client_id", .string()), ("username", .string(minLength: 1, maxLength: 128)),
        ])
        // Recorded wording of this operation's unknown members (a live test against Auth0, see docs/auth0.md).
        schema.additionalPropertiesNote = "(consider storing them in app_metadata or user_metadata. See \"Users Metadata\" in https://auth0.com/docs/api/v2/changes for more details)"
        return schema
    }

    static let q = QueryParameter(name: "q", kind: .string(maxLength: nil), description: "Query in Lucene query string syntax. Some query types cannot be used on metadata fields, for details see Searchable Fields.")
    static let searchEngine = QueryParameter(name: "search_engine", kind: .string(maxLength: nil), description: "The version of the search engine")
    static let connection = QueryParameter(name: "connection", kind: .string(maxLength: nil), description: "Connection filter. Only applies when using `search_engine=v1`. To filter by connection with `search_engine=v2|v3`, use `q=identities.connection:\"connection_name\"`")
    static let sort = QueryParameter(name: "sort", kind: .string(maxLength: nil), description: "Field to sort by. Use field:order where order is 1 for ascending and -1 for descending. e.g. created_at:1")
    static let emailQuery = QueryParameter(name: "email", kind: .string(maxLength: nil), description: "Email address to search for (case-sensitive).")

    static var operations: [Auth0Operation] {
        let user = Auth0OpenAPI.ref("User")
        return [
            .management("GET", "/users", id: "get_users", summary: "List or search users",
                        scopes: .anyOf("read:users"), rejectsNonGlobalClients: true,
                        query: [.pageUnbounded, .perPage, .includeTotals, sort, connection, ReadRoutes.fields, ReadRoutes.includeFields, q, searchEngine],
                        success: .init(status: 200, description: "Users successfully listed.",
                                       schema: Auth0OpenAPI.paged("users", of: user)),
                        errors: [400, 401, 403, 429, 503], handler: list),
            .management("POST", "/users", id: "post_users", summary: "Create a user",
                        scopes: .anyOf("create:users"), rejectsNonGlobalClients: true, body: createBody,
                        success: .init(status: 201, description: "User successfully created.", schema: user),
                        errors: [400, 401, 403, 409, 415, 429], handler: create),
            .management("GET", "/users-by-email", id: "get_users-by-email", summary: "Search users by email",
                        scopes: .anyOf("read:users"), rejectsNonGlobalClients: true,
                        query: [ReadRoutes.fields, ReadRoutes.includeFields, emailQuery],
                        success: .init(status: 200, description: "Users successfully searched.", schema: ["type": "array", "items": user]),
                        errors: [400, 401, 403, 429], handler: byEmail),
            .management("GET", "/users/{id}", id: "get_users_by_id", summary: "Get a user",
                        scopes: .anyOf("read:users", "read:current_user", "read:user_idp_tokens"), rejectsNonGlobalClients: true,
                        pathParameters: [PathParameter("id", "ID of the user to retrieve.")], query: [ReadRoutes.fields, ReadRoutes.includeFields],
                        success: .init(status: 200, description: "User successfully retrieved.", schema: user),
                        errors: Auth0OpenAPI.standardErrors, handler: read),
            .management("PATCH", "/users/{id}", id: "patch_users_by_id", summary: "Update a user",
                        scopes: .anyOf("update:users", "update:users_app_metadata", "update:current_user_metadata"),
                        rejectsNonGlobalClients: true,
                        pathParameters: [PathParameter("id", "ID of the user to update.")], body: updateBody,
                        success: .init(status: 200, description: "User successfully updated.", schema: user),
                        errors: Auth0OpenAPI.bodyErrors + [409], handler: update),
            // 204 whether or not the user exists (recorded: a second DELETE is 204 too).
            .management("DELETE", "/users/{id}", id: "delete_users_by_id", summary: "Delete a user",
                        scopes: .anyOf("delete:users", "delete:current_user"), rejectsNonGlobalClients: true,
                        pathParameters: [PathParameter("id", "ID of the user to delete.")],
                        success: .init(status: 204, description: "User successfully deleted."),
                        errors: [400, 401, 403, 429], handler: delete),
        ]
    }

    // MARK: Reading

    /// The profile as `GET /users/{id}` answers it: an `identities` entry derived from the
    /// id when the profile has none (fixture users).
    static func profile(of user: Auth0User) -> JSONObject {
        var profile = user.profile
        if profile["identities"] == nil {
            let parts = user.id.split(separator: "|", maxSplits: 1)
            let provider = parts.count == 2 ? String(parts[0]) : "auth0"
            let localID = parts.count == 2 ? String(parts[1]) : user.id
            profile["identities"] = [["connection": .string(defaultConnection), "provider": .string(provider),
                                      "user_id": .string(localID), "isSocial": false]]
        }
        return profile
    }

    @Sendable static func read(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let userID = call.parameter("id")
        let profile = try call.read { state throws(Auth0Error) -> JSONObject in
            guard let user = state.users[userID] else { throw .userNotFound }
            return Self.profile(of: user)
        }
        return ManagementRoute.json(200, .object(ReadRoutes.select(profile, call.query)))
    }

    /// Users in creation order, filtered by `q` (``UserSearch``). With `include_totals` the
    /// envelope is `{start, limit, length, users, total}` (recorded order).
    @Sendable static func list(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        if let engine = call.query.string("search_engine"), !["v1", "v2", "v3"].contains(engine) {
            throw .query("No enum match for: \"\(engine)\"", property: "search_engine", description: searchEngine.description)
        }
        let search = try UserSearch(call.query.string("q") ?? "")
        let paging = try Paging(call.query)
        let items = try call.read { state throws(Auth0Error) -> [JSONValue] in
            state.userOrder.compactMap { state.users[$0] }.map(profile(of:)).filter(search.matches)
                .map { .object(ReadRoutes.select($0, call.query)) }
        }
        let page = paging.render(items, key: "users")
        guard case .object(let envelope) = page else { return ManagementRoute.json(200, page) }
        let users = envelope["users"]?.arrayValue ?? []
        return ManagementRoute.json(200, ["start": envelope["start"] ?? 0, "limit": envelope["limit"] ?? 0,
                                          "length": .int(users.count), "users": .array(users), "total": envelope["total"] ?? 0])
    }

    /// A bare array of the users with exactly this e-mail address (recorded; the parameter
    /// is "case-sensitive", its description says).
    @Sendable static func byEmail(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        guard let email = call.query.string("email") else { throw .query("Missing required property: email") }
        let items = try call.read { state throws(Auth0Error) -> [JSONValue] in
            state.userOrder.compactMap { state.users[$0] }.filter { $0.profile["email"]?.stringValue == email }
                .map { .object(ReadRoutes.select(profile(of: $0), call.query)) }
        }
        return ManagementRoute.json(200, .array(items))
    }

    // MARK: Changing

    /// 201 with the new user: members in alphabetical order but `app_metadata` last, defaults
    /// for `name` (the e-mail), `nickname` (its local part) and `picture` (Gravatar of the
    /// e-mail), `user_id` `auth0|` and 24 hex digits or the given id (recorded,
    /// `TestUserManager_Create.yaml`, `TestAccUser.yaml`). An e-mail the connection already
    /// has is 409 `The user already exists.` (`auth0_idp_error`).
    @Sendable static func create(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let body = call.body.objectValue ?? [:]
        let connection = body["connection"]?.stringValue ?? ""
        let now = call.tenant.clock.now()
        let profile = try call.mutate { state throws(Auth0Error) -> JSONObject in
            guard state.connectionNames.contains(connection) else {
                throw Auth0Error(status: 400, message: "The connection does not exist.", errorCode: "inexistent_connection")
            }
            // Database connections need both (the wording of Auth0's answers, reported by users; inferred body).
            guard let email = body["email"]?.stringValue else { throw Auth0Error(status: 400, message: "\"email\" is required") }
            guard body["password"]?.stringValue != nil else { throw Auth0Error(status: 400, message: "\"password\" is required") }
            if emailTaken(email, in: connection, except: nil, state) {
                throw Auth0Error(status: 409, message: "The user already exists.", errorCode: "auth0_idp_error")
            }
            let localID = body["user_id"]?.stringValue ?? Auth0IDs.hex()
            let userID = "auth0|" + localID
            if state.users[userID] != nil { throw Auth0Error(status: 409, message: "The user already exists.", errorCode: "auth0_idp_error") }

            var fields: [String: JSONValue] = [:]
            for (key, value) in body where !["connection", "password", "verify_email", "user_id"].contains(key) { fields[key] = value }
            let stamp = JSONValue.string(Auth0Time.iso(now))
            fields["created_at"] = stamp
            fields["updated_at"] = stamp
            fields["email_verified"] = fields["email_verified"] ?? false
            fields["name"] = fields["name"] ?? .string(email)
            fields["nickname"] = fields["nickname"] ?? .string(String(email.prefix { $0 != "@" }))
            fields["picture"] = fields["picture"] ?? .string(gravatar(email))
            fields["user_id"] = .string(userID)
            fields["identities"] = [["connection": .string(connection), "user_id": .string(localID), "provider": "auth0", "isSocial": false]]
            var profile = JSONObject(fields.keys.filter { $0 != "app_metadata" }.sorted().map { (key: $0, value: fields[$0]!) })
            if let app = fields["app_metadata"] { profile["app_metadata"] = app }
            state.users[userID] = Auth0User(id: userID, profile: profile, roles: [], permissions: [])
            state.userOrder.append(userID)
            return profile
        }
        return ManagementRoute.json(201, .object(profile))
    }

    /// 200 with the user. Root members are replaced (new ones appended before `app_metadata`);
    /// `user_metadata` and `app_metadata` merge one level deep, a key set to `null` is removed,
    /// and an empty object clears them: `user_metadata` answers `{}`, `app_metadata` goes
    /// (recorded, `TestAccUser.yaml` interactions 8, 12, 16). `password`, `connection`,
    /// `client_id` and the `verify_*` flags change no member; a password change adds
    /// `last_password_reset` (recorded, `TestUserManager_Update.yaml`).
    @Sendable static func update(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let userID = call.parameter("id")
        let body = call.body.objectValue ?? [:]
        let now = call.tenant.clock.now()
        let profile = try call.mutate { state throws(Auth0Error) -> JSONObject in
            guard let user = state.users[userID] else { throw .userNotFound }
            var profile = Self.profile(of: user)
            if let email = body["email"]?.stringValue, email != profile["email"]?.stringValue {
                let taken = emailTaken(email, in: Self.connection(of: profile), except: userID, state)
                // 400, not POST's 409: Auth0's users report `The specified new email already exists` with a 400
                // (third-party clients test for it), errorCode `auth0_idp_error` (auth0/node-auth0 issue 139).
                if taken { throw Auth0Error(status: 400, message: "The specified new email already exists", errorCode: "auth0_idp_error") }
            }
            let app = profile["app_metadata"]
            profile["app_metadata"] = nil
            for (key, value) in body {
                switch key {
                case "password", "connection", "client_id", "verify_email", "verify_phone_number", "app_metadata": continue
                case "user_metadata": profile[key] = merged(profile[key], value, emptyClears: .object([:]))
                default: profile[key] = value
                }
            }
            if body["password"] != nil { profile["last_password_reset"] = .string(Auth0Time.iso(now)) }
            profile["updated_at"] = .string(Auth0Time.iso(now))
            let newApp = body["app_metadata"].map { merged(app, $0, emptyClears: nil) } ?? app
            if let newApp { profile["app_metadata"] = newApp }
            state.users[userID]!.profile = profile
            return profile
        }
        return ManagementRoute.json(200, .object(profile))
    }

    /// The connection a profile's first identity names.
    private static func connection(of profile: JSONObject) -> String? {
        profile["identities"]?.arrayValue?.first?["connection"]?.stringValue
    }

    /// Whether a user other than `except` has `email` (ignoring case) in `connection`.
    private static func emailTaken(_ email: String, in connection: String?, except: String?, _ state: Auth0State) -> Bool {
        state.users.values.contains { user in
            user.id != except && user.profile["email"]?.stringValue?.lowercased() == email.lowercased()
                && Self.connection(of: Self.profile(of: user)) == connection
        }
    }

    /// `current` with `patch` merged one level deep; `null` members removed; an empty `patch`
    /// gives `emptyClears` (`nil`: the member goes).
    private static func merged(_ current: JSONValue?, _ patch: JSONValue, emptyClears: JSONValue?) -> JSONValue? {
        guard case .object(let changes) = patch else { return patch }
        if changes.isEmpty { return emptyClears }
        var out = current?.objectValue ?? [:]
        out.merge(JSONObject(changes.members.filter { !$0.value.isNull }))
        let removed = Set(changes.members.filter { $0.value.isNull }.map(\.key))
        return .object(removed.isEmpty ? out : out.filter(keys: { !removed.contains($0) }))
    }

    /// 204; the user leaves every role (they are hers), every organization and its member
    /// roles. An id that names no user is 204 as well (recorded, `TestUserManager_Delete.yaml`).
    @Sendable static func delete(_ call: ManagementCall) throws(Auth0Error) -> HTTPResponse {
        let userID = call.parameter("id")
        try call.mutate { state throws(Auth0Error) in
            guard state.users[userID] != nil else { return }
            state.users[userID] = nil
            state.userOrder.removeAll { $0 == userID }
            for orgID in state.organizationOrder {
                state.organizations[orgID]?.members.removeAll { $0 == userID }
                state.organizations[orgID]?.memberRoles[userID] = nil
            }
        }
        return ManagementRoute.noContent
    }

    /// Gravatar's URL as Auth0 sets it: the MD5 of the e-mail, and Auth0's initials avatar
    /// as the fallback (recorded shape: `…?s=480&r=pg&d=https%3A%2F%2Fcdn.auth0.com%2Favatars%2Fch.png`).
    static func gravatar(_ email: String) -> String {
        let initials = String(email.lowercased().prefix(2))
        return "https://s.gravatar.com/avatar/\(MD5.hex(Array(email.lowercased().utf8)))?s=480&r=pg&d=https%3A%2F%2Fcdn.auth0.com%2Favatars%2F\(initials).png"
    }
}
