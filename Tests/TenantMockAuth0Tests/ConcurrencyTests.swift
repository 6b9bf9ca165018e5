import Dispatch
import TenantMock
import XCTest

/// Concurrent assignment through `Emulator.handle` keeps every change (one lock per tenant).
final class ConcurrencyTests: XCTestCase {
    /// 32 threads each assign four permissions of their own to one user and remove two
    /// of them; the user ends with exactly the 64 kept ones.
    func testThirtyTwoThreadsAssignAndRemoveDisjointPermissions() throws {
        let threads = 32
        let scopes = (0..<threads * 4).map { #"{"value": "perm:\#($0)", "description": "Permission \#($0)"}"# }
        let fixture = """
        {"fixture": "auth0-concurrent", "dialect": "auth0", "tenant": "concurrent", "rate_limit": {"limit": 100000, "window_seconds": 1},
         "data": {"resource_servers": [{"id": "r1", "name": "Load API", "identifier": "https://load.test/", "scopes": [\(scopes.joined(separator: ","))]}],
                  "users": [{"user_id": "auth0|load"}],
                  "clients": [{"client_id": "c", "client_secret": "s", "scopes": ["read:users", "update:users"]}],
                  "static_tokens": [{"name": "t", "client_id": "c", "scopes": ["read:users", "update:users"]}]}}
        """
        let sandbox = try Auth0Sandbox(extraDocuments: [(file: "concurrent.json", bytes: Array(fixture.utf8))])
        let token = sandbox.token("t", tenant: "concurrent")
        let path = "/tenants/concurrent/api/v2/users/auth0%7Cload/permissions"
        @Sendable func body(_ numbers: [Int]) -> String {
            "{\"permissions\":[" + numbers.map { #"{"resource_server_identifier":"https://load.test/","permission_name":"perm:\#($0)"}"# }
                .joined(separator: ",") + "]}"
        }
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            let mine = (0..<4).map { t * 4 + $0 }
            for n in mine {
                let response = sandbox.send("POST", path, token: token, json: body([n]))
                XCTAssertEqual(response.status, 201, response.bodyText)
            }
            let response = sandbox.send("DELETE", path, token: token, json: body([mine[1], mine[3]]))
            XCTAssertEqual(response.status, 204, response.bodyText)
        }
        let list = sandbox.send("GET", path + "?per_page=100&include_totals=true", token: token).jsonBody
        let names = Set(list?["permissions"]?.arrayValue?.compactMap { $0["permission_name"]?.stringValue } ?? [])
        let expected = Set((0..<threads).flatMap { t in [t * 4, t * 4 + 2] }.map { "perm:\($0)" })
        XCTAssertEqual(list?["total"], .int(expected.count))
        XCTAssertEqual(names, expected)
    }
}
