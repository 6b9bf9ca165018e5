import Foundation
import TenantMock
import TenantMockServer
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The admin API (`/__admin/…`, docs/admin.md) over real sockets to `HTTPServer`
/// on the default fixtures: each operation once, the separation of admin and
/// vendor credentials, and the clock and rate limit driven through it.
final class AdminOverHTTPTests: XCTestCase {
    var emulator: Emulator!
    var server: RunningServer!
    var key: String { emulator.configuration.adminKey }

    /// Seed 003's admin token and target (crux-supplier fixture).
    let cruxToken = "Token a0f17278bed479ee719ea890b8caf0329e1f3e5b"
    let cruxTarget = "/organizations/users/permissions/5de38a8e-800e-4cba-84c5-ee6c27f304d8/"
    let alice = "/api/v2/users/auth0%7C5f7c8ec7c33c6c004bbafe82/permissions"

    override func setUpWithError() throws {
        let emulator = try Emulator.makeDefault()
        self.emulator = emulator
        server = try RunningServer(handler: { emulator.handle($0) })
    }

    override func tearDown() {
        server.stop()
    }

    /// One request on a connection of its own; `json` is sent as `application/json`.
    func call(_ method: String, _ target: String, authorization: String? = nil, json: String? = nil,
              headers: [(String, String)] = []) throws -> TestClient.Response {
        let client = try TestClient(port: server.port)
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\n"
        if let authorization { head += "Authorization: \(authorization)\r\n" }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        let body = Array((json ?? "").utf8)
        if json != nil { head += "Content-Type: application/json\r\n" }
        if !body.isEmpty || ["POST", "PUT", "PATCH", "DELETE"].contains(method) { head += "Content-Length: \(body.count)\r\n" }
        XCTAssertTrue(client.send(Array((head + "\r\n").utf8) + body))
        return try client.readResponse(bodyless: method == "HEAD")
    }

    /// An admin call with the admin key.
    func admin(_ method: String, _ target: String, _ json: String? = nil) throws -> TestClient.Response {
        try call(method, target, authorization: "Bearer \(key)", json: json)
    }

    /// The ids of the tenants `GET /__admin/tenants` lists.
    func listedTenants() throws -> [String] {
        let list = try admin("GET", "/__admin/tenants")
        XCTAssertEqual(list.status, 200)
        return list.json?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
    }

    /// A Management API token for `tenant` from its `/oauth/token`, with the all-scopes client.
    func auth0Token(tenant: String) throws -> String {
        let client = try XCTUnwrap(emulator.tenants.tenant(tenant)?.credentials()
            .first { $0.kind == "client_credentials" && $0.label == "Acme Backend (all scopes)" })
        func field(_ name: String) -> String { client.fields.first { $0.name == name }?.value ?? "" }
        let answer = try call("POST", "/tenants/\(tenant)/oauth/token", json: """
            {"grant_type":"client_credentials","client_id":"\(field("client_id"))","client_secret":"\(field("client_secret"))",\
            "audience":"\(field("audience"))"}
            """)
        XCTAssertEqual(answer.status, 200, answer.bodyText)
        return try XCTUnwrap(answer.json?["access_token"]?.stringValue)
    }

    // MARK: Tenants

    func testCreateListDescribeResetSnapshotAndDeleteOverHTTP() throws {
        let created = try admin("POST", "/__admin/tenants", #"{"id":"c1","fixture":"crux-supplier"}"#)
        XCTAssertEqual(created.status, 201)
        XCTAssertEqual(created.headers["Content-Type"], "application/json")
        XCTAssertEqual(created.json?["id"], "c1")
        XCTAssertEqual(created.json?["dialect"], "crux")
        XCTAssertEqual(created.json?["fixture"], "crux-supplier")
        XCTAssertEqual(created.json?["default"], false)
        XCTAssertEqual(created.json?["expires_at"], .null)
        XCTAssertEqual(created.json?["addresses"], [
            "path_prefix": .string("http://127.0.0.1:\(server.port)/tenants/c1"),
            "host": .string("http://c1.localhost:\(server.port)"),
        ])
        XCTAssertEqual(created.json?["credentials"], .array(emulator.tenants.tenant("c1")!.credentials().map(\.json)))
        XCTAssertEqual(try listedTenants(), ["acme", "globex", "crux", "c1"])
        XCTAssertEqual(try admin("GET", "/__admin/tenants/c1").json, created.json)
        XCTAssertEqual(try admin("POST", "/__admin/tenants", #"{"id":"c1","fixture":"crux-supplier"}"#).json?["error"],
                       "tenant_exists")

        // A change through the vendor route, seen in the snapshot, undone by reset.
        let removed = try call("DELETE", "/tenants/c1" + cruxTarget, authorization: cruxToken,
                               json: #"{"permission_uuids":["2a0295b6-dd74-4239-9988-24fcdb1adcea"]}"#)
        XCTAssertEqual(removed.status, 204)
        let changed = try admin("GET", "/__admin/tenants/c1/snapshot")
        XCTAssertEqual(changed.status, 200)
        XCTAssertEqual(changed.json?["dialect"], "crux")
        XCTAssertNotEqual(changed.json?["data"], try admin("GET", "/__admin/tenants/crux/snapshot").json?["data"])

        // Import: a new tenant from the exported snapshot carries the change.
        let imported = try admin("POST", "/__admin/tenants", #"{"id":"c2","snapshot":\#(changed.bodyText)}"#)
        XCTAssertEqual(imported.status, 201, imported.bodyText)
        XCTAssertEqual(try admin("GET", "/__admin/tenants/c2/snapshot").json?["data"], changed.json?["data"])

        let reset = try admin("POST", "/__admin/tenants/c1/reset")
        XCTAssertEqual(reset.status, 200)
        XCTAssertEqual(reset.json?["id"], "c1")
        XCTAssertEqual(try admin("GET", "/__admin/tenants/c1/snapshot").json?["data"],
                       try admin("GET", "/__admin/tenants/crux/snapshot").json?["data"])

        let deleted = try admin("DELETE", "/__admin/tenants/c1")
        XCTAssertEqual(deleted.status, 204)
        XCTAssertEqual(deleted.body, [])
        XCTAssertEqual(try admin("GET", "/__admin/tenants/c1").json?["error"], "unknown_tenant")
        let gone = try call("GET", "/tenants/c1" + cruxTarget, authorization: cruxToken)
        XCTAssertEqual(gone.status, 404)
        XCTAssertEqual(gone.headers["X-TenantMock-Error"], "unknown_tenant")
        XCTAssertEqual(try listedTenants(), ["acme", "globex", "crux", "c2"])
    }

    func testCreateFromAnInlineFixtureWithATimeToLive() throws {
        let inline = #"""
            {"id": "tiny", "ttl_seconds": 600,
             "inline": {"fixture": "tiny", "dialect": "crux", "data": {"permissions": [], "organizations": []}}}
            """#
        let created = try admin("POST", "/__admin/tenants", inline)
        XCTAssertEqual(created.status, 201, created.bodyText)
        XCTAssertEqual(created.json?["fixture"], "tiny")
        XCTAssertEqual(try call("GET", "/tenants/tiny/organizations/", authorization: cruxToken).bodyText,
                       #"{"detail":"Invalid token."}"#, "the inline tenant has none of the default fixture's tokens")
        let expiresAt = try XCTUnwrap(created.json?["expires_at"]?.intValue)
        XCTAssertEqual(Double(expiresAt), Date().timeIntervalSince1970 + 600, accuracy: 5)

        let refused = try admin("POST", "/__admin/tenants", #"{"inline": {"fixture": "x", "dialect": "crux", "data": {"users": 1}}}"#)
        XCTAssertEqual(refused.status, 400)
        XCTAssertEqual(refused.json?["error"], "invalid_fixture")
        XCTAssertEqual(refused.headers["X-TenantMock-Error"], "invalid_fixture")
        XCTAssertEqual(refused.json?["path"], "$.data.users")
        XCTAssertEqual(refused.json?["reason"], "unknown key \"users\"; expected one of: organizations, permissions")
        XCTAssertEqual(try admin("POST", "/__admin/tenants", #"{"fixture":"ghost"}"#).json?["error"], "unknown_fixture")
        let fixtures = try admin("GET", "/__admin/fixtures")
        XCTAssertEqual(fixtures.json?.arrayValue?.compactMap { $0["name"]?.stringValue },
                       ["auth0-acme", "auth0-globex", "crux-supplier"])
    }

    // MARK: Journal

    func testJournalFilterAndClearOverHTTP() throws {
        XCTAssertEqual(try call("GET", "/tenants/crux" + cruxTarget, authorization: cruxToken).status, 200)
        XCTAssertEqual(try call("GET", "/tenants/crux/organizations/").status, 401)
        XCTAssertEqual(try call("GET", "/tenants/crux" + cruxTarget, authorization: cruxToken).status, 200)
        XCTAssertEqual(try call("GET", alice).status, 401)

        let all = try admin("GET", "/__admin/journal?tenant=crux")
        XCTAssertEqual(all.status, 200)
        XCTAssertEqual(all.json?["count"], 3)
        XCTAssertEqual(all.json?["dropped"], 0)
        let entries = try XCTUnwrap(all.json?["entries"]?.arrayValue)
        let first = entries[0]
        XCTAssertEqual(first["tenant"], "crux")
        XCTAssertEqual(first["request"]?["method"], "GET")
        XCTAssertEqual(first["request"]?["path"], JSONValue.string(cruxTarget))
        XCTAssertEqual(first["request"]?["headers"], [["Host": .string("127.0.0.1:\(server.port)")],
                                                      ["Authorization": "Token a0f1…(40 chars)"]])
        XCTAssertEqual(first["response"]?["status"], 200)

        let byStatus = try admin("GET", "/__admin/journal?tenant=crux&status=401")
        XCTAssertEqual(byStatus.json?["count"], 1)
        XCTAssertEqual(byStatus.json?["entries"]?.arrayValue?.first?["request"]?["path"], "/organizations/")
        let byPath = try admin("GET", "/__admin/journal?path=/organizations/users/*&method=get&limit=1")
        XCTAssertEqual(byPath.json?["count"], 1)
        XCTAssertEqual(byPath.json?["entries"]?.arrayValue?.first?["sequence"], entries[2]["sequence"])
        XCTAssertEqual(try admin("GET", "/__admin/journal?tenant=acme").json?["count"], 1)
        XCTAssertEqual(try admin("GET", "/__admin/journal?status=x").json?["error"], "invalid_request")

        XCTAssertEqual(try admin("DELETE", "/__admin/journal?tenant=crux").status, 204)
        XCTAssertEqual(try admin("GET", "/__admin/journal?tenant=crux").json?["count"], 0)
        XCTAssertEqual(try admin("GET", "/__admin/journal?tenant=acme").json?["count"], 1, "only crux's journal was cleared")
        XCTAssertEqual(try admin("DELETE", "/__admin/journal").status, 204)
        XCTAssertEqual(try admin("GET", "/__admin/journal").json?["count"], 0)
        // Admin calls themselves are not journaled.
        XCTAssertEqual(try admin("GET", "/__admin/journal").json?["entries"], [])
    }

    func testTheJournalIsBoundedOverHTTP() throws {
        server.stop()
        let emulator = Emulator(dialects: .builtIn, configuration: .init(adminKey: "bounded-key", journalCapacity: 3))
        try emulator.loadFixtures(documents: DefaultFixtures.documents)
        emulator.startFixtureTenants()
        self.emulator = emulator
        server = try RunningServer(handler: { emulator.handle($0) })
        for page in 1...5 { XCTAssertEqual(try call("GET", "/tenants/crux/organizations/?page=\(page)").status, 401) }
        let journal = try admin("GET", "/__admin/journal?tenant=crux")
        XCTAssertEqual(journal.json?["count"], 3)
        XCTAssertEqual(journal.json?["dropped"], 2)
        XCTAssertEqual(journal.json?["entries"]?.arrayValue?.compactMap { $0["request"]?["query"]?.stringValue },
                       ["page=3", "page=4", "page=5"])
    }

    // MARK: Faults

    func testFaultsOverHTTP() throws {
        let rules = #"{"seed": 7, "rules": [{"method": "GET", "path": "/api/v2/users/{id}/permissions", "status": 503, "times": 1}]}"#
        let set = try admin("PUT", "/__admin/tenants/acme/faults", rules)
        XCTAssertEqual(set.status, 200)
        XCTAssertEqual(set.json, ["seed": 7, "rules": [["method": "GET", "path": "/api/v2/users/{id}/permissions",
                                                       "status": 503, "times": 1]], "fired": [0]])
        let token = try auth0Token(tenant: "acme")
        let forced = try call("GET", alice, authorization: "Bearer \(token)")
        XCTAssertEqual(forced.status, 503)
        // Boom's body with the reason phrase (Auth0FaultResponses), and the rate-limit headers of a Management route.
        XCTAssertEqual(forced.bodyText, #"{"statusCode":503,"error":"Service Unavailable","message":"Service Unavailable"}"#)
        XCTAssertEqual(forced.headers["Content-Type"], "application/json; charset=utf-8")
        XCTAssertNotNil(forced.headers["X-RateLimit-Limit"])
        XCTAssertEqual(try call("GET", alice, authorization: "Bearer \(token)").status, 200, "times: 1")
        XCTAssertEqual(try admin("GET", "/__admin/tenants/acme/faults").json?["fired"], [1])

        XCTAssertEqual(try admin("PUT", "/__admin/tenants/acme/faults", #"{"rules": [{"path": "/api/v2/*", "reset": true}]}"#).status, 200)
        let client = try TestClient(port: server.port)
        XCTAssertTrue(client.send("GET \(alice) HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\n\r\n"))
        XCTAssertTrue(client.isClosedByServer(), "reset without an answer")

        XCTAssertEqual(try admin("PUT", "/__admin/tenants/acme/faults", #"{"rules": [{"latency_ms": [10, 20]}]}"#).status, 200)
        XCTAssertEqual(try call("GET", alice, authorization: "Bearer \(token)").status, 200)
        XCTAssertGreaterThanOrEqual(emulator.tenants.tenant("acme")!.journal.entries.last!.durationMicroseconds, 10_000)

        let bad = try admin("PUT", "/__admin/tenants/acme/faults", #"{"rules": [{"probability": 2, "status": 500}]}"#)
        XCTAssertEqual(bad.status, 400)
        XCTAssertEqual(bad.json?["message"], "$.rules[0].probability: expected a number between 0 and 1")
        XCTAssertEqual(try admin("DELETE", "/__admin/tenants/acme/faults").status, 204)
        XCTAssertEqual(try admin("GET", "/__admin/tenants/acme/faults").json, ["seed": 0, "rules": [], "fired": []])
        XCTAssertEqual(try call("GET", alice, authorization: "Bearer \(token)").status, 200)
    }

    // MARK: Credentials are kept apart

    func testVendorCredentialsAreRefusedByTheAdminAPI() throws {
        let staticToken = try XCTUnwrap(emulator.tenants.tenant("acme")?.credentials()
            .first { $0.kind == "static_token" }?.fields.first { $0.name == "token" }?.value)
        XCTAssertEqual(try call("GET", alice, authorization: "Bearer \(staticToken)").status, 200, "a working Auth0 token")
        XCTAssertEqual(try call("GET", cruxTarget, authorization: cruxToken).status, 200, "a working Crux token")
        for authorization in ["Bearer \(staticToken)", "Bearer \(try auth0Token(tenant: "acme"))", cruxToken,
                              "Token \(key)", key, nil] as [String?] {
            let refused = try call("GET", "/__admin/tenants", authorization: authorization)
            XCTAssertEqual(refused.status, 401, authorization ?? "no header")
            XCTAssertEqual(refused.headers["WWW-Authenticate"], #"Bearer realm="tenantmock-admin""#)
            XCTAssertEqual(refused.headers["X-TenantMock-Error"], "admin_key_required")
            XCTAssertEqual(refused.json?["error"], "admin_key_required")
        }
    }

    func testTheAdminKeyIsRefusedByVendorRoutes() throws {
        // Auth0: a bearer credential that is not a JWT (Auth0Error.badAuthorizationHeader, recorded).
        let auth0 = try call("GET", alice, authorization: "Bearer \(key)")
        XCTAssertEqual(auth0.status, 400)
        XCTAssertEqual(auth0.bodyText, #"{"statusCode":400,"error":"Bad Request","message":"Bad HTTP authentication header format","errorCode":"Bearer"}"#)
        // Crux: DRF TokenAuthentication's unknown key.
        let crux = try call("GET", cruxTarget, authorization: "Token \(key)")
        XCTAssertEqual(crux.status, 401)
        XCTAssertEqual(crux.bodyText, #"{"detail":"Invalid token."}"#)
        XCTAssertEqual(crux.headers["WWW-Authenticate"], "Token")
    }

    // MARK: Clocks and rate limits

    func testTheClockMovedThroughTheAdminAPIExpiresAnAuth0Token() throws {
        let token = try auth0Token(tenant: "acme")
        XCTAssertEqual(try call("GET", alice, authorization: "Bearer \(token)").status, 200)
        let clock = try admin("POST", "/__admin/tenants/acme/clock", #"{"freeze": true, "advance": 86401}"#)
        XCTAssertEqual(clock.status, 200)
        XCTAssertEqual(clock.json?["frozen"], true)
        XCTAssertEqual(try admin("GET", "/__admin/tenants/acme/clock").json, clock.json)
        let expired = try call("GET", alice, authorization: "Bearer \(token)")
        XCTAssertEqual(expired.status, 401)
        XCTAssertEqual(expired.json, [
            "statusCode": 401, "error": "Unauthorized", "message": "Expired token received for JSON Web Token validation",
            "attributes": ["error": "Expired token received for JSON Web Token validation"],
        ])
        XCTAssertEqual(try admin("POST", "/__admin/tenants/acme/clock", #"{"real_time": true}"#).json?["frozen"], false)
        XCTAssertEqual(try call("GET", alice, authorization: "Bearer \(token)").status, 200)
    }

    func testTheClockMovedThroughTheAdminAPIExpiresACruxLoginToken() throws {
        let login = try call("POST", "/organizations/user-login/",
                             json: #"{"username":"rbreslawski@cruxsupplier.com","password":"thanos_rocks"}"#)
        XCTAssertEqual(login.status, 200, login.bodyText)
        let key = try XCTUnwrap(login.json?["auth_token"]?.stringValue)
        XCTAssertEqual(try call("GET", cruxTarget, authorization: "Token \(key)").status, 200)
        // Issued tokens live two hours (CruxLoginView).
        XCTAssertEqual(try admin("POST", "/__admin/tenants/crux/clock", #"{"advance": 7201}"#).status, 200)
        let expired = try call("GET", cruxTarget, authorization: "Token \(key)")
        XCTAssertEqual(expired.status, 401)
        XCTAssertEqual(expired.bodyText, #"{"detail":"Invalid token."}"#)
        XCTAssertEqual(try call("GET", cruxTarget, authorization: cruxToken).status, 200, "the fixture's token does not expire")
    }

    func testARateLimitSetThroughTheAdminAPIRecoversWhenItsClockMoves() throws {
        let token = try auth0Token(tenant: "acme")
        XCTAssertEqual(try admin("POST", "/__admin/tenants/acme/clock", #"{"freeze": true}"#).status, 200)
        let set = try admin("PUT", "/__admin/tenants/acme/rate-limit", #"{"limit": 2, "window_seconds": 10}"#)
        XCTAssertEqual(set.status, 200)
        XCTAssertEqual(set.json, ["limit": 2, "window_seconds": 10])
        XCTAssertEqual(try call("GET", alice, authorization: "Bearer \(token)").status, 200)
        XCTAssertEqual(try call("GET", alice, authorization: "Bearer \(token)").status, 200)
        let limited = try call("GET", alice, authorization: "Bearer \(token)")
        XCTAssertEqual(limited.status, 429)
        XCTAssertEqual(limited.json, ["statusCode": 429, "error": "Too Many Requests",
                                      "message": "Global limit has been reached", "errorCode": "too_many_requests"])
        XCTAssertEqual(limited.headers["X-RateLimit-Limit"], "2")
        XCTAssertEqual(limited.headers["X-RateLimit-Remaining"], "0")

        XCTAssertEqual(try admin("POST", "/__admin/tenants/acme/clock", #"{"advance": 10}"#).status, 200)
        let recovered = try call("GET", alice, authorization: "Bearer \(token)")
        XCTAssertEqual(recovered.status, 200)
        XCTAssertEqual(recovered.headers["X-RateLimit-Remaining"], "1")
        XCTAssertEqual(try admin("GET", "/__admin/tenants/acme/rate-limit").json, ["limit": 2, "window_seconds": 10])
        XCTAssertEqual(try admin("DELETE", "/__admin/tenants/acme/rate-limit").status, 200)
    }
}

/// `tenantmock serve` as a process: the admin key it prints opens the admin API over HTTP.
final class ServeAdminKeyTests: XCTestCase {
    /// A running `tenantmock serve` and the three lines it printed first.
    struct Serve {
        let process: Process
        let port: Int
        let lines: [String]

        init(_ arguments: [String], environment: [String: String] = [:]) throws {
            let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
                .appendingPathComponent("tenantmock")
            guard FileManager.default.isExecutableFile(atPath: binary.path) else {
                throw XCTSkip("the tenantmock binary was not built beside the tests: \(binary.path)")
            }
            process = Process()
            process.executableURL = binary
            process.arguments = ["serve", "--port", "0"] + arguments
            process.environment = ProcessInfo.processInfo.environment.filter { $0.key != "TENANTMOCK_ADMIN_KEY" }
                .merging(environment) { $1 }
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Three lines, byte by byte (the rest of the banner, ~10 KB, fits in the pipe).
            var bytes: [UInt8] = []
            let reader = out.fileHandleForReading
            while bytes.filter({ $0 == 0x0A }).count < 3, let b = reader.readData(ofLength: 1).first { bytes.append(b) }
            lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
            let prefix = "listening on http://127.0.0.1:"
            port = lines.first.flatMap { $0.hasPrefix(prefix) ? Int($0.dropFirst(prefix.count)) : nil } ?? 0
        }

        func stop() {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }

        func get(_ target: String, authorization: String?) throws -> TestClient.Response {
            let client = try TestClient(port: port)
            client.send("GET \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + (authorization.map { "Authorization: \($0)\r\n" } ?? "") + "\r\n")
            return try client.readResponse()
        }
    }

    func testTheKeyGivenIsPrintedWithACurlLineAndOpensTheAdminAPI() throws {
        let serve = try Serve(["--admin-key", "given-key-42"])
        defer { serve.stop() }
        XCTAssertEqual(Array(serve.lines.dropFirst()), [
            "admin key: given-key-42",
            "  e.g. curl -H 'Authorization: Bearer given-key-42' http://127.0.0.1:\(serve.port)/__admin/tenants",
        ])
        let tenants = try serve.get("/__admin/tenants", authorization: "Bearer given-key-42")
        XCTAssertEqual(tenants.status, 200)
        XCTAssertEqual(tenants.json?.arrayValue?.compactMap { $0["id"]?.stringValue }, ["acme", "globex", "crux"])
        XCTAssertEqual(try serve.get("/__admin/tenants", authorization: "Bearer other").status, 401)
    }

    func testTheEnvironmentGivesTheKeyOtherwiseItIsRandom() throws {
        let fromEnvironment = try Serve([], environment: ["TENANTMOCK_ADMIN_KEY": "env-key"])
        defer { fromEnvironment.stop() }
        XCTAssertEqual(fromEnvironment.lines.dropFirst().first, "admin key: env-key")
        XCTAssertEqual(try fromEnvironment.get("/__admin/tenants", authorization: "Bearer env-key").status, 200)

        let random = try Serve([])
        defer { random.stop() }
        let line = try XCTUnwrap(random.lines.dropFirst().first)
        XCTAssertTrue(line.hasPrefix("admin key: "), line)
        let key = String(line.dropFirst("admin key: ".count))
        XCTAssertEqual(key.count, 32)
        XCTAssertTrue(key.allSatisfy(\.isHexDigit), key)
        XCTAssertEqual(try random.get("/__admin/tenants", authorization: "Bearer \(key)").status, 200)
        XCTAssertEqual(try random.get("/__admin/tenants", authorization: "Bearer env-key").status, 401)
    }

    func testJournalCapacity() throws {
        let serve = try Serve(["--admin-key", "k", "--journal-capacity", "2"])
        defer { serve.stop() }
        for _ in 0..<3 { XCTAssertEqual(try serve.get("/tenants/crux/organizations/", authorization: nil).status, 401) }
        let journal = try serve.get("/__admin/journal?tenant=crux", authorization: "Bearer k")
        XCTAssertEqual(journal.json?["count"], 2)
        XCTAssertEqual(journal.json?["dropped"], 1)
    }
}
