import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import XCTest
import TenantMockTesting

/// `send` and its `SandboxResponse`: the blocking and the `async` forms, in both modes,
/// headers in any case, the body as text, `JSONValue` or a `Decodable` type; and the
/// tuple `send` used to return, for code written against it.
final class SandboxResponseTests: XCTestCase {
    let alice = "/api/v2/users/auth0%7C5f7c8ec7c33c6c004bbafe82/permissions"

    struct Permission: Decodable, Equatable {
        let permission_name: String
        let resource_server_identifier: String
    }

    func token(_ tenant: SandboxTenant) throws -> [String: String] {
        ["Authorization": "Bearer " + (try XCTUnwrap(tenant.credential("static_token", label: "acme-all-scopes")))]
    }

    func testAsyncSendInProcess() async throws { try await asyncSend(.inProcess) }
    func testAsyncSendLive() async throws { try await asyncSend(.live) }

    func asyncSend(_ setup: Sandbox.Setup) async throws {
        let sandbox = try Sandbox.start(setup)
        defer { sandbox.shutdown() }
        let acme = try sandbox.createTenant(from: "auth0-acme")
        let read = try await acme.send("GET", alice, headers: try token(acme))
        XCTAssertEqual(read.status, 200)
        for name in ["Content-Type", "content-type", "CONTENT-TYPE"] {
            XCTAssertEqual(read.headers[name], "application/json; charset=utf-8", name)
        }
        XCTAssertNotNil(read.headers["x-ratelimit-limit"])
        XCTAssertEqual(read.headers["X-RateLimit-Limit"], read.headers["x-ratelimit-limit"])
        let permissions = try read.json(as: [Permission].self)
        XCTAssertEqual(permissions.first, Permission(permission_name: "read:invoices",
                                                     resource_server_identifier: "https://billing.acme.test/"))
        XCTAssertEqual(try read.json().arrayValue?.count, permissions.count)
        XCTAssertTrue(read.text.hasPrefix("[{"), read.text)

        // The same through a URLRequest and a session of the sandbox's.
        let request = acme.request("GET", alice)
        let unauthorized = try await sandbox.send(request, session: sandbox.makeSession())
        XCTAssertEqual(unauthorized.status, 401)
        XCTAssertEqual(try unauthorized.json()["message"], "Missing authentication")

        // A body that is not JSON is an error from json(), not a crash.
        let empty = try await acme.send("DELETE", alice, headers: try token(acme).merging(["Content-Type": "application/json"]) { $1 },
                                        json: #"{"permissions":[{"resource_server_identifier":"https://reports.acme.test/","permission_name":"delete:reports"}]}"#)
        XCTAssertEqual(empty.status, 204)
        XCTAssertThrowsError(try empty.json())
        XCTAssertThrowsError(try empty.json(as: [Permission].self))
        acme.assertReceived(method: "GET", path: alice, count: 2)
    }

    func testBlockingSendReturnsTheSameResponse() throws {
        for setup in Sandbox.Setup.allCases {
            let sandbox = try Sandbox.start(setup)
            defer { sandbox.shutdown() }
            let acme = try sandbox.createTenant(from: "auth0-acme")
            let read = try acme.send("GET", alice, headers: try token(acme))
            XCTAssertEqual(read.status, 200, "\(setup)")
            XCTAssertEqual(read.headers["CONTENT-type"], "application/json; charset=utf-8", "\(setup)")
            XCTAssertEqual(try read.json(as: [Permission].self).count, 4, "\(setup)")
        }
    }

    /// Code written against the tuple `send` returned still compiles and runs (deprecated:
    /// this test uses the deprecated API on purpose, and so is deprecated itself).
    @available(*, deprecated, message: "uses the tuple form of send on purpose")
    func testTheTupleFormStillWorks() throws {
        let sandbox = try Sandbox.inProcess()
        let acme = try sandbox.createTenant(from: "auth0-acme")
        let (status, headers, body) = try acme.send("GET", alice, headers: try token(acme))
        XCTAssertEqual(status, 200)
        XCTAssertEqual(headers["content-type"], "application/json; charset=utf-8", "names in lower case, as before")
        XCTAssertEqual(try JSONParser().parse(Array(body)).arrayValue?.count, 4)
        let typed: (status: Int, headers: [String: String], body: Data) = try sandbox.send(acme.request("GET", alice))
        XCTAssertEqual(typed.status, 401)
        XCTAssertEqual(typed.headers["content-type"], "application/json; charset=utf-8")
    }
}
