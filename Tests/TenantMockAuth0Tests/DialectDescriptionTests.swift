import TenantMock
@testable import TenantMockAuth0
import XCTest

/// The dialect's self-description (OpenAPI document) and its fault answers.
final class DialectDescriptionTests: XCTestCase {
    /// Every route is described, with Auth0's operation id, and nothing else is.
    func testOpenAPIDocumentDescribesExactlyTheRoutes() throws {
        let dialect = Auth0Dialect()
        let document = dialect.openAPIDocument()
        let paths = try XCTUnwrap(document["paths"]?.objectValue)
        var described: Set<String> = []
        for (path, item) in paths {
            for (method, _) in try XCTUnwrap(item.objectValue) { described.insert("\(method.uppercased()) \(path)") }
        }
        XCTAssertEqual(described, Set(dialect.routes().map { "\($0.method) \($0.path)" }))
        let post = paths["/api/v2/users/{id}/permissions"]?["post"]
        XCTAssertEqual(post?["operationId"], "post_permissions")
        XCTAssertEqual(post?["requestBody"]?["content"]?["application/json"]?["schema"]?["properties"]?["permissions"]?["minItems"], 1)
        XCTAssertEqual(paths["/api/v2/users/{id}/roles"]?["get"]?["x-scopes"], "all of: read:users, read:roles, read:role_members")
    }

    /// A forced 429 is Auth0's body with an empty bucket in the headers; a forced 500 is hapi's.
    func testFaultResponsesAreVendorShaped() throws {
        let sandbox = try Auth0Sandbox()
        let tenant = try XCTUnwrap(sandbox.tenant() as? Tenant<Auth0Dialect>)
        tenant.clock.freeze(at: 1_800_000_000)
        let request = HTTPRequest(method: "GET", target: "/api/v2/roles")
        let limited = Auth0Dialect().faultResponse(status: 429, request: request, tenant: tenant)
        assertManagement(limited, 429, errorBody(429, "Global limit has been reached", errorCode: "too_many_requests"))
        XCTAssertEqual(limited.headers["X-RateLimit-Remaining"], "0")
        XCTAssertEqual(limited.headers["X-RateLimit-Reset"], "1800000020")
        assertManagement(Auth0Dialect().faultResponse(status: 500, request: request, tenant: tenant), 500,
                         errorBody(500, "An internal server error occurred"))
        assertManagement(Auth0Dialect().faultResponse(status: 503, request: request, tenant: tenant), 503,
                         errorBody(503, "Service Unavailable"))
    }

    /// Past 1000 direct permissions the spec's 400 answers, and nothing is assigned.
    func testDirectPermissionLimit() throws {
        let scopes = (0..<1001).map { #"{"value": "p:\#($0)"}"# }.joined(separator: ",")
        let fixture = """
        {"fixture": "auth0-big", "dialect": "auth0", "tenant": "big", "data": {
          "resource_servers": [{"id": "r", "name": "Big API", "identifier": "https://big.test/", "scopes": [\(scopes)]}],
          "users": [{"user_id": "auth0|big"}],
          "clients": [{"client_id": "c", "client_secret": "s", "scopes": ["update:users", "read:users"]}],
          "static_tokens": [{"name": "t", "client_id": "c", "scopes": ["update:users", "read:users"]}]}}
        """
        let sandbox = try Auth0Sandbox(extraDocuments: [(file: "big.json", bytes: Array(fixture.utf8))])
        let token = sandbox.token("t", tenant: "big")
        func body(_ range: Range<Int>) -> String {
            "{\"permissions\":[" + range.map { #"{"resource_server_identifier":"https://big.test/","permission_name":"p:\#($0)"}"# }
                .joined(separator: ",") + "]}"
        }
        let path = "/tenants/big/api/v2/users/auth0%7Cbig/permissions"
        assertManagement(sandbox.send("POST", path, token: token, json: body(0..<1000)), 201, [:])
        assertManagement(sandbox.send("POST", path, token: token, json: body(1000..<1001)), 400,
                         errorBody(400, "No more permissions can be assigned to this user."))
        XCTAssertEqual(sandbox.send("GET", path + "?include_totals=true&per_page=1", token: token).jsonBody?["total"], 1000)
    }

    /// A fault rule forcing 429 on one route answers Auth0's 429 through the emulator; other routes run.
    func testInjectedFaultThroughTheEmulator() throws {
        let sandbox = try Auth0Sandbox()
        sandbox.tenant().faults.configure(rules: [FaultRule(method: "GET", path: "/api/v2/users/{id}/roles", status: 429, times: 1)])
        let path = "/api/v2/users/\(enc(Acme.alice))/roles"
        let forced = sandbox.admin("GET", path)
        assertManagement(forced, 429, errorBody(429, "Global limit has been reached", errorCode: "too_many_requests"))
        XCTAssertEqual(forced.headers["X-RateLimit-Remaining"], "0")
        assertManagement(sandbox.admin("GET", path), 200, [role(Acme.reportEditor)])
    }
}
