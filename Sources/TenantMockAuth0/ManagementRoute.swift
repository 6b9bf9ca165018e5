import TenantMockCore

/// One Management API call past authentication: what a route handler works with.
struct ManagementCall: Sendable {
    let context: RequestContext<Auth0Dialect>
    let client: AuthenticatedClient
    /// The query, checked against the operation's parameters.
    let query: ValidatedQuery
    /// The body, checked against the operation's schema (`null` when it reads none).
    let body: JSONValue

    var request: HTTPRequest { context.request }
    var tenant: Tenant<Auth0Dialect> { context.tenant }
    func parameter(_ name: String) -> String { context.parameters[name] }

    /// Reads the tenant's state under its lock.
    func read<R>(_ body: (Auth0State) throws(Auth0Error) -> R) throws(Auth0Error) -> R {
        try tenant.read { state in Result { () throws(Auth0Error) in try body(state) } }.get()
    }

    /// Validates and changes the tenant's state in one step under its lock: a
    /// thrown error leaves the state untouched as long as `body` checks before it writes.
    func mutate<R>(_ body: (inout Auth0State) throws(Auth0Error) -> R) throws(Auth0Error) -> R {
        try tenant.mutate { state in Result { () throws(Auth0Error) in try body(&state) } }.get()
    }
}

/// What every Management API answer goes through (``Auth0Operation`` builds the routes).
///
/// Every answer, 204s included, is `Content-Type: application/json; charset=utf-8`
/// (observed in all recorded responses) and carries the `X-RateLimit-*` headers.
enum ManagementRoute {
    /// Takes one request from the tenant's bucket: 429 when it is empty, else `answer()`;
    /// either way with Auth0's content type and `X-RateLimit-*` headers. Every Management
    /// API answer goes through it, an unrouted path's 404 included.
    static func rateLimited(on tenant: Tenant<Auth0Dialect>, _ answer: () -> HTTPResponse) -> HTTPResponse {
        let decision = tenant.rateLimiter.take(default: RateLimitHeaders.defaultPolicy)
        var response = decision.map { !$0.allowed } == true ? Auth0Error.tooManyRequests.response : answer()
        response.headers["Content-Type"] = Auth0Dialect.contentType
        if let decision { RateLimitHeaders.apply(decision, to: &response) }
        return response
    }

    static func authenticate(_ context: RequestContext<Auth0Dialect>) throws(Auth0Error) -> AuthenticatedClient {
        let authenticator = ManagementAuthenticator(cache: context.tenant.dialect.tokenCache)
        let now = context.tenant.clock.now()
        let trust = context.tenant.read(ManagementTrust.init)
        return try authenticator.authenticate(context.request, trust: trust, now: now)
    }

    // MARK: Answers

    /// 204 with no body.
    static let noContent = HTTPResponse.empty(204)

    /// A JSON answer.
    static func json(_ status: Int, _ value: JSONValue) -> HTTPResponse {
        .json(status, value, contentType: Auth0Dialect.contentType)
    }
}
