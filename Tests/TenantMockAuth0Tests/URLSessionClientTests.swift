import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TenantMock
import XCTest

/// A client written with URLSession, against the in-process transport: token, assign, read.
final class URLSessionClientTests: XCTestCase {
    private func call(_ session: URLSession, _ request: URLRequest) async throws -> (HTTPURLResponse, JSONValue?) {
        let (data, response) = try await session.data(for: request)
        let http = try XCTUnwrap(response as? HTTPURLResponse)
        // `JSONValue` is nil-literal expressible: spell out the empty case.
        if data.isEmpty { return (http, Optional<JSONValue>.none) }
        return (http, try JSONParser().parse(Array(data)))
    }

    func testClientCredentialsThenAssignAndReadBack() async throws {
        let sandbox = try Auth0Sandbox()
        let transport = InProcessTransport(emulator: sandbox.emulator)
        let session = transport.makeSession()
        let base = transport.baseURL

        var tokenRequest = URLRequest(url: base.appendingPathComponent("oauth/token"))
        tokenRequest.httpMethod = "POST"
        tokenRequest.setValue("application/json", forHTTPHeaderField: "Content-Type")
        tokenRequest.httpBody = Data("""
            {"grant_type":"client_credentials","client_id":"\(Acme.backendClient)","client_secret":"\(Acme.backendSecret)","audience":"\(Acme.audience)"}
            """.utf8)
        let (tokenResponse, tokenBody) = try await call(session, tokenRequest)
        XCTAssertEqual(tokenResponse.statusCode, 200)
        let token = try XCTUnwrap(tokenBody?["access_token"]?.stringValue)

        var assign = URLRequest(url: URL(string: "\(base.absoluteString)/api/v2/users/auth0%7C6e3a14fbec1ddc15f11b7142/roles")!)
        assign.httpMethod = "POST"
        assign.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        assign.setValue("application/json", forHTTPHeaderField: "Content-Type")
        assign.httpBody = Data(#"{"roles":["\#(Acme.reportReader)"]}"#.utf8)
        let (assigned, assignedBody) = try await call(session, assign)
        XCTAssertEqual(assigned.statusCode, 204)
        XCTAssertNil(assignedBody)
        XCTAssertEqual(assigned.value(forHTTPHeaderField: "content-type"), "application/json; charset=utf-8")
        XCTAssertNotNil(assigned.value(forHTTPHeaderField: "x-ratelimit-reset"))

        var read = URLRequest(url: URL(string: "\(base.absoluteString)/api/v2/users/auth0%7C6e3a14fbec1ddc15f11b7142/roles?include_totals=true")!)
        read.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (readResponse, readBody) = try await call(session, read)
        XCTAssertEqual(readResponse.statusCode, 200)
        XCTAssertEqual(readBody, ["roles": [role(Acme.reportReader)], "start": 0, "limit": 50, "total": 1])
    }
}
