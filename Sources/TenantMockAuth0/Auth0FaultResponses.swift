import TenantMockCore

extension Auth0Dialect {
    /// The Auth0-shaped answer when a fault rule forces `status`: Boom's body with the
    /// reason phrase, hapi's wording for a 500, the recorded body for a 429, and on
    /// Management API paths the rate-limit headers (a 429 shows an empty bucket).
    public func faultResponse(status: Int, request: HTTPRequest, tenant: Tenant<Auth0Dialect>) -> HTTPResponse {
        var response: HTTPResponse
        switch status {
        case 429: response = Auth0Error.tooManyRequests.response
        case 500: response = Auth0Error(status: 500, message: "An internal server error occurred").response
        default: response = Auth0Error(status: status, message: HTTPStatus.reasonPhrase(status)).response
        }
        guard request.path.hasPrefix("/api/v2/") else { return response }
        let policy = tenant.rateLimiter.policy ?? RateLimitHeaders.defaultPolicy
        let now = tenant.clock.now()
        RateLimitHeaders.apply(limit: policy.limit, remaining: status == 429 ? 0 : policy.limit - 1,
                               resetAt: Int((now + policy.windowSeconds).rounded(.up)), to: &response)
        return response
    }
}
