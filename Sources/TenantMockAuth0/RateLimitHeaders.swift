import TenantMockCore

/// Auth0's rate-limit headers, sent on every Management API response (errors included).
///
/// `X-RateLimit-Limit` (the bucket size), `X-RateLimit-Remaining`, and
/// `X-RateLimit-Reset`, Unix time in seconds at which the bucket is full again
/// (https://community.auth0.com/t/how-to-tell-if-you-are-approaching-the-rate-limit/82103;
/// the SDKs read it that way).
enum RateLimitHeaders {
    /// The tenant's bucket when its fixture sets no `rate_limit`: 50 requests per
    /// second sustained, bursts of 1000 ("Most endpoints are rate limited to 50 rps",
    /// Auth0's Management API rate-limit policy page), generous for a sandbox.
    static let defaultPolicy = RateLimitPolicy(limit: 1000, windowSeconds: 20)

    static func apply(_ decision: RateLimitDecision, to response: inout HTTPResponse) {
        apply(limit: decision.limit, remaining: decision.remaining, resetAt: decision.resetAt, to: &response)
    }

    static func apply(limit: Int, remaining: Int, resetAt: Int, to response: inout HTTPResponse) {
        response.headers["X-RateLimit-Limit"] = String(decimal: limit)
        response.headers["X-RateLimit-Remaining"] = String(decimal: remaining)
        response.headers["X-RateLimit-Reset"] = String(decimal: resetAt)
    }
}
