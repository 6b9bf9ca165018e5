import XCTest
import TenantMockCore

/// Every number the admin API (and a fixture) takes has a range: outside it, or a fraction
/// where an integer is needed, is a 400 naming the member's JSON path, never a trap. Each range is tried at both ends and just beyond.
final class AdminRangeTests: XCTestCase {
    var emulator: Emulator!

    override func setUpWithError() throws {
        var registry = DialectRegistry()
        registry.register(NotesDialect())
        emulator = Emulator(dialects: registry, configuration: .init(adminKey: "k3y"))
        try emulator.loadFixtures(documents: [(file: "notes-a.json", bytes: notesFixture(tenant: "alpha", isDefault: true))])
        emulator.startFixtureTenants()
    }

    func admin(_ method: String, _ target: String, _ body: String = "") -> HTTPResponse {
        emulator.handle(HTTPRequest(method: method, target: target, headers: ["Host": "127.0.0.1:8080", "Authorization": "Bearer k3y"],
                                    body: Array(body.utf8)))
    }

    /// Asserts a 400 `invalid_request` whose message is `path: reason` and whose body names both apart.
    func assertRefused(_ response: HTTPResponse, path: String, reason: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(response.status, 400, response.bodyText, file: file, line: line)
        XCTAssertEqual(response.jsonBody?["error"], "invalid_request", file: file, line: line)
        XCTAssertEqual(response.jsonBody?["message"]?.stringValue, "\(path): \(reason)", file: file, line: line)
        XCTAssertEqual(response.jsonBody?["path"]?.stringValue, path, file: file, line: line)
        XCTAssertEqual(response.jsonBody?["reason"]?.stringValue, reason, file: file, line: line)
    }

    // MARK: Tenant time to live

    func testTimeToLiveOutsideItsRangeIsRefusedWithItsPath() {
        let range = "expected a number in 0.001...31536000"
        assertRefused(admin("POST", "/__admin/tenants", #"{"fixture":"notes-a","ttl_seconds":1e19}"#),
                      path: "$.ttl_seconds", reason: "\(range), found 1e+19")
        // A number beyond a Double is not JSON the strict parser takes at all.
        XCTAssertEqual(admin("POST", "/__admin/tenants", #"{"fixture":"notes-a","ttl_seconds":1e400}"#).jsonBody?["error"],
                       "invalid_json")
        assertRefused(admin("POST", "/__admin/tenants", #"{"fixture":"notes-a","ttl_seconds":31536000.5}"#),
                      path: "$.ttl_seconds", reason: "\(range), found 31536000.5")
        assertRefused(admin("POST", "/__admin/tenants", #"{"fixture":"notes-a","ttl_seconds":0}"#),
                      path: "$.ttl_seconds", reason: "\(range), found 0")
        assertRefused(admin("POST", "/__admin/tenants", #"{"fixture":"notes-a","ttl_seconds":-5}"#),
                      path: "$.ttl_seconds", reason: "\(range), found -5")
        assertRefused(admin("POST", "/__admin/tenants", #"{"fixture":"notes-a","ttl_seconds":"60"}"#),
                      path: "$.ttl_seconds", reason: "expected a number, found string")
        XCTAssertEqual(emulator.tenants.all.count, 1, "no refused call created a tenant")
    }

    func testTimeToLiveAtEachEndOfItsRangeIsTaken() throws {
        let longest = admin("POST", "/__admin/tenants", #"{"id":"long","fixture":"notes-a","ttl_seconds":31536000}"#)
        XCTAssertEqual(longest.status, 201, longest.bodyText)
        let expiresAt = try XCTUnwrap(longest.jsonBody?["expires_at"]?.intValue)
        XCTAssertEqual(Double(expiresAt), Date().timeIntervalSince1970 + 31_536_000, accuracy: 5)
        XCTAssertEqual(admin("POST", "/__admin/tenants", #"{"id":"short","fixture":"notes-a","ttl_seconds":0.001}"#).status, 201)
    }

    func testATenantExpiringBeyondAnyIntIsStillDescribed() throws {
        // A Swift caller may give any expiry; describing the tenant must not trap on it.
        let fixture = try XCTUnwrap(emulator.fixtures.fixture("notes-a"))
        try emulator.tenants.create(id: "forever", from: fixture, options: TenantOptions(expiresAt: .infinity))
        let described = admin("GET", "/__admin/tenants/forever")
        XCTAssertEqual(described.status, 200)
        XCTAssertEqual(described.jsonBody?["expires_at"], .int(Int.max))
    }

    // MARK: Clock

    func testClockTimesOutsideTheYears1970To9999AreRefusedAndChangeNothing() {
        let set = "expected a number in 0...253402300799"
        assertRefused(admin("POST", "/__admin/tenants/alpha/clock", #"{"set":1e308}"#), path: "$.set", reason: "\(set), found 1e+308")
        assertRefused(admin("POST", "/__admin/tenants/alpha/clock", #"{"set":253402300800}"#),
                      path: "$.set", reason: "\(set), found 253402300800")
        assertRefused(admin("POST", "/__admin/tenants/alpha/clock", #"{"set":-1}"#), path: "$.set", reason: "\(set), found -1")
        assertRefused(admin("POST", "/__admin/tenants/alpha/clock", #"{"advance":1e19}"#), path: "$.advance",
                      reason: "expected a number in -253402300799...253402300799, found 1e+19")
        assertRefused(admin("POST", "/__admin/tenants/alpha/clock", #"{"freeze":"yes"}"#), path: "$.freeze",
                      reason: "expected a boolean, found string")
        assertRefused(admin("POST", "/__admin/tenants/alpha/clock", #"{"real_time":1}"#), path: "$.real_time",
                      reason: "expected a boolean, found integer")
        // Every member is checked before any is applied.
        assertRefused(admin("POST", "/__admin/tenants/alpha/clock", #"{"freeze":true,"set":1e308}"#), path: "$.set",
                      reason: "\(set), found 1e+308")
        let clock = admin("GET", "/__admin/tenants/alpha/clock")
        XCTAssertEqual(clock.jsonBody?["frozen"], false, "the refused call did not freeze the clock")
        guard case .number(let now)? = clock.jsonBody?["now"] else { return XCTFail(clock.bodyText) }
        XCTAssertEqual(now.doubleValue, Date().timeIntervalSince1970, accuracy: 5)
    }

    func testAdvancingPastEitherEndIsRefusedAtEachBoundary() {
        XCTAssertEqual(admin("POST", "/__admin/tenants/alpha/clock", #"{"freeze":true,"set":253402300799}"#).jsonBody,
                       ["now": 253_402_300_799, "frozen": true])
        assertRefused(admin("POST", "/__admin/tenants/alpha/clock", #"{"advance":1}"#), path: "$.advance",
                      reason: "would move the clock to 253402300800, outside 0...253402300799 (1970 to 9999)")
        XCTAssertEqual(admin("POST", "/__admin/tenants/alpha/clock", #"{"advance":-253402300799}"#).jsonBody,
                       ["now": 0, "frozen": true])
        assertRefused(admin("POST", "/__admin/tenants/alpha/clock", #"{"advance":-0.5}"#), path: "$.advance",
                      reason: "would move the clock to -0.5, outside 0...253402300799 (1970 to 9999)")
        // `set` and `advance` together: the advance is checked from the time set.
        XCTAssertEqual(admin("POST", "/__admin/tenants/alpha/clock", #"{"set":253402300000,"advance":799}"#).jsonBody?["now"],
                       253_402_300_799)
        assertRefused(admin("POST", "/__admin/tenants/alpha/clock", #"{"set":253402300000,"advance":800}"#), path: "$.advance",
                      reason: "would move the clock to 253402300800, outside 0...253402300799 (1970 to 9999)")
        XCTAssertEqual(emulator.tenants.tenant("alpha")?.clock.now(), 253_402_300_799, "the refused calls changed nothing")
    }

    func testAClockMovedFromSwiftStaysWithinItsYears() {
        let clock = TenantClock()
        clock.freeze(at: 1_700_000_000)
        clock.set(1e308)
        XCTAssertEqual(clock.now(), TenantClock.validTimes.upperBound)
        clock.advance(by: .infinity)
        XCTAssertEqual(clock.now(), TenantClock.validTimes.upperBound)
        clock.advance(by: -.infinity)
        XCTAssertEqual(clock.now(), 0)
        clock.set(.nan)
        XCTAssertEqual(clock.now(), 0, "a NaN changes nothing")
        clock.freeze(at: -1e300)
        XCTAssertEqual(clock.now(), 0)
        clock.unfreeze()
        clock.advance(by: 1e300)
        XCTAssertEqual(clock.now(), TenantClock.validTimes.upperBound, "a running clock is held too")
        XCTAssertEqual(RateLimiter(policy: RateLimitPolicy(limit: 5, windowSeconds: 60), clock: clock).take()?.allowed, true)
    }

    // MARK: Rate limit

    func testRateLimitOutsideItsRangeIsRefusedWithItsPath() {
        let window = "expected a number in 0.001...31536000"
        assertRefused(admin("PUT", "/__admin/tenants/alpha/rate-limit", #"{"limit":5,"window_seconds":1e300}"#),
                      path: "$.window_seconds", reason: "\(window), found 1e+300")
        assertRefused(admin("PUT", "/__admin/tenants/alpha/rate-limit", #"{"limit":5,"window_seconds":31536000.5}"#),
                      path: "$.window_seconds", reason: "\(window), found 31536000.5")
        assertRefused(admin("PUT", "/__admin/tenants/alpha/rate-limit", #"{"limit":5,"window_seconds":0.0009}"#),
                      path: "$.window_seconds", reason: "\(window), found 0.0009")
        assertRefused(admin("PUT", "/__admin/tenants/alpha/rate-limit", #"{"limit":1000000001,"window_seconds":1}"#),
                      path: "$.limit", reason: "expected an integer in 1...1000000000, found 1000000001")
        assertRefused(admin("PUT", "/__admin/tenants/alpha/rate-limit", #"{"limit":1e19,"window_seconds":1}"#),
                      path: "$.limit", reason: "expected an integer in 1...1000000000, found 1e+19")
        assertRefused(admin("PUT", "/__admin/tenants/alpha/rate-limit", #"{"limit":2.5,"window_seconds":1}"#),
                      path: "$.limit", reason: "expected an integer, found 2.5")
        XCTAssertNil(emulator.tenants.tenant("alpha")?.rateLimiter.policy, "nothing was set")
    }

    func testRateLimitAtEachEndOfItsRangeIsTakenAndAnswers() throws {
        XCTAssertEqual(admin("PUT", "/__admin/tenants/alpha/rate-limit", #"{"limit":1000000000,"window_seconds":31536000}"#).jsonBody,
                       ["limit": 1_000_000_000, "window_seconds": 31_536_000])
        let limiter = try XCTUnwrap(emulator.tenants.tenant("alpha")?.rateLimiter)
        XCTAssertEqual(limiter.take()?.remaining, 999_999_999)
        XCTAssertEqual(admin("PUT", "/__admin/tenants/alpha/rate-limit", #"{"limit":1,"window_seconds":0.001}"#).jsonBody,
                       ["limit": 1, "window_seconds": 0.001])
        XCTAssertEqual(limiter.take()?.allowed, true)
    }

    func testARateLimitBuiltInSwiftIsHeldToItsRange() throws {
        var policy = RateLimitPolicy(limit: 0, windowSeconds: .infinity)
        XCTAssertEqual(policy, RateLimitPolicy(limit: 1, windowSeconds: 31_536_000))
        policy.windowSeconds = .nan
        policy.limit = .max
        XCTAssertEqual(policy.windowSeconds, 0.001)
        XCTAssertEqual(policy.limit, 1_000_000_000)
        XCTAssertEqual(RateLimitPolicy(limit: 3, windowSeconds: 1e300).json, ["limit": 3, "window_seconds": 31_536_000])
        let clock = TenantClock()
        clock.freeze(at: TenantClock.validTimes.upperBound)
        let limiter = RateLimiter(policy: RateLimitPolicy(limit: 1, windowSeconds: 1e300), clock: clock)
        XCTAssertEqual(limiter.take()?.allowed, true)
        let refused = try XCTUnwrap(limiter.take())
        XCTAssertEqual(refused.retryAfter, 31_536_000)
        XCTAssertEqual(refused.resetAt, 253_402_300_799 + 31_536_000)
    }

    func testAFixtureRateLimitOutsideItsRangeIsRefusedWithFileAndPath() {
        var registry = DialectRegistry()
        registry.register(NotesDialect())
        let loader = FixtureLoader(dialects: registry)
        func refusal(_ rateLimit: String) -> FixtureError? {
            let text = #"{"fixture":"x","dialect":"notes","rate_limit":\#(rateLimit),"data":{"roles":[],"users":[]}}"#
            do {
                _ = try loader.load(bytes: Array(text.utf8), file: "limits.json")
                return nil
            } catch {
                return error
            }
        }
        XCTAssertEqual(refusal(#"{"limit":5,"window_seconds":1e300}"#)?.description,
                       "limits.json: $.rate_limit.window_seconds: expected a number in 0.001...31536000, found 1e+300")
        XCTAssertEqual(refusal(#"{"limit":1e19,"window_seconds":1}"#)?.description,
                       "limits.json: $.rate_limit.limit: expected an integer in 1...1000000000, found 1e+19")
        XCTAssertNil(refusal(#"{"limit":1000000000,"window_seconds":31536000}"#))
        // The same refusal for an inline fixture given to the admin API.
        let inline = admin("POST", "/__admin/tenants",
                           #"{"inline":{"fixture":"x","dialect":"notes","rate_limit":{"limit":5,"window_seconds":1e300},"data":{"roles":[],"users":[]}}}"#)
        XCTAssertEqual(inline.status, 400)
        XCTAssertEqual(inline.jsonBody?["error"], "invalid_fixture")
        XCTAssertEqual(inline.jsonBody?["path"], "$.rate_limit.window_seconds")
    }

    // MARK: Faults

    func testFaultNumbersOutsideTheirRangesAreRefusedWithTheirPaths() {
        func put(_ body: String) -> HTTPResponse { admin("PUT", "/__admin/tenants/alpha/faults", body) }
        let latency = "expected a number in 0...3600000"
        assertRefused(put(#"{"rules":[{"latency_ms":1e300}]}"#), path: "$.rules[0].latency_ms", reason: "\(latency), found 1e+300")
        assertRefused(put(#"{"rules":[{"latency_ms":3600000.5}]}"#), path: "$.rules[0].latency_ms",
                      reason: "\(latency), found 3600000.5")
        assertRefused(put(#"{"rules":[{"latency_ms":-1}]}"#), path: "$.rules[0].latency_ms", reason: "\(latency), found -1")
        assertRefused(put(#"{"rules":[{"latency_ms":[0,1e300]}]}"#), path: "$.rules[0].latency_ms[1]",
                      reason: "\(latency), found 1e+300")
        assertRefused(put(#"{"rules":[{"latency_ms":[20,10]}]}"#), path: "$.rules[0].latency_ms",
                      reason: "expected [min, max] with min <= max")
        assertRefused(put(#"{"rules":[{"status":600}]}"#), path: "$.rules[0].status", reason: "expected an integer in 100...599, found 600")
        assertRefused(put(#"{"rules":[{"status":500,"times":0}]}"#), path: "$.rules[0].times",
                      reason: "expected an integer in 1...9223372036854775807, found 0")
        assertRefused(put(#"{"rules":[{"status":500,"times":1e19}]}"#), path: "$.rules[0].times",
                      reason: "expected an integer in 1...9223372036854775807, found 1e+19")
        assertRefused(put(#"{"seed":1e19,"rules":[{"status":500}]}"#), path: "$.seed",
                      reason: "expected an integer in -9223372036854775808...9223372036854775807, found 1e+19")
        assertRefused(put(#"{"seed":0.5,"rules":[{"status":500}]}"#), path: "$.seed", reason: "expected an integer, found 0.5")
        XCTAssertEqual(admin("GET", "/__admin/tenants/alpha/faults").jsonBody?["rules"], [], "nothing was set")
    }

    func testFaultNumbersAtTheEndsOfTheirRangesAreTaken() {
        let put = admin("PUT", "/__admin/tenants/alpha/faults",
                        #"{"seed":-9223372036854775808,"rules":[{"path":"/none","latency_ms":[0,3600000],"status":599,"times":9223372036854775807}]}"#)
        XCTAssertEqual(put.status, 200, put.bodyText)
        XCTAssertEqual(put.jsonBody?["seed"], .int(Int.min))
        XCTAssertEqual(put.jsonBody?[path: JSONPath(parsing: "$.rules[0].latency_ms")!], [0, 3_600_000])
    }

    func testAFaultLatencyBuiltInSwiftWaitsAnHourAtMost() throws {
        let faults = FaultInjector()
        faults.configure(rules: [FaultRule(latencyMilliseconds: 1e300...Double.infinity)])
        let decision = try XCTUnwrap(faults.decide(HTTPRequest(method: "GET", target: "/x")))
        XCTAssertEqual(decision.delay, 3_600)
    }

    // MARK: Conversions

    func testSaturatingConversionNeverTraps() {
        XCTAssertEqual(Int(saturating: .nan), 0)
        XCTAssertEqual(Int(saturating: .infinity), .max)
        XCTAssertEqual(Int(saturating: -.infinity), .min)
        XCTAssertEqual(Int(saturating: 1e19), .max)
        XCTAssertEqual(Int(saturating: 9_223_372_036_854_775_808.0), .max, "2^63, one past Int.max")
        XCTAssertEqual(Int(saturating: -9_223_372_036_854_775_808.0), .min, "-2^63 is Int.min exactly")
        XCTAssertEqual(Int(saturating: -1e19), .min)
        XCTAssertEqual(Int(saturating: 9_223_372_036_854_774_784.0), 9_223_372_036_854_774_784, "the largest Double below 2^63")
        XCTAssertEqual(Int(saturating: 1.5, rounding: .up), 2)
        XCTAssertEqual(Int(saturating: -1.5), -1)
    }
}
