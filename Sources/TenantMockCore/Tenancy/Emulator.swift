import Foundation

/// The engine: dialects, loaded fixtures and live tenants, and the one entry
/// point every transport calls, `handle(_:)`.
///
/// A request flows one way: tenant addressing → the tenant's dialect router →
/// the route handler (authentication, validation, the tenant's state) → response.
public final class Emulator: Sendable {
    /// Settings of an emulator.
    public struct Configuration: Sendable {
        /// The key the admin API (`/__admin/…`) requires as `Authorization: Bearer <key>`.
        public var adminKey: String
        /// Journal entries kept per tenant; the oldest are dropped beyond it.
        public var journalCapacity: Int
        /// Bytes of each request or response body a journal entry keeps; the rest is dropped and noted.
        public var journalBodyBytes: Int
        /// Bytes each journal holds; the oldest entries are dropped beyond it.
        public var journalBytes: Int
        /// Bytes all journals hold together; the oldest entries across tenants are dropped beyond it.
        public var journalTotalBytes: Int

        /// A configuration with a random admin key.
        public init(adminKey: String? = nil, journalCapacity: Int = JournalLimits.defaultCapacity,
                    journalBodyBytes: Int = JournalLimits.defaultBodyBytes, journalBytes: Int = JournalLimits.defaultBytes,
                    journalTotalBytes: Int = JournalLimits.defaultTotalBytes) {
            self.adminKey = adminKey ?? Self.randomKey()
            self.journalCapacity = journalCapacity
            self.journalBodyBytes = journalBodyBytes
            self.journalBytes = journalBytes
            self.journalTotalBytes = journalTotalBytes
        }

        /// 32 random hex digits.
        public static func randomKey() -> String {
            var generator = SystemRandomNumberGenerator()
            return (0..<16).map { _ in
                let b = UInt8.random(in: 0...255, using: &generator)
                return String(b >> 4, radix: 16) + String(b & 0xF, radix: 16)
            }.joined()
        }
    }

    public let dialects: DialectRegistry
    public let fixtures: FixtureCatalog
    public let tenants: TenantRegistry
    public let loader: FixtureLoader
    public let configuration: Configuration
    /// Requests that reached no tenant.
    public let unaddressedJournal: RequestJournal
    /// The bytes all journals share (`Configuration.journalTotalBytes`).
    public let journalBudget: JournalBudget
    let sequence = JournalSequence()

    /// An emulator for `dialects`, with no fixtures and no tenants yet.
    public init(dialects: DialectRegistry, configuration: Configuration = Configuration()) {
        self.dialects = dialects
        self.fixtures = FixtureCatalog()
        self.tenants = TenantRegistry()
        self.loader = FixtureLoader(dialects: dialects)
        self.configuration = configuration
        self.journalBudget = JournalBudget(totalBytes: configuration.journalTotalBytes)
        self.unaddressedJournal = RequestJournal(capacity: configuration.journalCapacity, bodyBytes: configuration.journalBodyBytes,
                                                 bytes: configuration.journalBytes, budget: journalBudget)
    }

    /// Options for a new tenant of this emulator.
    public func tenantOptions(timeToLive: Double? = nil) -> TenantOptions {
        TenantOptions(journalCapacity: configuration.journalCapacity, journalBodyBytes: configuration.journalBodyBytes,
                      journalBytes: configuration.journalBytes, journalBudget: journalBudget,
                      expiresAt: timeToLive.map { Date().timeIntervalSince1970 + $0 })
    }

    // MARK: Fixtures and tenants

    /// Loads fixture files and folders into the catalog. All are validated
    /// first: if any is refused, none is added.
    @discardableResult
    public func loadFixtures(paths: [String]) throws(FixtureError) -> [any AnyFixture] {
        var loaded: [any AnyFixture] = []
        for file in try FixtureLoader.files(in: paths) { loaded.append(try loader.load(file: file)) }
        try Self.checkUniqueNames(loaded)
        for fixture in loaded { fixtures.add(fixture) }
        return loaded
    }

    /// Loads fixture documents given as `(label, bytes)`; all or nothing.
    @discardableResult
    public func loadFixtures(documents: [(file: String, bytes: [UInt8])]) throws(FixtureError) -> [any AnyFixture] {
        var loaded: [any AnyFixture] = []
        for doc in documents { loaded.append(try loader.load(bytes: doc.bytes, file: doc.file)) }
        try Self.checkUniqueNames(loaded)
        for fixture in loaded { fixtures.add(fixture) }
        return loaded
    }

    /// Loads the fixture documents `base` and, over them, the fixture files and folders
    /// `added`; all are validated first, and if any is refused, none is added.
    ///
    /// On a clash the added fixture wins: a base fixture with the name or the tenant id of an
    /// added one is left out (two added fixtures may not clash, as in `loadFixtures(paths:)`).
    /// Returns what was loaded and, for each base fixture left out, the file that replaced it.
    @discardableResult
    public func loadFixtures(documents base: [(file: String, bytes: [UInt8])], adding added: [String])
        throws(FixtureError) -> (loaded: [any AnyFixture], replaced: [(fixture: String, by: String)]) {
        var extra: [any AnyFixture] = []
        for file in try FixtureLoader.files(in: added) { extra.append(try loader.load(file: file)) }
        try Self.checkUniqueNames(extra)
        var kept: [any AnyFixture] = []
        var replaced: [(fixture: String, by: String)] = []
        for doc in base {
            let fixture = try loader.load(bytes: doc.bytes, file: doc.file)
            if let winner = extra.first(where: { $0.name == fixture.name || $0.tenantID == fixture.tenantID }) {
                replaced.append((fixture: fixture.name, by: winner.file))
            } else {
                kept.append(fixture)
            }
        }
        let loaded = kept + extra
        try Self.checkUniqueNames(loaded)
        for fixture in loaded { fixtures.add(fixture) }
        return (loaded, replaced)
    }

    public static func checkUniqueNames(_ loaded: [any AnyFixture]) throws(FixtureError) {
        var seenFixtures: [String: String] = [:]
        var seenTenants: [String: String] = [:]
        for f in loaded {
            if let other = seenFixtures[f.name] {
                throw FixtureError(file: f.file, path: JSONPath().key("fixture"),
                                   reason: "duplicate fixture name \"\(f.name)\" (also in \(other))")
            }
            if let other = seenTenants[f.tenantID] {
                throw FixtureError(file: f.file, path: JSONPath().key("tenant"),
                                   reason: "duplicate tenant id \"\(f.tenantID)\" (also in \(other))")
            }
            seenFixtures[f.name] = f.file
            seenTenants[f.tenantID] = f.file
        }
    }

    /// Starts one tenant per fixture in the catalog (named by its `tenant` member),
    /// skipping tenants that already exist. Fixtures marked `default` become their
    /// dialect's default tenant.
    public func startFixtureTenants() {
        for fixture in fixtures.all where tenants.tenant(fixture.tenantID) == nil {
            _ = try? tenants.create(id: fixture.tenantID, from: fixture, options: tenantOptions(),
                                    asDefault: fixture.isDefault)
        }
    }

    /// Creates a tenant from the fixture named `fixtureName`; with `timeToLive`
    /// (seconds) it is deleted once that time has passed.
    @discardableResult
    public func createTenant(id: String, fixture fixtureName: String, timeToLive: Double? = nil,
                             asDefault: Bool = false) throws(TenantError) -> any AnyTenant {
        guard let fixture = fixtures.fixture(fixtureName) else { throw .unknownFixture(fixtureName) }
        return try tenants.create(id: id, from: fixture, options: tenantOptions(timeToLive: timeToLive),
                                  asDefault: asDefault)
    }

    // MARK: Requests

    /// Answers one request: finds its tenant (by `Host`, by a `/tenants/{id}`
    /// prefix, or by the default tenant of the dialect that claims the path) and
    /// lets the tenant's dialect handle it. Never throws; every failure is an HTTP answer.
    ///
    /// Paths under `/__admin/` go to the admin API. Every other request is
    /// journaled with its answer (its path relative to the tenant), and the
    /// tenant's fault rules apply to it.
    ///
    /// A path that does not start with `/` is answered 400 `bad_request`, as `HTTPServer`
    /// refuses such a request target itself (RFC 9112 §3.2); `OPTIONS *`, a question about
    /// the server as a whole (RFC 9110 §9.3.7), is answered 200 with no content. Neither
    /// reaches a tenant or a journal.
    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        if !request.hasAcceptedTarget {
            return Self.tenantMockError(400, code: "bad_request", message: HTTPRequest.targetFormRefusal)
        }
        if request.path == "*" { return HTTPResponse(status: 200) }
        if request.path == "/__admin" || request.path.hasPrefix("/__admin/") { return handleAdmin(request) }
        let receivedAt = Date().timeIntervalSince1970
        let started = DispatchTime.now().uptimeNanoseconds
        var response: HTTPResponse
        let tenantID: String?
        let journal: RequestJournal
        var journaled = request
        switch resolve(request) {
        case .tenant(let tenant, let relative):
            tenantID = tenant.id
            journal = tenant.journal
            journaled = relative
            if relative.path == "/openapi.json" && (relative.method == "GET" || relative.method == "HEAD") {
                response = Self.openAPIResponse(tenant.openAPIDocument(), tenant: tenant.id, request: request)
            } else if let fault = tenant.faults.decide(relative) {
                if let status = fault.status {
                    response = tenant.faultResponse(status: status, request: relative)
                } else if fault.resetConnection {
                    response = HTTPResponse(status: 499)
                } else {
                    response = tenant.handle(relative)
                }
                response.resetConnection = fault.resetConnection
                response.delay = fault.delay
            } else {
                response = tenant.handle(relative)
            }
        case .failure(let failure):
            tenantID = nil
            journal = unaddressedJournal
            response = failure
        }
        let elapsed = Int((DispatchTime.now().uptimeNanoseconds - started) / 1_000) + Int(response.delay * 1_000_000)
        journal.append(JournalEntry(sequence: sequence.next(), receivedAt: receivedAt, tenant: tenantID,
                                    request: journaled, response: response, durationMicroseconds: elapsed))
        return response
    }

    /// The dialect's OpenAPI document, its `servers` pointing at the tenant as the request addressed it.
    static func openAPIResponse(_ document: JSONValue, tenant: String, request: HTTPRequest) -> HTTPResponse {
        guard case .object(var o) = document else { return .json(200, document) }
        let prefix = request.path.hasPrefix("/tenants/") ? "/tenants/\(tenant)" : ""
        let host = request.headers["Host"].map { "http://\($0)" } ?? ""
        o["servers"] = [["url": .string(host + prefix)]]
        return .json(200, .object(o))
    }

    /// Journal entries matching `filter`, oldest first, across tenants unless the filter names one.
    public func journalEntries(_ filter: JournalFilter = JournalFilter()) -> (entries: [JournalEntry], dropped: Int) {
        let journals: [RequestJournal]
        if let id = filter.tenant {
            journals = tenants.tenant(id).map { [$0.journal] } ?? []
        } else {
            journals = tenants.all.map(\.journal) + [unaddressedJournal]
        }
        var entries = journals.flatMap { $0.entries.filter(filter.matches) }
        entries.sort { $0.sequence < $1.sequence }
        if let limit = filter.limit, entries.count > limit { entries = Array(entries.suffix(limit)) }
        return (entries, journals.reduce(0) { $0 + $1.dropped })
    }

    /// Clears the journal of tenant `id`, or every journal.
    public func clearJournal(tenant id: String? = nil) {
        if let id { tenants.tenant(id)?.journal.clear(); return }
        for tenant in tenants.all { tenant.journal.clear() }
        unaddressedJournal.clear()
    }

    /// The outcome of tenant addressing.
    public enum Resolution: Sendable {
        /// The tenant, and the request with its path made relative to the tenant.
        case tenant(any AnyTenant, HTTPRequest)
        /// No tenant: the answer to send.
        case failure(HTTPResponse)
    }

    /// Finds the tenant a request is addressed to.
    ///
    /// 1. A path prefix `/tenants/{id}/…` (removed before routing);
    /// 2. otherwise a `Host` whose first label names a tenant (`acme.localhost:8080`);
    ///    a `*.localhost` host naming no tenant is an error; a `Host` that is an IP address
    ///    (`127.0.0.1`, `127.1`, `0x7f.0.0.1`, `[::ffff:127.0.0.1]`, see ``HostAddress``)
    ///    names no tenant;
    /// 3. otherwise the default tenant of the dialect that claims the path
    ///    (for `/openapi.json`, of the dialect named by `?dialect=`).
    public func resolve(_ request: HTTPRequest) -> Resolution {
        let prefix = "/tenants/"
        if request.path.hasPrefix(prefix) {
            let rest = request.path.dropFirst(prefix.count)
            let id = String(rest.prefix { $0 != "/" })
            guard let tenant = tenants.tenant(id) else {
                return .failure(unknownTenant(id, how: "path prefix /tenants/\(id)"))
            }
            var relative = request
            let remainder = rest.dropFirst(id.count)
            relative.path = remainder.isEmpty ? "/" : String(remainder)
            relative.mountPrefix = prefix + id
            return .tenant(tenant, relative)
        }
        if let field = request.headers["Host"], !HostAddress.isIPAddress(field), let host = request.hostName,
           let dot = host.utf8.firstIndex(of: UInt8(ascii: ".")) {
            let label = String(host[..<dot])
            if let tenant = tenants.tenant(label) { return .tenant(tenant, request) }
            if host.hasSuffix(".localhost") { return .failure(unknownTenant(label, how: "Host \(host)")) }
        }
        let claimed = request.path == "/openapi.json" ? request.query("dialect").flatMap { dialects[$0]?.name }
            : dialects.name(claiming: request.path)
        if let dialect = claimed {
            if let tenant = tenants.defaultTenant(of: dialect) { return .tenant(tenant, request) }
            return .failure(Self.tenantMockError(404, code: "no_default_tenant",
                message: "No \(dialect) tenant is running to answer \(request.path); create one or name one with a Host header or a /tenants/{id} prefix."))
        }
        return .failure(Self.tenantMockError(404, code: "no_route",
            message: "No dialect serves \(request.method) \(request.path). Address a tenant by Host ({tenant}.localhost) or by a /tenants/{tenant} prefix; `tenantmock routes` lists the routes."))
    }

    func unknownTenant(_ id: String, how: String) -> HTTPResponse {
        let known = tenants.all.map(\.id).joined(separator: ", ")
        return Self.tenantMockError(404, code: "unknown_tenant",
            message: "No tenant named \"\(id)\" (addressed by \(how)). Tenants: \(known.isEmpty ? "none" : known).")
    }

    /// A TenantMock error (not a vendor's): `{"error": code, "message": …}` with
    /// `X-TenantMock-Error: code`, so clients can tell it from a vendor answer.
    public static func tenantMockError(_ status: Int, code: String, message: String) -> HTTPResponse {
        var response = HTTPResponse.json(status, ["error": .string(code), "message": .string(message)])
        response.headers["X-TenantMock-Error"] = code
        return response
    }
}
