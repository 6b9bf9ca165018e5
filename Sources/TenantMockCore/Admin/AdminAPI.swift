import Foundation

/// The admin API under `/__admin/`: tenants, journal, faults, rate limits and clocks.
///
/// Every call needs `Authorization: Bearer <admin key>`; no vendor token is ever
/// accepted here, and the admin key is not a credential of any vendor route.
/// Answers are JSON; errors are `{"error": code, "message": …}` with
/// `X-TenantMock-Error`. The routes are listed in `docs/admin.md`.
extension Emulator {
    typealias AdminHandler = @Sendable (Emulator, AdminCall) -> HTTPResponse

    /// One admin request, with its path parameters and parsed JSON body.
    struct AdminCall {
        let request: HTTPRequest
        let parameters: PathParameters

        /// The body as JSON (an empty body is `{}`), or an error answer.
        func json() -> Result<JSONValue, AdminFailure> {
            if request.body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return .success([:]) }
            do {
                return .success(try JSONParser(options: .strict).parse(request.body))
            } catch {
                return .failure(AdminFailure(400, "invalid_json", "The body is not valid JSON: \(error)"))
            }
        }

        /// The tenant named by the `{id}` parameter, or a 404 answer.
        func tenant(_ emulator: Emulator) -> Result<any AnyTenant, AdminFailure> {
            let id = parameters["id"]
            guard let tenant = emulator.tenants.tenant(id) else {
                return .failure(AdminFailure(404, "unknown_tenant", "No tenant named \"\(id)\"."))
            }
            return .success(tenant)
        }
    }

    struct AdminFailure: Error {
        let status: Int
        let code: String
        let message: String
        init(_ status: Int, _ code: String, _ message: String) {
            self.status = status
            self.code = code
            self.message = message
        }
        /// A 400 `invalid_request` for a member out of shape or range: the message is
        /// `$.path: reason`, and the body also carries `path` and `reason` apart.
        init(invalid error: FixtureError) {
            self.init(400, "invalid_request", "\(error.path): \(error.reason)")
            detail = ["path": .string(error.path.description), "reason": .string(error.reason)]
        }

        /// Members added to the error body.
        var detail: JSONObject = [:]

        var response: HTTPResponse {
            var response = Emulator.tenantMockError(status, code: code, message: message)
            if !detail.isEmpty, case .object(var o)? = response.jsonBody {
                for (key, value) in detail { o[key] = value }
                response.body = JSONSerializer.bytes(.object(o))
            }
            return response
        }
    }

    /// Where the members of an admin request body are read; `FixtureError`s name their path in it.
    static let requestBody = FixtureContext(file: "<request body>", path: JSONPath())

    /// The times to live a tenant may have, in seconds: a millisecond to 365 days.
    public static let timeToLiveSecondsRange: ClosedRange<Double> = 0.001...31_536_000
    /// Tenants per page of `GET /__admin/tenants` when `per_page` is not given.
    public static let tenantsDefaultPerPage = 100
    /// The largest `per_page` of `GET /__admin/tenants`.
    public static let tenantsMaxPerPage = 1_000

    static let adminRouter: Router<AdminHandler> = {
        var r = Router<AdminHandler>()
        r.add("GET", "/__admin/tenants", { e, call in e.adminListTenants(call) })
        r.add("POST", "/__admin/tenants", { e, call in e.adminCreateTenant(call) })
        r.add("GET", "/__admin/tenants/{id}", { e, call in
            e.withTenant(call) { .json(200, e.describe($0, host: call.request.headers["Host"])) }
        })
        r.add("DELETE", "/__admin/tenants/{id}", { e, call in
            e.withTenant(call) { tenant in
                try? e.tenants.delete(tenant.id)
                return .empty(204)
            }
        })
        r.add("POST", "/__admin/tenants/{id}/reset", { e, call in
            e.withTenant(call) { tenant in
                tenant.reset()
                return .json(200, e.describe(tenant, host: call.request.headers["Host"]))
            }
        })
        r.add("GET", "/__admin/tenants/{id}/snapshot", { e, call in e.withTenant(call) { .json(200, $0.snapshot()) } })
        r.add("GET", "/__admin/tenants/{id}/faults", { e, call in e.withTenant(call) { .json(200, Emulator.describeFaults($0)) } })
        r.add("PUT", "/__admin/tenants/{id}/faults", { e, call in e.adminSetFaults(call) })
        r.add("DELETE", "/__admin/tenants/{id}/faults", { e, call in
            e.withTenant(call) { tenant in
                tenant.faults.clear()
                return .empty(204)
            }
        })
        r.add("GET", "/__admin/tenants/{id}/rate-limit", { e, call in e.withTenant(call) { .json(200, Emulator.describeRateLimit($0)) } })
        r.add("PUT", "/__admin/tenants/{id}/rate-limit", { e, call in e.adminSetRateLimit(call) })
        r.add("DELETE", "/__admin/tenants/{id}/rate-limit", { e, call in
            e.withTenant(call) { tenant in
                tenant.rateLimiter.reset()
                return .json(200, Emulator.describeRateLimit(tenant))
            }
        })
        r.add("GET", "/__admin/tenants/{id}/clock", { e, call in e.withTenant(call) { .json(200, Emulator.describeClock($0)) } })
        r.add("POST", "/__admin/tenants/{id}/clock", { e, call in e.adminSetClock(call) })
        r.add("GET", "/__admin/journal", { e, call in e.adminJournal(call) })
        r.add("DELETE", "/__admin/journal", { e, call in
            if let id = call.request.query("tenant"), e.tenants.tenant(id) == nil {
                return AdminFailure(404, "unknown_tenant", "No tenant named \"\(id)\".").response
            }
            e.clearJournal(tenant: call.request.query("tenant"))
            return .empty(204)
        })
        r.add("GET", "/__admin/fixtures", { e, _ in
            .json(200, .array(e.fixtures.all.map { f in
                ["name": .string(f.name), "dialect": .string(f.dialectName), "tenant": .string(f.tenantID),
                 "description": .string(f.description), "file": .string(f.file)]
            }))
        })
        return r
    }()

    func handleAdmin(_ request: HTTPRequest) -> HTTPResponse {
        let expected = "Bearer " + configuration.adminKey
        guard let given = request.headers["Authorization"], constantTimeEquals(given, expected) else {
            var response = Self.tenantMockError(401, code: "admin_key_required",
                message: "The admin API needs Authorization: Bearer <admin key> (printed by `tenantmock serve`, or set with --admin-key).")
            response.headers["WWW-Authenticate"] = "Bearer realm=\"tenantmock-admin\""
            return response
        }
        switch Emulator.adminRouter.match(method: request.method, path: request.path) {
        case .found(let handler, let parameters, _):
            return handler(self, AdminCall(request: request, parameters: parameters))
        case .methodNotAllowed(let allowed):
            var response = Self.tenantMockError(405, code: "method_not_allowed",
                                                message: "\(request.method) is not allowed on \(request.path).")
            response.headers["Allow"] = allowed.joined(separator: ", ")
            return response
        case .notFound:
            return Self.tenantMockError(404, code: "no_admin_route", message: "No admin route \(request.path); see docs/admin.md.")
        }
    }

    func withTenant(_ call: AdminCall, _ body: (any AnyTenant) -> HTTPResponse) -> HTTPResponse {
        switch call.tenant(self) {
        case .success(let tenant): return body(tenant)
        case .failure(let failure): return failure.response
        }
    }

    /// `GET /__admin/tenants[?page=P][&per_page=N]`: page `P` (from 0) of the tenants in creation
    /// order, `N` to a page (`tenantsDefaultPerPage` unless given, at most `tenantsMaxPerPage`), as
    /// an array of descriptions addressed by the request's `Host`. `X-Total-Count` gives the number
    /// of tenants, and `Link` the next page when there is one. A page past the end is `[]`.
    func adminListTenants(_ call: AdminCall) -> HTTPResponse {
        let q = call.request
        var page = 0, perPage = Self.tenantsDefaultPerPage
        if let text = q.query("page") {
            guard let n = Int(text), n >= 0 else {
                return AdminFailure(400, "invalid_request", "\"page\" must be a non-negative integer (0 is the first page).").response
            }
            page = n
        }
        if let text = q.query("per_page") {
            guard let n = Int(text), (1...Self.tenantsMaxPerPage).contains(n) else {
                return AdminFailure(400, "invalid_request", "\"per_page\" must be an integer in 1...\(Self.tenantsMaxPerPage).").response
            }
            perPage = n
        }
        let all = tenants.all
        // A page far past the end is empty (and its first index may not fit in an Int).
        let (start, overflow) = page.multipliedReportingOverflow(by: perPage)
        let first = overflow ? all.count : min(start, all.count)
        let end = min(all.count, first + perPage)
        let host = q.headers["Host"]
        var response = HTTPResponse.json(200, .array(all[first..<end].map { describe($0, host: host) }))
        response.headers["X-Total-Count"] = String(all.count)
        if end < all.count {
            response.headers["Link"] = "</__admin/tenants?page=\(page + 1)&per_page=\(perPage)>; rel=\"next\""
        }
        return response
    }

    /// A tenant as the admin API shows it: identity, addresses and credentials.
    public func describe(_ tenant: any AnyTenant, host: String? = nil) -> JSONValue {
        let authority = host ?? "127.0.0.1:8080"
        let port = authority.split(separator: ":").last.flatMap { Int($0) }
        let hostAddress = "\(tenant.id).localhost" + (port.map { ":\($0)" } ?? "")
        return [
            "id": .string(tenant.id),
            "dialect": .string(tenant.dialectName),
            "fixture": .string(tenant.fixtureName),
            "default": .bool(tenants.defaultTenantID(of: tenant.dialectName) == tenant.id),
            "expires_at": tenant.expiresAt.map { .int(Int(saturating: $0)) } ?? .null,
            "addresses": [
                "path_prefix": .string("http://\(authority)/tenants/\(tenant.id)"),
                "host": .string("http://\(hostAddress)"),
            ],
            "credentials": .array(tenant.credentials().map(\.json)),
        ]
    }

    func adminCreateTenant(_ call: AdminCall) -> HTTPResponse {
        let body: JSONValue
        switch call.json() {
        case .success(let value): body = value
        case .failure(let failure): return failure.response
        }
        guard case .object(let o) = body else {
            return AdminFailure(400, "invalid_request", "The body must be a JSON object.").response
        }
        let known: Set<String> = ["id", "fixture", "inline", "snapshot", "ttl_seconds", "default"]
        if let unknown = o.keys.first(where: { !known.contains($0) }) {
            return AdminFailure(400, "invalid_request", "Unknown member \"\(unknown)\"; expected: \(known.sorted().joined(separator: ", ")).").response
        }
        let sources = ["fixture", "inline", "snapshot"].filter { o[$0] != nil }
        guard sources.count == 1 else {
            return AdminFailure(400, "invalid_request", "Give exactly one of \"fixture\" (a fixture name), \"inline\" (a fixture document) or \"snapshot\" (an exported snapshot).").response
        }
        var ttl: Double?
        if let t = o["ttl_seconds"] {
            do throws(FixtureError) {
                ttl = try Self.requestBody.at("ttl_seconds").number(t, in: Self.timeToLiveSecondsRange)
            } catch {
                return AdminFailure(invalid: error).response
            }
        }
        let asDefault = o["default"]?.boolValue ?? false
        let fixture: any AnyFixture
        if let name = o["fixture"] {
            guard let name = name.stringValue, let found = fixtures.fixture(name) else {
                return AdminFailure(404, "unknown_fixture", "No fixture named \(o["fixture"]!); GET /__admin/fixtures lists them.").response
            }
            fixture = found
        } else {
            let document = o["inline"] ?? o["snapshot"]!
            do {
                fixture = try loader.load(document: document, file: "<\(sources[0])>", isSnapshot: sources[0] == "snapshot")
            } catch {
                var response = AdminFailure(400, "invalid_fixture", error.description).response
                if var object = response.jsonBody?.objectValue {
                    object["path"] = .string(error.path.description)
                    object["reason"] = .string(error.reason)
                    response.body = JSONSerializer.bytes(.object(object))
                }
                return response
            }
        }
        let id = o["id"]?.stringValue ?? "t-" + String(Configuration.randomKey().prefix(8))
        do {
            let tenant = try tenants.create(id: id, from: fixture, options: tenantOptions(timeToLive: ttl), asDefault: asDefault)
            return .json(201, describe(tenant, host: call.request.headers["Host"]))
        } catch {
            switch error {
            case .duplicateTenant: return AdminFailure(409, "tenant_exists", error.description).response
            default: return AdminFailure(400, "invalid_request", error.description).response
            }
        }
    }

    static func describeFaults(_ tenant: any AnyTenant) -> JSONValue {
        let c = tenant.faults.configuration
        return ["seed": .int(Int(truncatingIfNeeded: c.seed)), "rules": .array(c.rules.map(\.json)),
                "fired": .array(c.fired.map { .int($0) })]
    }

    func adminSetFaults(_ call: AdminCall) -> HTTPResponse {
        withTenant(call) { tenant in
            let body: JSONValue
            switch call.json() {
            case .success(let value): body = value
            case .failure(let failure): return failure.response
            }
            let context = Self.requestBody
            do throws(FixtureError) {
                let o = try context.object(body)
                try context.onlyKeys(o, ["rules", "seed"])
                let seed = try o["seed"].map { v throws(FixtureError) in try context.at("seed").int(v) } ?? 0
                let list = try context.at("rules").array(try context.required(o, "rules"))
                var rules: [FaultRule] = []
                for (i, rule) in list.enumerated() { rules.append(try FaultRule(json: rule, context: context.at("rules").at(i))) }
                tenant.faults.configure(rules: rules, seed: UInt64(bitPattern: Int64(seed)))
                return .json(200, Emulator.describeFaults(tenant))
            } catch {
                return AdminFailure(invalid: error).response
            }
        }
    }

    static func describeRateLimit(_ tenant: any AnyTenant) -> JSONValue {
        tenant.rateLimiter.policy?.json ?? ["limit": nil, "window_seconds": nil]
    }

    func adminSetRateLimit(_ call: AdminCall) -> HTTPResponse {
        withTenant(call) { tenant in
            let body: JSONValue
            switch call.json() {
            case .success(let value): body = value
            case .failure(let failure): return failure.response
            }
            do throws(FixtureError) {
                let policy = try RateLimitPolicy(fixture: body, context: Self.requestBody)
                tenant.rateLimiter.setPolicy(policy)
                return .json(200, Emulator.describeRateLimit(tenant))
            } catch {
                return AdminFailure(invalid: error).response
            }
        }
    }

    static func describeClock(_ tenant: any AnyTenant) -> JSONValue {
        ["now": .number(.double((tenant.clock.now() * 1000).rounded() / 1000)), "frozen": .bool(tenant.clock.isFrozen)]
    }

    func adminSetClock(_ call: AdminCall) -> HTTPResponse {
        withTenant(call) { tenant in
            let body: JSONValue
            switch call.json() {
            case .success(let value): body = value
            case .failure(let failure): return failure.response
            }
            guard case .object(let o) = body, !o.isEmpty else {
                return AdminFailure(400, "invalid_request", "Give any of \"freeze\" (bool), \"set\" (seconds since 1970), \"advance\" (seconds), \"real_time\": true.").response
            }
            if let unknown = o.keys.first(where: { !["freeze", "set", "advance", "real_time"].contains($0) }) {
                return AdminFailure(400, "invalid_request", "Unknown member \"\(unknown)\".").response
            }
            // Every member is checked before any is applied: a refused call leaves the clock as it was.
            let c = Self.requestBody
            let realTime: Bool, freeze: Bool?, set: Double?, advance: Double?
            do throws(FixtureError) {
                realTime = try o["real_time"].map { v throws(FixtureError) in try c.at("real_time").bool(v) } ?? false
                freeze = try o["freeze"].map { v throws(FixtureError) in try c.at("freeze").bool(v) }
                set = try o["set"].map { v throws(FixtureError) in try c.at("set").number(v, in: TenantClock.validTimes) }
                advance = try o["advance"].map { v throws(FixtureError) in
                    try c.at("advance").number(v, in: -TenantClock.maxAdvance...TenantClock.maxAdvance)
                }
                if let advance {
                    let from = set ?? (realTime ? Date().timeIntervalSince1970 : tenant.clock.now())
                    guard TenantClock.validTimes.contains(from + advance) else {
                        throw c.at("advance").error("would move the clock to \(FixtureContext.text(from + advance)), "
                            + "outside \(FixtureContext.text(TenantClock.validTimes.lowerBound))...\(FixtureContext.text(TenantClock.validTimes.upperBound)) (1970 to 9999)")
                    }
                }
            } catch {
                return AdminFailure(invalid: error).response
            }
            if realTime { tenant.clock.resetToRealTime() }
            if let freeze { if freeze { tenant.clock.freeze() } else { tenant.clock.unfreeze() } }
            if let set { tenant.clock.set(set) }
            if let advance { tenant.clock.advance(by: advance) }
            return .json(200, Emulator.describeClock(tenant))
        }
    }

    func adminJournal(_ call: AdminCall) -> HTTPResponse {
        let q = call.request
        var filter = JournalFilter(tenant: q.query("tenant"), method: q.query("method"), path: q.query("path"))
        if let s = q.query("status") {
            guard let n = Int(s) else { return AdminFailure(400, "invalid_request", "\"status\" must be an integer.").response }
            filter.status = n
        }
        if let l = q.query("limit") {
            guard let n = Int(l), n >= 0 else { return AdminFailure(400, "invalid_request", "\"limit\" must be a non-negative integer.").response }
            filter.limit = n
        }
        if let id = filter.tenant, tenants.tenant(id) == nil {
            return AdminFailure(404, "unknown_tenant", "No tenant named \"\(id)\".").response
        }
        let result = journalEntries(filter)
        return .json(200, ["entries": .array(result.entries.map(\.json)), "count": .int(result.entries.count),
                           "dropped": .int(result.dropped)])
    }
}

/// Compares two strings in time that depends only on their lengths.
func constantTimeEquals(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    guard x.count == y.count else { return false }
    var difference: UInt8 = 0
    for i in 0..<x.count { difference |= x[i] ^ y[i] }
    return difference == 0
}
