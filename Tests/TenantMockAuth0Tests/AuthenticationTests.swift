import TenantMock
import XCTest

/// Every documented 401 cause (and the opaque-token 400) on every Management API route,
/// each with its full body and the rate-limit headers (reference "Messages").
final class AuthenticationTests: XCTestCase {
    private func forEachRoute(_ check: (Auth0Sandbox, ManagementRouteCase) throws -> Void) throws {
        for route in ManagementRouteCase.all { try check(try Auth0Sandbox(), route) }
    }

    func testMissingAuthorizationHeader() throws {
        try forEachRoute { sandbox, route in
            let response = sandbox.send(route.method, route.target, json: route.body)
            assertManagement(response, 401, errorBody(401, "Missing authentication"))
        }
    }

    func testNonBearerSchemeIsMissingAuthentication() throws {
        try forEachRoute { sandbox, route in
            let response = sandbox.send(route.method, route.target, json: route.body,
                                        headers: ["Authorization": "Basic d0kzNTY6c2VjcmV0"])
            assertManagement(response, 401, errorBody(401, "Missing authentication"))
        }
    }

    func testOpaqueBearerTokenIsABadHeaderFormat() throws {
        try forEachRoute { sandbox, route in
            for token in ["0123456789abcdef0123456789abcdef", ""] {
                let response = sandbox.send(route.method, route.target, json: route.body, headers: ["Authorization": "Bearer \(token)"])
                assertManagement(response, 400, errorBody(400, "Bad HTTP authentication header format", errorCode: "Bearer"))
            }
        }
    }

    func testMalformedJWTIsAnInvalidToken() throws {
        try forEachRoute { sandbox, route in
            for token in ["a.b.c", "eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln", "e30.e30.e30"] {
                let response = sandbox.send(route.method, route.target, token: token, json: route.body)
                assertManagement(response, 401, errorBody(401, "Invalid token", attributes: true))
            }
        }
    }

    func testBadSignature() throws {
        try forEachRoute { sandbox, route in
            var token = sandbox.token("acme-all-scopes")
            let last = token.removeLast()
            token.append(last == "A" ? "B" : "A")
            let response = sandbox.send(route.method, route.target, token: token, json: route.body)
            assertManagement(response, 401, errorBody(401, "Invalid signature received for JSON Web Token validation", attributes: true))
        }
    }

    func testExpiredStaticToken() throws {
        try forEachRoute { sandbox, route in
            let response = sandbox.send(route.method, route.target, token: sandbox.token("acme-expired"), json: route.body)
            assertManagement(response, 401, errorBody(401, "Expired token received for JSON Web Token validation", attributes: true))
        }
    }

    /// Expiry is read on the tenant's clock: a fresh token is refused once the clock passes `exp`.
    func testTokenExpiresWhenTheTenantClockPassesExp() throws {
        let sandbox = try Auth0Sandbox()
        let clock = sandbox.tenant().clock
        clock.freeze()
        let token = sandbox.mint(scopes: ["read:roles"])
        XCTAssertEqual(sandbox.send("GET", "/api/v2/roles", token: token).status, 200)
        clock.advance(by: 3599)
        XCTAssertEqual(sandbox.send("GET", "/api/v2/roles", token: token).status, 200, "one second before exp")
        clock.advance(by: 1)
        assertManagement(sandbox.send("GET", "/api/v2/roles", token: token), 401,
                         errorBody(401, "Expired token received for JSON Web Token validation", attributes: true))
    }

    func testWrongAudienceOrIssuerIsAnInvalidToken() throws {
        try forEachRoute { sandbox, route in
            let all = ["read:users", "update:users", "read:roles", "read:role_members", "read:organization_members",
                       "read:organization_member_roles", "create:organization_member_roles", "delete:organization_member_roles"]
            for claims: JSONObject in [["aud": "https://acme.localhost/api/v3/"], ["aud": "https://reports.acme.test/"],
                                       ["iss": "https://globex.localhost/"], ["aud": ["https://other.example/"]]] {
                let response = sandbox.send(route.method, route.target, token: sandbox.mint(scopes: all, overriding: claims), json: route.body)
                assertManagement(response, 401, errorBody(401, "Invalid token", attributes: true))
            }
        }
    }

    func testAnotherTenantsTokenIsAnInvalidToken() throws {
        try forEachRoute { sandbox, route in
            let response = sandbox.send(route.method, route.target, token: sandbox.token("globex-all-scopes", tenant: "globex"), json: route.body)
            assertManagement(response, 401, errorBody(401, "Invalid token", attributes: true))
        }
    }

    /// "Client is not global." where the spec lists it; elsewhere the legacy client's token works.
    func testClientNotGlobal() throws {
        try forEachRoute { sandbox, route in
            let response = sandbox.send(route.method, route.target, token: sandbox.token("acme-not-global"), json: route.body)
            if route.documentsClientNotGlobal {
                assertManagement(response, 401, errorBody(401, "Client is not global.", attributes: true))
            } else {
                XCTAssertEqual(response.status, route.success, "\(route.name): \(response.bodyText)")
            }
        }
    }

    func testAllScopesTokenSucceedsOnEveryRoute() throws {
        try forEachRoute { sandbox, route in
            let response = sandbox.send(route.method, route.target, token: sandbox.token("acme-all-scopes"), json: route.body)
            XCTAssertEqual(response.status, route.success, "\(route.name): \(response.bodyText)")
            XCTAssertEqual(response.headers["Content-Type"], "application/json; charset=utf-8", route.name)
        }
    }

    /// Two tenants made from one fixture get different keys: each refuses the other's token.
    func testTwoTenantsFromOneFixtureRefuseEachOthersTokens() throws {
        let sandbox = try Auth0Sandbox()
        try sandbox.emulator.createTenant(id: "acme-two", fixture: "auth0-acme")
        let tokenOne = sandbox.token("acme-all-scopes")
        let tokenTwo = sandbox.token("acme-all-scopes", tenant: "acme-two")
        XCTAssertNotEqual(tokenOne, tokenTwo)
        let path = "/api/v2/users/\(enc(Acme.alice))/roles"
        XCTAssertEqual(sandbox.send("GET", "/tenants/acme-two" + path, token: tokenTwo).status, 200)
        assertManagement(sandbox.send("GET", "/tenants/acme-two" + path, token: tokenOne), 401,
                         errorBody(401, "Invalid token", attributes: true))
        assertManagement(sandbox.send("GET", "/tenants/acme" + path, token: tokenTwo), 401,
                         errorBody(401, "Invalid token", attributes: true))
    }

    /// With the same domain (no `{tenant}` in it), the two keys still differ: the signature fails.
    func testSameDomainDifferentTenantsFailOnTheSignature() throws {
        let fixture = """
        {"fixture": "auth0-fixed", "dialect": "auth0", "tenant": "fixed-one", "data": {"domain": "fixed.example",
         "clients": [{"client_id": "c1", "client_secret": "s1", "scopes": ["read:roles"]}],
         "static_tokens": [{"name": "t", "client_id": "c1", "scopes": ["read:roles"]}]}}
        """
        let sandbox = try Auth0Sandbox(extraDocuments: [(file: "fixed.json", bytes: Array(fixture.utf8))])
        try sandbox.emulator.createTenant(id: "fixed-two", fixture: "auth0-fixed")
        let token = sandbox.token("t", tenant: "fixed-one")
        assertManagement(sandbox.send("GET", "/tenants/fixed-one/api/v2/roles", token: token), 200, [])
        assertManagement(sandbox.send("GET", "/tenants/fixed-two/api/v2/roles", token: token), 401,
                         errorBody(401, "Invalid signature received for JSON Web Token validation", attributes: true))
    }

    func testUnknownClientIsAnInvalidToken() throws {
        let sandbox = try Auth0Sandbox()
        let token = sandbox.mint(scopes: ["read:roles"], client: "NoSuchClient000000000000000000000")
        assertManagement(sandbox.send("GET", "/api/v2/roles", token: token), 401, errorBody(401, "Invalid token", attributes: true))
    }
}
