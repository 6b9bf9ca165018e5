import Foundation
import TenantMock
import TenantMockServer
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// No input stops the sandbox: out-of-range admin numbers are refused over a real socket and
/// the server keeps answering; a clock moved to an extreme from Swift still lets Auth0 issue and
/// check tokens; the tenant list carries the server's real port; and the journal flags of
/// `tenantmock serve` reach the journals.
final class AdminLimitsOverHTTPTests: XCTestCase {
    var emulator: Emulator!
    var server: RunningServer!
    var key: String { emulator.configuration.adminKey }

    override func setUpWithError() throws {
        let emulator = try Emulator.makeDefault()
        self.emulator = emulator
        server = try RunningServer(handler: { emulator.handle($0) })
    }

    override func tearDown() {
        server.stop()
    }

    func call(_ method: String, _ target: String, authorization: String? = nil, json: String? = nil) throws -> TestClient.Response {
        let client = try TestClient(port: server.port)
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\n"
        if let authorization { head += "Authorization: \(authorization)\r\n" }
        let body = Array((json ?? "").utf8)
        if json != nil { head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n" }
        XCTAssertTrue(client.send(Array((head + "\r\n").utf8) + body))
        return try client.readResponse()
    }

    func admin(_ method: String, _ target: String, _ json: String? = nil) throws -> TestClient.Response {
        try call(method, target, authorization: "Bearer \(key)", json: json)
    }

    /// `POST /oauth/token` for acme's all-scopes client: the status and the token, if any.
    func auth0Token() throws -> (status: Int, token: String?) {
        let client = try XCTUnwrap(emulator.tenants.tenant("acme")?.credentials()
            .first { $0.kind == "client_credentials" && $0.label == "Acme Backend (all scopes)" })
        func field(_ name: String) -> String { client.fields.first { $0.name == name }?.value ?? "" }
        let answer = try call("POST", "/tenants/acme/oauth/token", json: """
            {"grant_type":"client_credentials","client_id":"\(field("client_id"))","client_secret":"\(field("client_secret"))",\
            "audience":"\(field("audience"))"}
            """)
        return (answer.status, answer.json?["access_token"]?.stringValue)
    }

    func testOutOfRangeAdminNumbersAreRefusedAndTheServerKeepsAnswering() throws {
        for (target, body, path) in [
            ("/__admin/tenants", #"{"fixture":"auth0-acme","ttl_seconds":1e19}"#, "$.ttl_seconds"),
            ("/__admin/tenants/acme/clock", #"{"advance":1e19}"#, "$.advance"),
            ("/__admin/tenants/acme/clock", #"{"set":1e308}"#, "$.set"),
        ] {
            let refused = try admin("POST", target, body)
            XCTAssertEqual(refused.status, 400, body)
            XCTAssertEqual(refused.json?["path"]?.stringValue, path, refused.bodyText)
        }
        let window = try admin("PUT", "/__admin/tenants/acme/rate-limit", #"{"limit":5,"window_seconds":1e300}"#)
        XCTAssertEqual(window.json?["path"], "$.window_seconds")
        let latency = try admin("PUT", "/__admin/tenants/acme/faults", #"{"rules":[{"latency_ms":1e300}]}"#)
        XCTAssertEqual(latency.json?["path"], "$.rules[0].latency_ms")

        let clock = try admin("GET", "/__admin/tenants/acme/clock")
        XCTAssertNotNil(clock.json, "the clock is still JSON: \(clock.bodyText)")
        let (status, token) = try auth0Token()
        XCTAssertEqual(status, 200)
        XCTAssertNotNil(token)
    }

    func testAuth0StillIssuesAndChecksTokensWithTheClockAtEitherEndFromSwift() throws {
        let clock = try XCTUnwrap(emulator.tenants.tenant("acme")).clock
        let alice = "/tenants/acme/api/v2/users/auth0%7C5f7c8ec7c33c6c004bbafe82/permissions"
        for extreme in [1e308, -1e308, Double.infinity] {
            clock.set(extreme)
            let (status, token) = try auth0Token()
            XCTAssertEqual(status, 200, "clock set to \(extreme)")
            let read = try call("GET", alice, authorization: "Bearer \(try XCTUnwrap(token))")
            XCTAssertNotEqual(read.status, 500)
            XCTAssertNotNil(try admin("GET", "/__admin/tenants/acme/clock").json)
            XCTAssertNotNil(try admin("GET", "/__admin/tenants/acme/rate-limit").json)
        }
    }

    func testTheTenantListCarriesTheServersPort() throws {
        XCTAssertNotEqual(server.port, 8080)
        let list = try admin("GET", "/__admin/tenants")
        XCTAssertEqual(list.status, 200)
        XCTAssertEqual(list.json?[path: JSONPath(parsing: "$[0].addresses")!],
                       ["path_prefix": .string("http://127.0.0.1:\(server.port)/tenants/acme"),
                        "host": .string("http://acme.localhost:\(server.port)")])
        XCTAssertEqual(list.headers["X-Total-Count"], "3")
    }

    func testACruxTokenExpiryBeyondTheYear9999IsRefusedWithItsPath() throws {
        let snapshot = try admin("GET", "/__admin/tenants/crux/snapshot").bodyText
        let token = #"{"key":"a0f17278bed479ee719ea890b8caf0329e1f3e5b""#
        XCTAssertTrue(snapshot.contains(token + "}"), snapshot)
        let beyond = snapshot.replacingOccurrences(of: token + "}", with: token + #","expires_at":1e19}"#)
        let refused = try admin("POST", "/__admin/tenants", #"{"id":"c9","snapshot":\#(beyond)}"#)
        XCTAssertEqual(refused.status, 400)
        XCTAssertEqual(refused.json?["error"], "invalid_fixture")
        XCTAssertTrue(refused.json?["path"]?.stringValue?.hasSuffix(".api_tokens[0].expires_at") == true, refused.bodyText)
        XCTAssertEqual(refused.json?["reason"], "expected a number in 0...253402300799, found 1e+19")

        let last = snapshot.replacingOccurrences(of: token + "}", with: token + #","expires_at":253402300799}"#)
        let created = try admin("POST", "/__admin/tenants", #"{"id":"c9","snapshot":\#(last)}"#)
        XCTAssertEqual(created.status, 201, created.bodyText)
        XCTAssertTrue(created.bodyText.contains(#""expires_at":"253402300799""#), "the credential shows it: \(created.bodyText)")
    }
}

/// The journal flags of `tenantmock serve`, on the built binary.
final class ServeJournalFlagsTests: XCTestCase {
    /// Runs `tenantmock serve` with `arguments` expecting it to refuse them: its status and stderr.
    func refusal(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tenantmock")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw XCTSkip("the tenantmock binary was not built beside the tests: \(binary.path)")
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = ["serve", "--port", "0"] + arguments
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stderr, as: UTF8.self))
    }

    func testJournalFlagsOutsideTheirRangesAreUsageErrors() throws {
        for (flag, value, range) in [("journal-body-bytes", "1073741825", "0...1073741824"),
                                     ("journal-bytes", "-1", "0...1099511627776"),
                                     ("journal-total-bytes", "lots", "0...1099511627776")] {
            let result = try refusal(["--\(flag)", value])
            XCTAssertEqual(result.status, 64, flag)
            XCTAssertTrue(result.stderr.contains("--\(flag) expects an integer in \(range), got '\(value)'"), result.stderr)
        }
    }

    func testTheBodyLimitFlagCutsJournaledBodies() throws {
        let serve = try ServeAdminKeyTests.Serve(["--admin-key", "k", "--journal-body-bytes", "4", "--journal-bytes", "100000",
                                                  "--journal-total-bytes", "200000"])
        defer { serve.stop() }
        let client = try TestClient(port: serve.port)
        let body = #"{"username":"nobody"}"#
        client.send("POST /tenants/crux/organizations/user-login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body)
        XCTAssertEqual(try client.readResponse().status, 400)
        let journal = try serve.get("/__admin/journal?tenant=crux", authorization: "Bearer k")
        let request = journal.json?[path: JSONPath(parsing: "$.entries[0].request")!]
        XCTAssertEqual(request?["body"], .string(#"{"us…(\#(body.utf8.count - 4) more bytes not journaled)"#))
        XCTAssertEqual(request?["body_truncated"], true)
    }
}
