import Foundation
import Synchronization
import TenantMock
import TenantMockServer
import TenantMockTestSupport
import XCTest

/// Parallel clients over real sockets never lose a change: 32 threads, each with a
/// keep-alive connection and a token of its own, work on one user's permissions.
final class Auth0SocketConcurrencyTests: XCTestCase {
    static let clients = 32
    static let permissionsPerClient = 4

    /// A tenant `concurrent` whose API defines 128 permissions, one user holding none,
    /// and a client allowed `read:users update:users`; a rate limit high enough never to apply.
    static let fixture = """
    {"fixture": "auth0-socket-concurrent", "dialect": "auth0", "tenant": "concurrent",
     "rate_limit": {"limit": 1000000, "window_seconds": 1},
     "data": {"resource_servers": [{"id": "rs_load", "name": "Load API", "identifier": "https://load.test/",
                                    "scopes": [\((0..<clients * permissionsPerClient).map { #"{"value": "perm:\#($0)", "description": "Permission \#($0)"}"# }.joined(separator: ","))]}],
              "users": [{"user_id": "auth0|load"}],
              "clients": [{"client_id": "load-client", "client_secret": "load-secret", "scopes": ["read:users", "update:users"]}]}}
    """

    /// Each client takes a token from `/oauth/token` on its own connection, then three
    /// times over assigns its four permissions one POST each and removes the second
    /// and fourth in one DELETE; the user ends with exactly the 64 kept ones.
    func testThirtyTwoKeepAliveClientsAssignAndRemoveDisjointPermissions() throws {
        let sandbox = try Auth0Sandbox(extraDocuments: [(file: "auth0-socket-concurrent.json", bytes: Array(Self.fixture.utf8))])
        let server = HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0)) { sandbox.emulator.handle($0) }
        let port = try server.start()
        defer {
            server.shutdown()
            server.waitUntilStopped()
        }
        let prefix = "/tenants/concurrent"
        let path = prefix + "/api/v2/users/auth0%7Cload/permissions"
        let tokenBody = #"{"grant_type":"client_credentials","client_id":"load-client","client_secret":"load-secret","audience":"https://concurrent.localhost/api/v2/"}"#
        @Sendable func permissions(_ numbers: [Int]) -> String {
            #"{"permissions":["# + numbers.map { #"{"resource_server_identifier":"https://load.test/","permission_name":"perm:\#($0)"}"# }
                .joined(separator: ",") + "]}"
        }

        let failures = Failures()
        onSeparateThreads(Self.clients, midway: {
            // Every client has connected and been answered once: 32 connections are open.
            XCTAssertEqual(server.openConnectionCount, Self.clients)
        }) { client, rendezvous in
            do {
                let connection = try KeepAliveConnection(port: port)
                let tokenResponse = try connection.send("POST", prefix + "/oauth/token",
                                                        headers: [("Content-Type", "application/json")], body: tokenBody)
                guard tokenResponse.status == 200,
                      let token = try JSONParser().parse(tokenResponse.body)["access_token"]?.stringValue
                else { return failures.record("client \(client): token \(tokenResponse.status) \(tokenResponse.text)") }
                rendezvous()
                let headers = [("Authorization", "Bearer \(token)"), ("Content-Type", "application/json")]
                let mine = (0..<Self.permissionsPerClient).map { client * Self.permissionsPerClient + $0 }
                for round in 0..<3 {
                    for n in mine {
                        let r = try connection.send("POST", path, headers: headers, body: permissions([n]))
                        if r.status != 201 || r.text != "{}" { failures.record("client \(client) round \(round): POST perm:\(n) \(r.status) \(r.text)") }
                    }
                    let r = try connection.send("DELETE", path, headers: headers, body: permissions([mine[1], mine[3]]))
                    if r.status != 204 || !r.body.isEmpty { failures.record("client \(client) round \(round): DELETE \(r.status) \(r.text)") }
                }
            } catch {
                failures.record("client \(client): \(error)")
            }
        }
        XCTAssertEqual(failures.all, [])

        // The final list, read over a socket too: every kept permission, sorted by
        // API identifier then name (docs/auth0.md, recorded order), each a direct grant.
        let reader = try KeepAliveConnection(port: port)
        let token = try XCTUnwrap(try JSONParser().parse(reader.send("POST", prefix + "/oauth/token",
                                                                     headers: [("Content-Type", "application/json")], body: tokenBody).body)["access_token"]?.stringValue)
        let list = try reader.send("GET", path + "?per_page=100&include_totals=true", headers: [("Authorization", "Bearer \(token)")])
        XCTAssertEqual(list.status, 200, list.text)
        XCTAssertEqual(list.headers["Content-Type"], "application/json; charset=utf-8")
        let kept = (0..<Self.clients).flatMap { c in [c * Self.permissionsPerClient, c * Self.permissionsPerClient + 2] }
        let items: [JSONValue] = kept.map { "perm:\($0)" }.sorted().map { name in
            ["permission_name": .string(name), "description": .string("Permission \(name.dropFirst(5))"),
             "resource_server_name": "Load API", "resource_server_identifier": "https://load.test/", "sources": [direct]]
        }
        XCTAssertEqual(try JSONParser().parse(list.body),
                       ["permissions": .array(items), "start": 0, "limit": 100, "total": .int(kept.count)])
    }
}

/// Failures collected from many threads.
final class Failures: Sendable {
    private let list = Mutex<[String]>([])
    func record(_ failure: String) { list.withLock { $0.append(failure) } }
    var all: [String] { list.withLock { $0 } }
}
