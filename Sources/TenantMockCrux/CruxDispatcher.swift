import TenantMockCore

/// Runs a request through a view the way DRF's `APIView.dispatch` does.
///
/// Order (DRF `views.py` @3.7.7, `APIView.dispatch` and `initial`): Django's URL resolution first
/// (a path parameter that is not a UUID is Django's HTML 404), then content
/// negotiation (406), authentication, permission, throttling, and only then the method: an
/// unauthenticated `POST` gets 401, not 405. The body is parsed when the
/// handler reads it, so 415 and parse errors come last. Every response of the
/// view carries `Allow` and `Vary: Accept`, but for an exception DRF re-raises
/// (Django's 500 page, ``DRFError/uncaught``).
enum CruxDispatcher {
    static func dispatch(_ view: CruxView, era: CruxEra, context: RequestContext<CruxDialect>) -> HTTPResponse {
        for name in view.parameterNames where !CruxUUID.isCanonical(context.parameters[name]) {
            return DjangoResponse.notFound
        }
        let request = context.request
        let now = context.tenant.clock.now()
        let method = view.method(request.method)
        // What depends on the request alone is worked out before the tenant's lock is
        // taken; its errors are raised inside, in DRF's order.
        let negotiation = Result { () throws(DRFError) in try DRFContentNegotiation.check(request) }
        let key = Result { () throws(DRFError) in try CruxTokenAuthentication.key(of: request) }
        let data = Result { () throws(DRFError) in try DRFRequestData.data(of: request) }
        // The answer, and whether the view finalized it (DRF's `finalize_response`).
        let run = { (state: inout CruxState) -> (HTTPResponse, finalized: Bool) in
            do throws(DRFError) {
                try negotiation.get()
                let caller = try authorize(key.get(), method: request.method, view: view, state: state, now: now)
                try throttle(context.tenant.rateLimiter)
                guard let method else {
                    if request.method == "OPTIONS" { return (metadata(of: view), true) }
                    throw .methodNotAllowed(request.method)
                }
                let call = CruxCall(request: request, parameters: context.parameters, era: era, now: now, caller: caller,
                                    parsedData: data)
                return (try method.handler(&state, call), true)
            } catch {
                return (error.response, !error.isUncaught)
            }
        }
        let (answer, finalized) = if method?.writes == true {
            context.tenant.mutate { run(&$0) }
        } else {
            context.tenant.read { state in
                var copy = state
                return run(&copy)
            }
        }
        // An exception DRF re-raises never reaches `finalize_response`: Django's page has no view headers.
        guard finalized else { return answer }
        var response = answer
        for field in view.defaultHeaders { response.headers[field.name] = field.value }
        return response
    }

    /// Authentication, then the view's permission check (`APIView.initial`).
    /// Returns the caller, `nil` when the view lets anonymous callers in.
    static func authorize(_ key: String?, method: String, view: CruxView, state: CruxState,
                          now: Double) throws(DRFError) -> CruxUser? {
        let authentication = try CruxTokenAuthentication.authenticate(key: key, in: state, now: now)
        if case .anyone = view.access {
            if case .user(let user) = authentication { return user }
            return nil
        }
        // `permission_denied`: no successful authenticator means 401, not 403.
        guard case .user(let user) = authentication else { throw .notAuthenticated }
        if case .orgUsers = view.access {
            let safe = method == "GET" || method == "HEAD" || method == "OPTIONS"
            guard state.user(user, holds: safe ? "view_org_users" : "edit_org_users") else { throw .permissionDenied }
        }
        return user
    }

    /// DRF throttling, when the fixture sets a `rate_limit` (CruxConnect documents none).
    static func throttle(_ limiter: RateLimiter) throws(DRFError) {
        guard let decision = limiter.take(), !decision.allowed else { return }
        throw .throttled(wait: decision.retryAfter)
    }

    /// DRF's `SimpleMetadata` answer to `OPTIONS` on a plain `APIView`.
    static func metadata(of view: CruxView) -> HTTPResponse {
        .json(200, [
            "name": .string(view.name),
            "description": "",
            "renders": ["application/json", "text/html"],
            "parses": ["application/json"],
        ])
    }
}
