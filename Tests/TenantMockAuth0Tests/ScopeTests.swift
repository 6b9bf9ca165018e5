import TenantMock
import XCTest

/// Each route's scope check and its exact 403 (auth0-research §3; wording recorded).
final class ScopeTests: XCTestCase {
    func testATokenWithoutScopesIsRefusedOnEveryRoute() throws {
        for route in ManagementRouteCase.all {
            let sandbox = try Auth0Sandbox()
            let response = sandbox.send(route.method, route.target, token: sandbox.mint(scopes: []), json: route.body)
            assertManagement(response, 403, errorBody(403, route.scopeMessage, errorCode: "insufficient_scope"))
        }
    }

    /// The fixture's client without `update:users` reads but cannot write.
    func testReadOnlyClientCannotChangeAssignments() throws {
        let sandbox = try Auth0Sandbox()
        let token = sandbox.token("acme-read-only")
        for route in ManagementRouteCase.all {
            let response = sandbox.send(route.method, route.target, token: token, json: route.body)
            if route.method == "GET" {
                XCTAssertEqual(response.status, 200, route.name)
            } else {
                assertManagement(response, 403, errorBody(403, route.scopeMessage, errorCode: "insufficient_scope"))
            }
        }
        assertManagement(sandbox.send("GET", "/api/v2/users/\(enc(Acme.alice))/roles", token: token), 200, [role(Acme.reportEditor)])
    }

    /// Any one accepted scope suffices where the rule is "any of".
    func testAlternativeScopesAreAccepted() throws {
        let sandbox = try Auth0Sandbox()
        let alice = enc(Acme.alice)
        assertManagement(sandbox.send("POST", "/api/v2/users/\(alice)/roles", token: sandbox.mint(scopes: ["create:role_members"]),
                                      json: #"{"roles":["\#(Acme.billingAdmin)"]}"#), 204, nil)
        assertManagement(sandbox.send("DELETE", "/api/v2/users/\(alice)/roles", token: sandbox.mint(scopes: ["delete:role_members"]),
                                      json: #"{"roles":["\#(Acme.billingAdmin)"]}"#), 204, nil)
        XCTAssertEqual(sandbox.send("GET", "/api/v2/users/\(alice)", token: sandbox.mint(scopes: ["read:current_user"])).status, 200)
        XCTAssertEqual(sandbox.send("GET", "/api/v2/organizations/\(Acme.east)/members",
                                    token: sandbox.mint(scopes: ["read:organization_member_roles"])).status, 200)
    }

    /// `GET /users/{id}/roles` needs all three scopes: two of them are not enough.
    func testUserRolesNeedsAllOfItsScopes() throws {
        let sandbox = try Auth0Sandbox()
        let target = "/api/v2/users/\(enc(Acme.alice))/roles"
        for partial in [["read:users", "read:roles"], ["read:roles", "read:role_members"], ["read:users", "read:role_members"]] {
            assertManagement(sandbox.send("GET", target, token: sandbox.mint(scopes: partial)), 403,
                             errorBody(403, "Insufficient scope, expected all of: read:users,read:roles,read:role_members",
                                       errorCode: "insufficient_scope"))
        }
        assertManagement(sandbox.send("GET", target, token: sandbox.mint(scopes: ["read:users", "read:roles", "read:role_members"])),
                         200, [role(Acme.reportEditor)])
    }

    /// Asking for members' roles through `fields` needs `read:organization_member_roles` (auth0-python docstring).
    func testMemberRolesFieldNeedsMemberRolesScope() throws {
        let sandbox = try Auth0Sandbox()
        let target = "/api/v2/organizations/\(Acme.east)/members?fields=user_id,roles&include_fields=true"
        assertManagement(sandbox.send("GET", target, token: sandbox.mint(scopes: ["read:organization_members"])), 403,
                         errorBody(403, "Insufficient scope, expected any of: read:organization_member_roles", errorCode: "insufficient_scope"))
    }
}
