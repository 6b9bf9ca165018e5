import XCTest
import TenantMockCore

final class PolicyTests: XCTestCase {
    func testClockFreezesSetsAndAdvances() {
        let clock = TenantClock()
        clock.freeze(at: 1_700_000_000)
        XCTAssertEqual(clock.now(), 1_700_000_000)
        XCTAssertTrue(clock.isFrozen)
        clock.advance(by: 7200)
        XCTAssertEqual(clock.now(), 1_700_007_200)
        clock.set(1_800_000_000)
        XCTAssertEqual(clock.now(), 1_800_000_000)
        clock.unfreeze()
        XCTAssertFalse(clock.isFrozen)
        XCTAssertEqual(clock.now(), 1_800_000_000, accuracy: 5)
        clock.resetToRealTime()
        XCTAssertEqual(clock.now(), Date().timeIntervalSince1970, accuracy: 5)
    }

    /// A running clock that was set or advanced reads through its offset, not real time
    /// (real time is read without the lock only while the clock shows it).
    func testARunningClockSetOrAdvancedKeepsItsOffsetUntilReset() {
        let clock = TenantClock()
        let real = Date().timeIntervalSince1970
        XCTAssertEqual(clock.now(), real, accuracy: 5)
        clock.set(1_000_000)
        XCTAssertFalse(clock.isFrozen)
        XCTAssertEqual(clock.now(), 1_000_000, accuracy: 5)
        clock.resetToRealTime()
        clock.advance(by: 86_400)
        XCTAssertEqual(clock.now(), Date().timeIntervalSince1970 + 86_400, accuracy: 5)
        clock.advance(by: -86_400)
        XCTAssertEqual(clock.now(), Date().timeIntervalSince1970, accuracy: 5)
        clock.set(2_000_000)
        clock.resetToRealTime()
        XCTAssertEqual(clock.now(), Date().timeIntervalSince1970, accuracy: 5)
    }

    func testFaultRulesApplyOnceConfiguredAndNotAfterBeingCleared() {
        let faults = FaultInjector()
        let request = HTTPRequest(method: "GET", target: "/anything")
        XCTAssertNil(faults.decide(request))
        faults.configure(rules: [FaultRule(status: 503)])
        XCTAssertEqual(faults.decide(request)?.status, 503)
        faults.clear()
        XCTAssertNil(faults.decide(request))
    }

    func testTokenBucketEmptiesAndRefillsOnTheTenantClock() throws {
        let clock = TenantClock()
        clock.freeze(at: 1_000)
        let limiter = RateLimiter(policy: RateLimitPolicy(limit: 3, windowSeconds: 3), clock: clock)
        let first = try XCTUnwrap(limiter.take())
        XCTAssertEqual(first, RateLimitDecision(allowed: true, limit: 3, remaining: 2, resetAt: 1_001, retryAfter: 0))
        XCTAssertEqual(limiter.take()?.remaining, 1)
        XCTAssertEqual(limiter.take()?.remaining, 0)
        let refused = try XCTUnwrap(limiter.take())
        XCTAssertFalse(refused.allowed)
        XCTAssertEqual(refused.remaining, 0)
        XCTAssertEqual(refused.resetAt, 1_003)
        XCTAssertEqual(refused.retryAfter, 1)
        clock.advance(by: 1)
        XCTAssertEqual(limiter.take()?.allowed, true, "one token refilled after a second")
        XCTAssertEqual(limiter.take()?.allowed, false)
        clock.advance(by: 10)
        XCTAssertEqual(limiter.take()?.remaining, 2, "refills up to the limit, no further")
    }

    func testNoPolicyMeansNoDecisionUnlessADefaultIsGiven() {
        let limiter = RateLimiter(policy: nil, clock: TenantClock())
        XCTAssertNil(limiter.take())
        XCTAssertEqual(limiter.take(default: RateLimitPolicy(limit: 50, windowSeconds: 1))?.remaining, 49)
        limiter.setPolicy(RateLimitPolicy(limit: 1, windowSeconds: 60))
        XCTAssertEqual(limiter.take()?.allowed, true)
        XCTAssertEqual(limiter.take()?.allowed, false)
        limiter.reset()
        XCTAssertNil(limiter.policy)
    }
}
