import TenantMock
import XCTest

/// Seed 002's table of response status codes for
/// `DELETE /api/v2/organizations/{id}/members/{user_id}/roles`, one row per test step.
final class Seed002ResponseTableTests: XCTestCase {
    private let path = "/api/v2/organizations/\(Acme.east)/members/\(enc(Acme.alice))/roles"
    private let body = #"{"roles":["\#(Acme.orgAdmin)"]}"#

    func testRow204RolesRemoved() throws {
        let sandbox = try Auth0Sandbox()
        assertManagement(sandbox.admin("DELETE", path, json: body), 204, nil)
        assertManagement(sandbox.admin("GET", path), 200, [])
    }

    func testRow400InvalidBody() throws {
        let sandbox = try Auth0Sandbox()
        assertManagement(sandbox.admin("DELETE", path, json: #"{"role":["\#(Acme.orgAdmin)"]}"#), 400, errorBody(400,
            "Payload validation error: 'Additional properties not allowed: role'.", errorCode: "invalid_body"))
    }

    func testRow400InvalidQueryString() throws {
        let sandbox = try Auth0Sandbox()
        assertManagement(sandbox.admin("DELETE", path + "?page=0", json: body), 400, errorBody(400,
            "Query validation error: 'Additional properties not allowed: page'.", errorCode: "invalid_query_string"))
    }

    func testRows401() throws {
        let sandbox = try Auth0Sandbox()
        assertManagement(sandbox.send("DELETE", path, token: "x.y.z", json: body), 401,
                         errorBody(401, "Invalid token", attributes: true))
        var forged = sandbox.token("acme-all-scopes")
        let last = forged.removeLast()
        forged.append(last == "A" ? "B" : "A")
        assertManagement(sandbox.send("DELETE", path, token: forged, json: body), 401,
                         errorBody(401, "Invalid signature received for JSON Web Token validation", attributes: true))
        assertManagement(sandbox.send("DELETE", path, token: sandbox.token("acme-not-global"), json: body), 401,
                         errorBody(401, "Client is not global.", attributes: true))
    }

    func testRow403InsufficientScope() throws {
        let sandbox = try Auth0Sandbox()
        assertManagement(sandbox.send("DELETE", path, token: sandbox.mint(scopes: ["create:organization_member_roles"]), json: body), 403,
                         errorBody(403, "Insufficient scope, expected any of: delete:organization_member_roles", errorCode: "insufficient_scope"))
    }

    func testRow429TooManyRequests() throws {
        let sandbox = try Auth0Sandbox()
        sandbox.tenant().rateLimiter.setPolicy(RateLimitPolicy(limit: 1, windowSeconds: 60))
        sandbox.tenant().clock.freeze()
        assertManagement(sandbox.admin("DELETE", path, json: body), 204, nil)
        let refused = sandbox.admin("DELETE", path, json: body)
        assertManagement(refused, 429, errorBody(429, "Global limit has been reached", errorCode: "too_many_requests"))
        XCTAssertEqual(refused.headers["X-RateLimit-Limit"], "1")
        XCTAssertEqual(refused.headers["X-RateLimit-Remaining"], "0")
    }
}
