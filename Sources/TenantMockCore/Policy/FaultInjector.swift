import Synchronization

/// One fault rule of a tenant: which requests it hits and what it does to them.
///
/// JSON form (admin API and Swift alike):
/// ```json
/// {"method": "DELETE", "path": "/api/v2/users/{id}/permissions",
///  "latency_ms": [50, 200], "status": 503, "times": 3, "probability": 0.5}
/// ```
/// `path` is exact, a template with `{param}` segments, or a prefix ending in `*`.
/// A rule fires for at most `times` requests (unbounded when absent), each with
/// `probability` (1 when absent), drawn from the tenant's seeded generator.
public struct FaultRule: Sendable, Equatable {
    /// The latencies a rule may add, in milliseconds: none to an hour. The admin API refuses
    /// others; a rule built in Swift with a longer one waits this long at most.
    public static let latencyMillisecondsRange: ClosedRange<Double> = 0...3_600_000
    /// The statuses a rule may force.
    public static let statusRange: ClosedRange<Int> = 100...599

    public var method: String?
    public var path: String?
    /// Added latency in milliseconds, fixed (`min == max`) or drawn from the range.
    public var latencyMilliseconds: ClosedRange<Double>?
    /// A status to answer instead of the real handler, with the vendor's body for it.
    public var status: Int?
    /// Drop the connection without an answer (servers close it; in-process it fails the request).
    public var resetConnection: Bool
    public var times: Int?
    public var probability: Double?

    public init(method: String? = nil, path: String? = nil, latencyMilliseconds: ClosedRange<Double>? = nil,
                status: Int? = nil, resetConnection: Bool = false, times: Int? = nil, probability: Double? = nil) {
        self.method = method?.uppercased()
        self.path = path
        self.latencyMilliseconds = latencyMilliseconds
        self.status = status
        self.resetConnection = resetConnection
        self.times = times
        self.probability = probability
    }

    func matches(_ request: HTTPRequest) -> Bool {
        if let method, method != request.method { return false }
        guard let path else { return true }
        if path.hasSuffix("*") { return request.path.hasPrefix(String(path.dropLast())) }
        if path.contains("{") {
            var router = Router<Int>()
            router.add(request.method, path, 0)
            if case .found = router.match(method: request.method, path: request.path) { return true }
            return false
        }
        return request.path == path
    }

    /// Reads the JSON form; `context` names the place of a mistake.
    public init(json value: JSONValue, context: FixtureContext) throws(FixtureError) {
        let o = try context.object(value)
        try context.onlyKeys(o, ["method", "path", "latency_ms", "status", "reset", "times", "probability"])
        self.init()
        method = try o["method"].map { v throws(FixtureError) in try context.at("method").string(v).uppercased() }
        path = try o["path"].map { v throws(FixtureError) in try context.at("path").string(v) }
        if let p = path, !p.hasPrefix("/") { throw context.at("path").error("must start with '/'") }
        if let latency = o["latency_ms"] {
            let c = context.at("latency_ms")
            let range = Self.latencyMillisecondsRange
            switch latency {
            case .number:
                let ms = try c.number(latency, in: range)
                latencyMilliseconds = ms...ms
            case .array(let a) where a.count == 2:
                let lo = try c.at(0).number(a[0], in: range), hi = try c.at(1).number(a[1], in: range)
                guard lo <= hi else { throw c.error("expected [min, max] with min <= max") }
                latencyMilliseconds = lo...hi
            default:
                throw c.error("expected a number of milliseconds or [min, max]")
            }
        }
        status = try o["status"].map { v throws(FixtureError) in try context.at("status").int(v, in: Self.statusRange) }
        resetConnection = try o["reset"].map { v throws(FixtureError) in try context.at("reset").bool(v) } ?? false
        times = try o["times"].map { v throws(FixtureError) in try context.at("times").int(v, in: 1...Int.max) }
        if let p = o["probability"] {
            guard case .number(let n) = p, (0...1).contains(n.doubleValue) else {
                throw context.at("probability").error("expected a number between 0 and 1")
            }
            probability = n.doubleValue
        }
        if latencyMilliseconds == nil && status == nil && !resetConnection {
            throw context.error("a rule needs at least one of latency_ms, status, reset")
        }
    }

    public var json: JSONValue {
        var o = JSONObject()
        if let method { o["method"] = .string(method) }
        if let path { o["path"] = .string(path) }
        if let l = latencyMilliseconds {
            o["latency_ms"] = l.lowerBound == l.upperBound ? .number(.double(l.lowerBound))
                : [.number(.double(l.lowerBound)), .number(.double(l.upperBound))]
        }
        if let status { o["status"] = .int(status) }
        if resetConnection { o["reset"] = true }
        if let times { o["times"] = .int(times) }
        if let probability { o["probability"] = .number(.double(probability)) }
        return .object(o)
    }
}

/// What the fault injector decided for one request.
public struct FaultDecision: Sendable, Equatable {
    /// Seconds to wait before answering.
    public var delay: Double
    public var status: Int?
    public var resetConnection: Bool
}

/// A tenant's fault rules and its seeded random generator.
///
/// With the same seed and the same sequence of requests, the same requests are
/// hit: a fault schedule is reproducible run to run.
public final class FaultInjector: Sendable {
    struct State {
        var rules: [FaultRule] = []
        var fired: [Int] = []
        var seed: UInt64 = 0
        var random = SplitMix64(seed: 0)
    }

    let state = Mutex(State())
    /// Whether any rule is set: read without the lock by every request, so that a tenant
    /// without faults (nearly all of them) costs its concurrent requests no shared write.
    let hasRules = Atomic<Bool>(false)

    public init() {}

    /// Replaces the rules and reseeds the generator.
    public func configure(rules: [FaultRule], seed: UInt64 = 0) {
        state.withLock {
            $0 = State(rules: rules, fired: Array(repeating: 0, count: rules.count), seed: seed,
                       random: SplitMix64(seed: seed))
            hasRules.store(!rules.isEmpty, ordering: .releasing)
        }
    }

    /// Removes every rule.
    public func clear() { configure(rules: []) }

    /// The rules, the seed, and how often each rule has fired.
    public var configuration: (rules: [FaultRule], seed: UInt64, fired: [Int]) {
        state.withLock { ($0.rules, $0.seed, $0.fired) }
    }

    /// The fault for `request`, if a rule fires: the first matching rule that
    /// still has `times` left and wins its probability draw.
    public func decide(_ request: HTTPRequest) -> FaultDecision? {
        guard hasRules.load(ordering: .acquiring) else { return nil }
        return state.withLock { s -> FaultDecision? in
            guard !s.rules.isEmpty else { return nil }
            for (i, rule) in s.rules.enumerated() where rule.matches(request) {
                if let times = rule.times, s.fired[i] >= times { continue }
                if let p = rule.probability, s.random.nextUnit() >= p { continue }
                s.fired[i] += 1
                var delay = 0.0
                if let l = rule.latencyMilliseconds {
                    // Held to the range: a rule built in Swift may ask for more than transports can time.
                    let ms = l.lowerBound + (l.upperBound - l.lowerBound) * s.random.nextUnit()
                    delay = ms.clamped(to: FaultRule.latencyMillisecondsRange) / 1000
                }
                return FaultDecision(delay: delay, status: rule.status, resetConnection: rule.resetConnection)
            }
            return nil
        }
    }
}

/// SplitMix64: a small, fast, seedable generator (Steele, Lea, Flood 2014).
struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform number in [0, 1).
    mutating func nextUnit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
