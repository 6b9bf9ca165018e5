import TenantMock
import XCTest

/// Per-tenant rate limits with Auth0's headers and 429 body (auth0-research §1.5).
final class RateLimitTests: XCTestCase {
    private func limitedFixture(limit: Int) -> [(file: String, bytes: [UInt8])] {
        let text = """
        {"fixture": "auth0-limited", "dialect": "auth0", "tenant": "limited", "rate_limit": {"limit": \(limit), "window_seconds": 10},
         "data": {"clients": [{"client_id": "c", "client_secret": "s", "scopes": ["read:roles"]}],
                  "static_tokens": [{"name": "t", "client_id": "c", "scopes": ["read:roles"]}]}}
        """
        return [(file: "limited.json", bytes: Array(text.utf8))]
    }

    func testHeadersCountDownThen429WithTheVendorBody() throws {
        let sandbox = try Auth0Sandbox(extraDocuments: limitedFixture(limit: 3))
        let clock = sandbox.tenant("limited").clock
        clock.freeze(at: 1_800_000_000)
        let token = sandbox.token("t", tenant: "limited")
        for remaining in [2, 1, 0] {
            let response = sandbox.send("GET", "/tenants/limited/api/v2/roles", token: token)
            assertManagement(response, 200, [])
            XCTAssertEqual(response.headers["X-RateLimit-Limit"], "3")
            XCTAssertEqual(response.headers["X-RateLimit-Remaining"], String(remaining))
        }
        let refused = sandbox.send("GET", "/tenants/limited/api/v2/roles", token: token)
        assertManagement(refused, 429, errorBody(429, "Global limit has been reached", errorCode: "too_many_requests"))
        XCTAssertEqual(refused.headers["X-RateLimit-Limit"], "3")
        XCTAssertEqual(refused.headers["X-RateLimit-Remaining"], "0")
        // 3 requests per 10 s refill one every 3.33 s: full again 10 s from now.
        XCTAssertEqual(refused.headers["X-RateLimit-Reset"], "1800000010")
        // Errors count and carry the headers too; the limit applies before authentication.
        assertManagement(sandbox.send("GET", "/tenants/limited/api/v2/roles"), 429,
                         errorBody(429, "Global limit has been reached", errorCode: "too_many_requests"))
        clock.advance(by: 4)
        let again = sandbox.send("GET", "/tenants/limited/api/v2/roles")
        assertManagement(again, 401, errorBody(401, "Missing authentication"))
        XCTAssertEqual(again.headers["X-RateLimit-Remaining"], "0")
    }

    /// An unrouted Management API path is a Management API answer too: it counts, carries the
    /// headers, and is refused with 429 once the bucket is empty.
    func testUnroutedManagementPathsAreRateLimitedWithTheHeaders() throws {
        let sandbox = try Auth0Sandbox(extraDocuments: limitedFixture(limit: 2))
        sandbox.tenant("limited").clock.freeze(at: 1_800_000_000)
        let unknown = sandbox.send("GET", "/tenants/limited/api/v2/nowhere")
        assertManagement(unknown, 404, errorBody(404, "Not Found"))
        XCTAssertEqual(unknown.headers["X-RateLimit-Limit"], "2")
        XCTAssertEqual(unknown.headers["X-RateLimit-Remaining"], "1")
        XCTAssertEqual(unknown.headers["X-RateLimit-Reset"], "1800000005")
        let otherMethod = sandbox.send("PUT", "/tenants/limited/api/v2/roles")
        assertManagement(otherMethod, 404, errorBody(404, "Not Found"))
        XCTAssertEqual(otherMethod.headers["X-RateLimit-Remaining"], "0")
        let refused = sandbox.send("GET", "/tenants/limited/api/v2/nowhere")
        assertManagement(refused, 429, errorBody(429, "Global limit has been reached", errorCode: "too_many_requests"))
        XCTAssertEqual(refused.headers["X-RateLimit-Remaining"], "0")
    }

    /// Each tenant has its own bucket: exhausting one leaves the other untouched.
    func testBucketsArePerTenant() throws {
        let sandbox = try Auth0Sandbox(extraDocuments: limitedFixture(limit: 1))
        let token = sandbox.token("t", tenant: "limited")
        XCTAssertEqual(sandbox.send("GET", "/tenants/limited/api/v2/roles", token: token).status, 200)
        XCTAssertEqual(sandbox.send("GET", "/tenants/limited/api/v2/roles", token: token).status, 429)
        let acme = sandbox.admin("GET", "/api/v2/roles")
        XCTAssertEqual(acme.status, 200)
        XCTAssertEqual(acme.headers["X-RateLimit-Limit"], "1000", "the default policy: bursts of 1000, 50 per second")
        XCTAssertEqual(acme.headers["X-RateLimit-Remaining"], "999")
    }
}
