import TenantMockCore

/// The answers an injected fault forces, shaped as the Django/DRF service would send them.
enum CruxFaultResponse {
    /// `status` as the service would answer it for `request`:
    ///
    /// - 500: ``DjangoResponse/serverError``, Django's page for an unhandled exception;
    /// - 429: DRF's `Throttled`, with `Retry-After` from the tenant's rate limit (1 s without one);
    /// - 400, 401, 403, 404, 405, 406, 415: DRF's exception of that status with its
    ///   default message (`rest_framework/exceptions.py` @3.7.7);
    /// - anything else: `{"detail": "<reason phrase>."}` (inferred).
    ///
    /// Answers of a view (a path that resolves) carry its `Allow` and `Vary`.
    static func response(status: Int, request: HTTPRequest, rateLimit: RateLimitPolicy?) -> HTTPResponse {
        if status == 500 { return DjangoResponse.serverError }
        let error: DRFError
        switch status {
        case 400: error = .detail(400, "Malformed request.")
        case 401: error = .notAuthenticated
        case 403: error = .permissionDenied
        case 404: error = .notFound
        case 405: error = .methodNotAllowed(request.method)
        case 406: error = .detail(406, "Could not satisfy the request Accept header.")
        case 415: error = .unsupportedMediaType(request.headers["Content-Type"] ?? "")
        case 429:
            let wait = rateLimit.map { Int(($0.windowSeconds / Double($0.limit)).rounded(.up)) } ?? 1
            error = .throttled(wait: max(1, wait))
        default: error = .detail(status, HTTPStatus.reasonPhrase(status) + ".")
        }
        var response = error.response
        if let view = CruxURLConf.resolve(request.path) {
            for field in view.defaultHeaders { response.headers[field.name] = field.value }
        }
        return response
    }
}
