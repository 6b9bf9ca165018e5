import Synchronization

/// A rate limit: `limit` requests per `windowSeconds`, refilled continuously.
public struct RateLimitPolicy: Sendable, Equatable {
    public var limit: Int
    public var windowSeconds: Double

    public init(limit: Int, windowSeconds: Double) {
        self.limit = limit
        self.windowSeconds = windowSeconds
    }

    /// Reads `{"limit": N, "window_seconds": S}`.
    public init(fixture value: JSONValue, context: FixtureContext) throws(FixtureError) {
        let o = try context.object(value)
        try context.onlyKeys(o, ["limit", "window_seconds"])
        let limit = try context.at("limit").int(try context.required(o, "limit"))
        guard limit >= 1 else { throw context.at("limit").error("must be at least 1") }
        let windowValue = try context.required(o, "window_seconds")
        guard case .number(let n) = windowValue, n.doubleValue > 0 else {
            throw context.at("window_seconds").error("expected a positive number, found \(windowValue)")
        }
        self.init(limit: limit, windowSeconds: n.doubleValue)
    }

    public var json: JSONValue {
        let w: JSONValue = windowSeconds.rounded() == windowSeconds ? .int(Int(windowSeconds)) : .number(.double(windowSeconds))
        return ["limit": .int(limit), "window_seconds": w]
    }
}

/// What the rate limiter decided for one request.
public struct RateLimitDecision: Sendable, Equatable {
    /// Whether the request may proceed.
    public var allowed: Bool
    /// The bucket's size (`X-RateLimit-Limit`).
    public var limit: Int
    /// Whole tokens left after this request (`X-RateLimit-Remaining`).
    public var remaining: Int
    /// Unix time, in whole seconds, at which the bucket is full again (`X-RateLimit-Reset`).
    public var resetAt: Int
    /// Seconds until one token is available (for `Retry-After`), 0 when allowed.
    public var retryAfter: Int

    public init(allowed: Bool, limit: Int, remaining: Int, resetAt: Int, retryAfter: Int) {
        self.allowed = allowed
        self.limit = limit
        self.remaining = remaining
        self.resetAt = resetAt
        self.retryAfter = retryAfter
    }
}

/// A per-tenant token bucket, driven by the tenant's clock.
public final class RateLimiter: Sendable {
    struct Bucket {
        var policy: RateLimitPolicy?
        var tokens: Double
        var updatedAt: Double?
    }

    let bucket: Mutex<Bucket>
    let clock: TenantClock
    let initialPolicy: RateLimitPolicy?

    public init(policy: RateLimitPolicy?, clock: TenantClock) {
        self.clock = clock
        self.initialPolicy = policy
        self.bucket = Mutex(Bucket(policy: policy, tokens: Double(policy?.limit ?? 0), updatedAt: nil))
    }

    /// The policy in force, or `nil` when the tenant has none (its dialect's default applies).
    public var policy: RateLimitPolicy? { bucket.withLock { $0.policy } }

    /// Replaces the policy and fills the bucket.
    public func setPolicy(_ policy: RateLimitPolicy?) {
        bucket.withLock { $0 = Bucket(policy: policy, tokens: Double(policy?.limit ?? 0), updatedAt: nil) }
    }

    /// Back to the fixture's policy, full.
    public func reset() { setPolicy(initialPolicy) }

    /// Takes one token under `policy` if the tenant has none of its own.
    /// Returns `nil` when no policy applies at all.
    public func take(default fallback: RateLimitPolicy? = nil) -> RateLimitDecision? {
        let now = clock.now()
        return bucket.withLock { b -> RateLimitDecision? in
            if b.policy == nil, let fallback {
                b.policy = fallback
                b.tokens = Double(fallback.limit)
            }
            guard let policy = b.policy else { return nil }
            let rate = Double(policy.limit) / policy.windowSeconds
            if let last = b.updatedAt, now > last {
                b.tokens = min(Double(policy.limit), b.tokens + (now - last) * rate)
            }
            b.updatedAt = max(now, b.updatedAt ?? now)
            let allowed = b.tokens >= 1
            if allowed { b.tokens -= 1 }
            let missing = Double(policy.limit) - b.tokens
            let resetAt = Int((now + missing / rate).rounded(.up))
            let retryAfter = allowed ? 0 : max(1, Int(((1 - b.tokens) / rate).rounded(.up)))
            return RateLimitDecision(allowed: allowed, limit: policy.limit, remaining: max(0, Int(b.tokens.rounded(.down))),
                                     resetAt: resetAt, retryAfter: retryAfter)
        }
    }
}
