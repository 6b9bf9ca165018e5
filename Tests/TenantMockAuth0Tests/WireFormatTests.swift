import TenantMock
import XCTest

/// Bodies byte for byte as recorded (member order included), for clients that compare text.
final class WireFormatTests: XCTestCase {
    func testErrorBodiesMatchTheRecordedText() throws {
        let sandbox = try Auth0Sandbox()
        let alice = enc(Acme.alice)
        XCTAssertEqual(sandbox.send("POST", "/api/v2/users/\(alice)/permissions", token: sandbox.mint(scopes: []), json: "{}").bodyText,
                       #"{"statusCode":403,"error":"Forbidden","message":"Insufficient scope, expected any of: update:users","errorCode":"insufficient_scope"}"#)
        XCTAssertEqual(sandbox.send("GET", "/api/v2/roles", token: "x.y.z").bodyText,
                       #"{"statusCode":401,"error":"Unauthorized","message":"Invalid token","attributes":{"error":"Invalid token"}}"#)
        XCTAssertEqual(sandbox.send("GET", "/api/v2/roles", token: "abc").bodyText,
                       #"{"statusCode":400,"error":"Bad Request","message":"Bad HTTP authentication header format","errorCode":"Bearer"}"#)
        XCTAssertEqual(sandbox.admin("GET", "/api/v2/users/\(enc(Acme.unknownUser))").bodyText,
                       #"{"statusCode":404,"error":"Not Found","message":"The user does not exist.","errorCode":"inexistent_user"}"#)
        sandbox.tenant().rateLimiter.setPolicy(RateLimitPolicy(limit: 1, windowSeconds: 60))
        sandbox.tenant().clock.freeze()
        sandbox.admin("GET", "/api/v2/roles")
        XCTAssertEqual(sandbox.admin("GET", "/api/v2/roles").bodyText,
                       #"{"statusCode":429,"error":"Too Many Requests","message":"Global limit has been reached","errorCode":"too_many_requests"}"#)
    }

    func testSuccessBodiesMatchTheRecordedText() throws {
        let sandbox = try Auth0Sandbox()
        let carol = enc(Acme.carol)
        XCTAssertEqual(sandbox.admin("GET", "/api/v2/users/\(carol)/roles?include_totals=true&per_page=50").bodyText,
                       #"{"roles":[],"start":0,"limit":50,"total":0}"#)
        XCTAssertEqual(sandbox.admin("GET", "/api/v2/users/\(carol)/permissions?include_totals=true&per_page=50").bodyText,
                       #"{"permissions":[{"permission_name":"read:reports","description":"Read reports","resource_server_name":"Acme Reports API","resource_server_identifier":"https://reports.acme.test/","sources":[{"source_id":"","source_name":"","source_type":"DIRECT"}]}],"start":0,"limit":50,"total":1}"#)
        let created = sandbox.admin("POST", "/api/v2/users/\(carol)/permissions",
                                    json: #"{"permissions":[{"resource_server_identifier":"https://reports.acme.test/","permission_name":"export:reports"}]}"#)
        XCTAssertEqual(created.bodyText, "{}")
        XCTAssertEqual(sandbox.admin("GET", "/api/v2/organizations/\(Acme.west)/members/\(enc(Acme.alice))/roles").bodyText,
                       #"[{"id":"rol_RO9zoMDCXTeeEVv1","name":"Org Viewer","description":null}]"#)
    }
}
