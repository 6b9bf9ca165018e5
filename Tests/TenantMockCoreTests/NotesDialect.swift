import TenantMockCore

/// A tiny dialect for engine tests: users holding roles, with referential checks.
///
/// `data`: `{"roles": [{"id": "r1"}], "users": [{"id": "u1", "roles": ["r1"]}]}`.
/// Routes: `GET /notes/users/{id}`, `DELETE /notes/users/{id}/roles/{role}`,
/// `POST /notes/users/{id}/roles/{role}`, `GET /notes/echo` (echoes the request).
struct NotesDialect: Dialect {
    struct User: Sendable, Equatable {
        var id: String
        var roles: [String]
    }

    struct State: Sendable, Equatable {
        var roles: [String]
        var users: [User]
        var tenantTag = ""
    }

    var name: String { "notes" }
    var title: String { "Engine test dialect" }

    func claims(path: String) -> Bool { path.hasPrefix("/notes/") }

    func makeState(from data: JSONValue, context: FixtureContext) throws(FixtureError) -> State {
        let o = try context.object(data)
        try context.onlyKeys(o, ["roles", "users"])
        var roles: [String] = []
        let rolesContext = context.at("roles")
        for (i, r) in try rolesContext.array(try context.required(o, "roles")).enumerated() {
            let c = rolesContext.at(i)
            let role = try c.object(r)
            let id = try c.at("id").string(try c.required(role, "id"))
            if roles.contains(id) { throw c.at("id").error("duplicate role id \"\(id)\"") }
            roles.append(id)
        }
        var users: [User] = []
        let usersContext = context.at("users")
        for (i, u) in try usersContext.array(try context.required(o, "users")).enumerated() {
            let c = usersContext.at(i)
            let user = try c.object(u)
            try c.onlyKeys(user, ["id", "roles"])
            let id = try c.at("id").string(try c.required(user, "id"))
            if users.contains(where: { $0.id == id }) { throw c.at("id").error("duplicate user id \"\(id)\"") }
            var held: [String] = []
            for (k, r) in try c.at("roles").array(user["roles"] ?? []).enumerated() {
                let role = try c.at("roles").at(k).string(r)
                guard roles.contains(role) else { throw c.at("roles").at(k).error("unknown role \"\(role)\"") }
                held.append(role)
            }
            users.append(User(id: id, roles: held))
        }
        return State(roles: roles, users: users)
    }

    func prepare(_ state: inout State, forTenant id: String) { state.tenantTag = id }

    func snapshot(of state: State) -> JSONValue {
        [
            "roles": .array(state.roles.map { ["id": .string($0)] }),
            "users": .array(state.users.map { ["id": .string($0.id), "roles": .array($0.roles.map { .string($0) })] }),
        ]
    }

    func routes() -> [DialectRoute<NotesDialect>] {
        [
            DialectRoute("GET", "/notes/users/{id}", summary: "Read a user") { context in
                let id = context.parameters["id"]
                guard let user = context.tenant.read({ $0.users.first { $0.id == id } }) else {
                    return .json(404, ["error": "no such user", "id": .string(id)])
                }
                return .json(200, ["id": .string(user.id), "roles": .array(user.roles.map { .string($0) }),
                                   "tenant": .string(context.tenant.id)])
            },
            DialectRoute("DELETE", "/notes/users/{id}/roles/{role}", summary: "Remove a role") { context in
                let id = context.parameters["id"], role = context.parameters["role"]
                let found = context.tenant.mutate { state -> Bool in
                    guard let i = state.users.firstIndex(where: { $0.id == id }) else { return false }
                    state.users[i].roles.removeAll { $0 == role }
                    return true
                }
                return found ? .empty(204) : .json(404, ["error": "no such user", "id": .string(id)])
            },
            DialectRoute("POST", "/notes/users/{id}/roles/{role}", summary: "Add a role") { context in
                let id = context.parameters["id"], role = context.parameters["role"]
                let found = context.tenant.mutate { state -> Bool in
                    guard let i = state.users.firstIndex(where: { $0.id == id }) else { return false }
                    if !state.users[i].roles.contains(role) { state.users[i].roles.append(role) }
                    return true
                }
                return found ? .empty(204) : .json(404, ["error": "no such user", "id": .string(id)])
            },
            DialectRoute("GET", "/notes/echo", summary: "Echo") { context in
                var headers = JSONObject()
                for field in context.request.headers { headers[field.name.lowercased()] = .string(field.value) }
                return .json(200, [
                    "method": .string(context.request.method), "path": .string(context.request.path),
                    "query": .string(context.request.rawQuery), "headers": .object(headers),
                    "body": .string(context.request.bodyText), "tenant": .string(context.tenant.id),
                ])
            },
        ]
    }

    func routingFailure(_ failure: RoutingFailure, request: HTTPRequest) -> HTTPResponse {
        switch failure {
        case .notFound: return .json(404, ["error": "not found"])
        case .methodNotAllowed(let allowed):
            var r = HTTPResponse.json(405, ["error": "method not allowed"])
            r.headers["Allow"] = allowed.joined(separator: ", ")
            return r
        }
    }

    func credentials(of state: State, tenant: TenantInfo) -> [Credential] {
        [Credential(kind: "none", label: "no credentials needed", fields: [("tenant", tenant.id)])]
    }
}

/// A fixture document of the notes dialect.
func notesFixture(name: String = "notes-a", tenant: String? = nil, isDefault: Bool = false,
                  data: String = #"{"roles":[{"id":"r1"},{"id":"r2"}],"users":[{"id":"u|1","roles":["r1","r2"]},{"id":"u2","roles":[]}]}"#) -> [UInt8] {
    let tenantMember = tenant.map { #","tenant":"\#($0)""# } ?? ""
    return Array(#"{"fixture":"\#(name)","dialect":"notes","default":\#(isDefault)\#(tenantMember),"data":\#(data)}"#.utf8)
}

func makeNotesEmulator() throws -> Emulator {
    var registry = DialectRegistry()
    registry.register(NotesDialect())
    let emulator = Emulator(dialects: registry)
    try emulator.loadFixtures(documents: [(file: "notes-a.json", bytes: notesFixture(tenant: "alpha", isDefault: true))])
    emulator.startFixtureTenants()
    return emulator
}
