import TenantMockCore

/// One Management API call past authentication: what a route handler works with.
struct ManagementCall: Sendable {
    let context: RequestContext<Auth0Dialect>
    let client: AuthenticatedClient

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

/// Builds Management API routes: every one rate-limits, authenticates, checks its
/// scopes, runs its handler, and answers with Auth0's headers.
///
/// The order follows hapi's request lifecycle, which Auth0's API runs on: rate
/// limit (per tenant) → authentication → scope → the handler (which validates
/// path, query and body in that order before touching state). Every answer, 204s
/// included, is `Content-Type: application/json; charset=utf-8` (observed in all
/// recorded responses) and carries the `X-RateLimit-*` headers.
enum ManagementRoute {
    /// A route's own work, once the caller is authenticated and allowed; a thrown
    /// `Auth0Error` becomes the answer.
    typealias Handler = @Sendable (ManagementCall) throws(Auth0Error) -> HTTPResponse

    /// A route at `/api/v2` + `path` accepting `scopes`; `rejectsNonGlobalClients` where the
    /// spec lists 401 "Client is not global." for the operation.
    static func make(_ method: String, _ path: String, _ summary: String, scopes: ScopeRequirement,
                     rejectsNonGlobalClients: Bool, handler: @escaping Handler) -> DialectRoute<Auth0Dialect> {
        DialectRoute(method, "/api/v2" + path, summary: summary) { context in
            rateLimited(on: context.tenant) {
                do throws(Auth0Error) {
                    let client = try authenticate(context)
                    if rejectsNonGlobalClients && !client.isGlobal { throw .clientNotGlobal }
                    guard scopes.isSatisfied(by: client.scopes) else { throw .insufficientScope(scopes) }
                    return try handler(ManagementCall(context: context, client: client))
                } catch {
                    return error.response
                }
            }
        }
    }

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

    private static func authenticate(_ context: RequestContext<Auth0Dialect>) throws(Auth0Error) -> AuthenticatedClient {
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
