import Synchronization

/// A rate limit: `limit` requests per `windowSeconds`, refilled continuously.
///
/// The admin API and fixtures refuse a policy outside `limitRange` and `windowSecondsRange`
/// (with the member's path); `init(limit:windowSeconds:)` holds its arguments to them, so no
/// policy can make the bucket's arithmetic overflow.
public struct RateLimitPolicy: Sendable, Equatable {
    /// The bucket sizes a policy may have.
    public static let limitRange: ClosedRange<Int> = 1...1_000_000_000
    /// The windows a policy may have, in seconds: a millisecond to 365 days.
    public static let windowSecondsRange: ClosedRange<Double> = 0.001...31_536_000

    /// Requests per window, within `limitRange` (a value outside it is held to its nearest end).
    public var limit: Int {
        didSet { limit = min(max(limit, Self.limitRange.lowerBound), Self.limitRange.upperBound) }
    }
    /// Seconds to refill the bucket, within `windowSecondsRange` (held like `limit`; NaN to the shortest).
    public var windowSeconds: Double {
        didSet { windowSeconds = windowSeconds.clamped(to: Self.windowSecondsRange) }
    }

    /// A policy; a `limit` or `windowSeconds` outside its range is held to the nearest end
    /// (a NaN window to the shortest).
    public init(limit: Int, windowSeconds: Double) {
        self.limit = min(max(limit, Self.limitRange.lowerBound), Self.limitRange.upperBound)
        self.windowSeconds = windowSeconds.clamped(to: Self.windowSecondsRange)
    }

    /// Reads `{"limit": N, "window_seconds": S}`.
    public init(fixture value: JSONValue, context: FixtureContext) throws(FixtureError) {
        let o = try context.object(value)
        try context.onlyKeys(o, ["limit", "window_seconds"])
        let limit = try context.at("limit").int(try context.required(o, "limit"), in: Self.limitRange)
        let window = try context.at("window_seconds").number(try context.required(o, "window_seconds"),
                                                               in: Self.windowSecondsRange)
        self.init(limit: limit, windowSeconds: window)
    }

    public var json: JSONValue {
        let w: JSONValue = windowSeconds.rounded() == windowSeconds ? .int(Int(saturating: windowSeconds)) : .number(.double(windowSeconds))
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
            let resetAt = Int(saturating: now + missing / rate, rounding: .up)
            let retryAfter = allowed ? 0 : max(1, Int(saturating: (1 - b.tokens) / rate, rounding: .up))
            return RateLimitDecision(allowed: allowed, limit: policy.limit, remaining: max(0, Int(saturating: b.tokens, rounding: .down)),
                                     resetAt: resetAt, retryAfter: retryAfter)
        }
    }
}
