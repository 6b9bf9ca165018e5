import TenantMock

/// A tiny dialect for testing the contract engine on its own: a per-tenant
/// list of notes behind a bearer token, a rate-limited route, and an echo of
/// the request's headers.
struct NotesDialect: Dialect {
    struct State: Sendable {
        var notes: [(id: String, text: String)]
        var next: Int
        var token: String
    }

    var name: String { "notes" }
    var title: String { "Notes (test dialect)" }

    func claims(path: String) -> Bool { path.hasPrefix("/notes") }

    func makeState(from data: JSONValue, context: FixtureContext) throws(FixtureError) -> State {
        let o = try context.object(data)
        try context.onlyKeys(o, ["notes"])
        var notes: [(id: String, text: String)] = []
        for (i, v) in try context.at("notes").array(o["notes"] ?? []).enumerated() {
            notes.append((id: "n\(i + 1)", text: try context.at("notes").at(i).string(v)))
        }
        return State(notes: notes, next: notes.count + 1, token: "")
    }

    /// Each tenant accepts only its own token.
    func prepare(_ state: inout State, forTenant id: String) { state.token = "tok-\(id)" }

    func snapshot(of state: State) -> JSONValue { ["notes": .array(state.notes.map { .string($0.text) })] }

    func routingFailure(_ failure: RoutingFailure, request: HTTPRequest) -> HTTPResponse {
        switch failure {
        case .notFound: return .json(404, ["error": "not found"])
        case .methodNotAllowed(let allowed):
            var r = HTTPResponse.json(405, ["error": "method not allowed"])
            r.headers["Allow"] = allowed.joined(separator: ", ")
            return r
        }
    }

    func credentials(of state: State, tenant: TenantInfo) -> [Credential] { [] }

    func routes() -> [DialectRoute<NotesDialect>] {
        [
            DialectRoute("POST", "/notes/login", summary: "A token for this tenant") { context in
                .json(200, ["access_token": .string(context.tenant.read { $0.token }), "expires_in": 60])
            },
            DialectRoute("GET", "/notes", summary: "List notes") { context in
                if let refusal = authenticate(context) { return refusal }
                let notes = context.tenant.read { $0.notes }
                return .json(200, .array(notes.map { ["id": .string($0.id), "text": .string($0.text)] }))
            },
            DialectRoute("POST", "/notes", summary: "Add a note") { context in
                if let refusal = authenticate(context) { return refusal }
                guard let body = try? JSONParser().parse(context.request.body), case .string(let text)? = body["text"]
                else { return .json(400, ["error": "invalid body", "content_type": .string(context.request.headers["Content-Type"] ?? "none")]) }
                let id = context.tenant.mutate { s -> String in
                    let id = "n\(s.next)"
                    s.next += 1
                    s.notes.append((id: id, text: text))
                    return id
                }
                return .json(201, ["id": .string(id), "text": .string(text), "pinned": false])
            },
            DialectRoute("DELETE", "/notes/{id}", summary: "Remove a note") { context in
                if let refusal = authenticate(context) { return refusal }
                let id = context.parameters["id"]
                let removed = context.tenant.mutate { s -> Bool in
                    let before = s.notes.count
                    s.notes.removeAll { $0.id == id }
                    return s.notes.count != before
                }
                return removed ? .empty(204) : .json(404, ["error": "no such note"])
            },
            DialectRoute("GET", "/notes/limited", summary: "Rate limited") { context in
                let decision = context.tenant.rateLimiter.take(default: RateLimitPolicy(limit: 3, windowSeconds: 60))!
                var r: HTTPResponse = decision.allowed ? .json(200, ["ok": true]) : .json(429, ["error": "slow down"])
                r.headers["X-RateLimit-Limit"] = String(decision.limit)
                r.headers["X-RateLimit-Remaining"] = String(decision.remaining)
                r.headers["X-RateLimit-Reset"] = String(decision.resetAt)
                return r
            },
            DialectRoute("POST", "/notes/echo", summary: "Echo the headers and body") { context in
                var headers = JSONObject()
                for field in context.request.headers where !field.name.equalsIgnoringASCIICase("Host") {
                    headers[field.name.lowercased()] = .string(field.value)
                }
                return .json(200, ["headers": .object(headers), "body": .string(context.request.bodyText),
                                   "query": .string(context.request.rawQuery)])
            },
        ]
    }

    func authenticate(_ context: RequestContext<NotesDialect>) -> HTTPResponse? {
        let expected = "Bearer " + context.tenant.read { $0.token }
        guard context.request.headers["Authorization"] == expected else { return .json(401, ["error": "unauthorized"]) }
        return nil
    }
}
