import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TenantMock
import XCTest

/// The seeds' curl lines, run by curl against the server on a real socket, and a
/// URLSession client over the network stack.
final class SocketTests: XCTestCase {
    /// Seeds 004, 000, 001 and 002 as printed (the path keeps its raw `|`; seed 002 sends no
    /// content type, so curl labels its JSON a form), each followed by a GET showing the change.
    func testSeedCurlLinesOverHTTP() throws {
        guard isInstalled("curl") else { throw XCTSkip("curl is not installed") }
        let live = try Auth0LiveSandbox()
        defer { live.stop() }
        let token = live.sandbox.token("acme-all-scopes")
        let perms = { (name: String) in
            #"{ "permissions": [ { "resource_server_identifier": "https://reports.acme.test/", "permission_name": "\#(name)" }, { "resource_server_identifier": "https://reports.acme.test/", "permission_name": "\#(name)" } ] }"#
        }
        let seeds: [(String, [String], Int)] = [
            ("004", ["--request", "POST", "--url", "\(live.base)/api/v2/users/\(Acme.carol)/permissions",
                     "--header", "Content-Type: application/json", "--header", "Authorization: Bearer \(token)",
                     "--header", "Cache-Control: no-cache", "--data", perms("create:reports")], 201),
            ("000", ["--request", "DELETE", "--url", "\(live.base)/api/v2/users/\(Acme.alice)/permissions",
                     "--header", "authorization: Bearer \(token)", "--header", "cache-control: no-cache",
                     "--header", "content-type: application/json", "--data", perms("delete:reports")], 204),
            ("001", ["--request", "DELETE", "--url", "\(live.base)/api/v2/users/\(Acme.alice)/roles",
                     "--header", "authorization: Bearer \(token)", "--header", "cache-control: no-cache",
                     "--header", "content-type: application/json",
                     "--data", #"{ "roles": [ "\#(Acme.reportEditor)", "\#(Acme.reportEditor)" ] }"#], 204),
            ("002", ["--request", "DELETE", "--url", "\(live.base)/api/v2/organizations/\(Acme.east)/members/\(Acme.alice)/roles",
                     "--header", "authorization: Bearer \(token)", "--header", "cache-control: no-cache",
                     "--data", #"{ "roles": [ "\#(Acme.orgAdmin)", "\#(Acme.orgAdmin)", "\#(Acme.orgAdmin)" ] }"#], 204),
        ]
        for (seed, arguments, status) in seeds {
            let result = try runProcess("curl", ["-s", "-i"] + arguments)
            XCTAssertEqual(result.status, 0, "seed \(seed)")
            let response = CurlResponse(result.output)
            XCTAssertEqual(response.status, status, "seed \(seed): \(result.output)")
            XCTAssertEqual(response.headers["Content-Type"], "application/json; charset=utf-8", "seed \(seed)")
            XCTAssertNotNil(response.headers["X-RateLimit-Reset"].flatMap { Int($0) }, "seed \(seed)")
            XCTAssertEqual(response.body, status == 201 ? "{}" : "", "seed \(seed)")
        }
        let get = { (path: String) in
            CurlResponse(try runProcess("curl", ["-s", "-i", "-H", "Authorization: Bearer \(token)", live.base + path]).output)
        }
        let carol = try get("/api/v2/users/\(enc(Acme.carol))/permissions")
        XCTAssertEqual(try JSONParser().parse(carol.body), [
            permissionItem("create:reports", Acme.reportsAPI, sources: [direct]),
            permissionItem("read:reports", Acme.reportsAPI, sources: [direct]),
        ])
        XCTAssertEqual(try get("/api/v2/users/\(enc(Acme.alice))/roles?include_totals=true").body,
                       #"{"roles":[],"start":0,"limit":50,"total":0}"#)
        XCTAssertEqual(try get("/api/v2/organizations/\(Acme.east)/members/\(enc(Acme.alice))/roles").body, "[]")
    }

    /// A form-encoded `/oauth/token`, then calls with the token, through the network stack.
    func testURLSessionOverASocket() async throws {
        let live = try Auth0LiveSandbox()
        defer { live.stop() }
        let session = URLSession(configuration: .ephemeral)
        var tokenRequest = URLRequest(url: URL(string: "\(live.base)/oauth/token")!)
        tokenRequest.httpMethod = "POST"
        tokenRequest.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        tokenRequest.httpBody = Data(("grant_type=client_credentials&client_id=\(Acme.readOnlyClient)&client_secret=\(Acme.readOnlySecret)"
            + "&audience=\(FormURLEncoding.percentEncode(Acme.audience))").utf8)
        let (tokenData, tokenResponse) = try await session.data(for: tokenRequest)
        XCTAssertEqual((tokenResponse as? HTTPURLResponse)?.statusCode, 200)
        let token = try XCTUnwrap(try JSONParser().parse(Array(tokenData))["access_token"]?.stringValue)

        var write = URLRequest(url: URL(string: "\(live.base)/api/v2/users/\(enc(Acme.bob))/roles")!)
        write.httpMethod = "POST"
        write.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        write.setValue("application/json", forHTTPHeaderField: "Content-Type")
        write.httpBody = Data(#"{"roles":["\#(Acme.billingAdmin)"]}"#.utf8)
        let (refusedData, refused) = try await session.data(for: write)
        let http = try XCTUnwrap(refused as? HTTPURLResponse)
        XCTAssertEqual(http.statusCode, 403)
        XCTAssertEqual(try JSONParser().parse(Array(refusedData)),
                       errorBody(403, "Insufficient scope, expected any of: update:users,create:role_members", errorCode: "insufficient_scope"))
        XCTAssertEqual(http.value(forHTTPHeaderField: "x-ratelimit-limit"), "1000")

        var read = URLRequest(url: URL(string: "\(live.base)/api/v2/users/\(enc(Acme.bob))/roles")!)
        read.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (readData, readResponse) = try await session.data(for: read)
        XCTAssertEqual((readResponse as? HTTPURLResponse)?.statusCode, 200)
        XCTAssertEqual(try JSONParser().parse(Array(readData)), [role(Acme.reportReader)])
    }
}
