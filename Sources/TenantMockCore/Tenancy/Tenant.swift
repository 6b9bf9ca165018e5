import Synchronization

/// One isolated tenant of a dialect: its state, its clock, its rate limiter.
///
/// All access to the state goes through `read` and `mutate`, which hold this
/// tenant's own lock: a request sees the state before or after another
/// request's change, never half of it, and tenants never share a lock.
public final class Tenant<D: Dialect>: AnyTenant, Sendable {
    public let id: String
    public let dialect: D
    /// The fixture this tenant was created from (what `reset` restores).
    public let fixture: Fixture<D>
    public let clock: TenantClock
    public let rateLimiter: RateLimiter
    public let journal: RequestJournal
    public let faults: FaultInjector
    /// When the tenant expires (seconds since 1970, wall clock), if it has a time to live.
    public let expiresAt: Double?
    let runtime: DialectRuntime<D>
    let state: Mutex<D.State>
    /// The dialect's routes, held here so that answering a request reads this object's own
    /// fields (a generic class's field offsets come with the object, with no type lookups).
    private let routeTable: RouteTable
    private let handlers: [DialectRoute<D>.Handler]

    init(id: String, fixture: Fixture<D>, runtime: DialectRuntime<D>, options: TenantOptions) {
        self.id = id
        self.dialect = runtime.dialect
        self.fixture = fixture
        self.runtime = runtime
        self.routeTable = runtime.router.table
        self.handlers = runtime.handlers
        self.clock = TenantClock()
        self.rateLimiter = RateLimiter(policy: fixture.rateLimit, clock: clock)
        self.journal = RequestJournal(capacity: options.journalCapacity, bodyBytes: options.journalBodyBytes,
                                      bytes: options.journalBytes, budget: options.journalBudget)
        self.faults = FaultInjector()
        self.expiresAt = options.expiresAt
        var initial = fixture.state
        runtime.dialect.prepare(&initial, forTenant: id)
        self.state = Mutex(initial)
    }

    /// Reads the state under the tenant's lock.
    public func read<R>(_ body: (D.State) throws -> R) rethrows -> R {
        try state.withLock { try body($0) }
    }

    /// Changes the state under the tenant's lock. Validate and change in one call:
    /// a throw leaves the state as it was only if `body` threw before mutating,
    /// so check first, then write.
    public func mutate<R>(_ body: (inout D.State) throws -> R) rethrows -> R {
        try state.withLock { try body(&$0) }
    }

    public var dialectName: String { dialect.name }
    public var fixtureName: String { fixture.name }
    public var info: TenantInfo { TenantInfo(id: id, fixture: fixture.name) }

    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        switch routeTable.lookup(method: request.method, path: request.path) {
        case .found(let index, let parameters):
            return handlers[index](RequestContext(request: request, parameters: parameters,
                                                  route: routeTable.templates[index], tenant: self))
        case .methodNotAllowed(let allowed):
            return dialect.routingFailure(.methodNotAllowed(allowed: allowed), request: request, tenant: self)
        case .notFound:
            return dialect.routingFailure(.notFound, request: request, tenant: self)
        }
    }

    public func openAPIDocument() -> JSONValue { runtime.openAPI.value }

    public func faultResponse(status: Int, request: HTTPRequest) -> HTTPResponse {
        dialect.faultResponse(status: status, request: request, tenant: self)
    }

    /// Restores the fixture's state and rate limit; the clock, faults and journal are left as they are.
    public func reset() {
        var initial = fixture.state
        dialect.prepare(&initial, forTenant: id)
        state.withLock { $0 = initial }
        rateLimiter.reset()
    }

    public func snapshot() -> JSONValue {
        let data = read { dialect.snapshot(of: $0) }
        return fixture.document(data: data)
    }

    public func credentials() -> [Credential] {
        read { dialect.credentials(of: $0, tenant: info) }
    }
}

/// A tenant of any dialect, as the registry and transports see it.
public protocol AnyTenant: AnyObject, Sendable {
    var id: String { get }
    var dialectName: String { get }
    var fixtureName: String { get }
    var clock: TenantClock { get }
    var rateLimiter: RateLimiter { get }
    var journal: RequestJournal { get }
    var faults: FaultInjector { get }
    var expiresAt: Double? { get }
    /// Answers a request whose path is relative to the tenant.
    func handle(_ request: HTTPRequest) -> HTTPResponse
    /// The OpenAPI document of the tenant's dialect.
    func openAPIDocument() -> JSONValue
    /// The vendor-shaped answer for an injected fault status (500, 503, 429, …).
    func faultResponse(status: Int, request: HTTPRequest) -> HTTPResponse
    /// Restores the state of the fixture the tenant was created from.
    func reset()
    /// The tenant's state as a fixture document (loadable as a fixture).
    func snapshot() -> JSONValue
    /// Ready-to-paste credentials.
    func credentials() -> [Credential]
}

/// How a tenant is set up beyond its fixture.
public struct TenantOptions: Sendable {
    /// Journal entries kept for the tenant (the oldest are dropped beyond it).
    public var journalCapacity: Int
    /// Bytes of each body a journal entry keeps (the rest is dropped, and noted).
    public var journalBodyBytes: Int
    /// Bytes the tenant's journal holds (the oldest entries are dropped beyond it).
    public var journalBytes: Int
    /// The budget the tenant's journal shares with the emulator's other journals, if any.
    public var journalBudget: JournalBudget?
    /// Wall-clock expiry (seconds since 1970) of an ephemeral tenant.
    public var expiresAt: Double?

    public init(journalCapacity: Int = JournalLimits.defaultCapacity, journalBodyBytes: Int = JournalLimits.defaultBodyBytes,
                journalBytes: Int = JournalLimits.defaultBytes, journalBudget: JournalBudget? = nil, expiresAt: Double? = nil) {
        self.journalCapacity = journalCapacity
        self.journalBodyBytes = journalBodyBytes
        self.journalBytes = journalBytes
        self.journalBudget = journalBudget
        self.expiresAt = expiresAt
    }
}
