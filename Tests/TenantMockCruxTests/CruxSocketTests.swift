import Foundation
import TenantMock
import TenantMockTestSupport
import XCTest

/// Seed 003 ("Remove User Permissions") and its neighbours over a real socket: the
/// default sandbox served by `HTTPServer` on 127.0.0.1, driven by the real `curl`
/// binary and by raw keep-alive connections.
final class CruxSocketTests: XCTestCase {
    var live: CruxLiveServer!

    override func setUpWithError() throws {
        live = try CruxLiveServer()
    }

    override func tearDown() {
        live?.stop()
        live = nil
    }

    var seedURL: String { live.base + Crux.permissionsPath }

    /// The seed's curl line with only the host changed; `token` replaces the seed's own
    /// when given (seed 003: `-X "DELETE"`, its two `-H`, its `-d $'{…}'` body byte for byte).
    func seedCurl(token: String = Crux.adminToken) throws -> CurlResult {
        try CurlResult.run(["-X", "DELETE", seedURL,
                            "-H", "Authorization: Token \(token)",
                            "-H", "Content-Type: application/json; charset=utf-8",
                            "-d", Crux.seedBody])
    }

    /// `GET` of the target user's permissions by curl.
    func curlGet(token: String = Crux.adminToken) throws -> CurlResult {
        try CurlResult.run(["-H", "Authorization: Token \(token)", seedURL])
    }

    /// The exact body of `GET /organizations/users/permissions/<target>/`
    /// (get_user_permissions.md): every permission a supplier may hold, in catalogue
    /// order, flagged `assigned` when in `assigned`, then `org_user`. Built from the
    /// fixture file, not from the server.
    func expectedPermissionsBody(assigned: Set<String>) throws -> String {
        let fixture = try JSONParser().parse(Array(try Data(contentsOf: URL(fileURLWithPath: Crux.fixturePath))))
        let catalogue = try XCTUnwrap(fixture["data"]?["permissions"]?.arrayValue)
        let entries: [JSONValue] = catalogue.filter { ["BOTH", "SUPPLIER"].contains($0["visibility"]?.stringValue ?? "") }.map { permission in
            ["assigned": .bool(assigned.contains(permission["uuid"]?.stringValue ?? "")), "permission": permission]
        }
        XCTAssertEqual(entries.count, 25, "docs/crux.md: a supplier sees 25 permissions")
        return JSONSerializer.string(["permissions": .array(entries), "org_user": ["uuid": .string(Crux.targetUUID)]])
    }

    /// Asserts a DRF view answer read by curl: status, `Allow` and `Vary` on every view
    /// answer, `Content-Type: application/json` with the exact body, or no body and no
    /// `Content-Type` for a 204 (documented: 204 on success; the headers are DRF defaults, inferred).
    func assertView(_ result: CurlResult, _ status: Int, _ body: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(result.exitStatus, 0, "curl exit status", file: file, line: line)
        XCTAssertEqual(result.status, status, result.body, file: file, line: line)
        XCTAssertEqual(result.body, body, file: file, line: line)
        XCTAssertEqual(result.headers["Content-Type"], status == 204 ? nil : "application/json", file: file, line: line)
        XCTAssertEqual(result.headers["Allow"], "GET, PATCH, DELETE, HEAD, OPTIONS", file: file, line: line)
        XCTAssertEqual(result.headers["Vary"], "Accept", file: file, line: line)
    }

    // MARK: Seed 003 by curl

    /// The seed's request returns 204 with no body, and a following GET (curl too)
    /// shows both permissions unassigned — and nothing else changed.
    func testSeedCurlReturns204AndAFollowingGetShowsBothUnassigned() throws {
        guard CurlResult.isInstalled else { throw XCTSkip("curl is not installed (.ci/run installs it)") }
        assertView(try curlGet(), 200, try expectedPermissionsBody(assigned: [Crux.editSubscriptionPlan, Crux.viewPaymentInfo]))

        assertView(try seedCurl(), 204, "")

        assertView(try curlGet(), 200, try expectedPermissionsBody(assigned: []))
    }

    /// The same request by Priya Natarajan (`view_org_users` only, no `edit_org_users`)
    /// is 403 (seed 003: "you must be assigned the 'edit_org_users' permission";
    /// DRF's message, inferred) and leaves the user's permissions as they were.
    func testSeedRequestWithoutEditOrgUsersIs403AndChangesNothing() throws {
        guard CurlResult.isInstalled else { throw XCTSkip("curl is not installed (.ci/run installs it)") }
        let before = try curlGet()
        assertView(before, 200, try expectedPermissionsBody(assigned: [Crux.editSubscriptionPlan, Crux.viewPaymentInfo]))

        assertView(try seedCurl(token: Crux.viewerToken), 403, #"{"detail":"You do not have permission to perform this action."}"#)

        assertView(try curlGet(), 200, before.body)
    }

    /// Marta Okafor, admin of the retailer organization (view and edit users there),
    /// gets 404 for the supplier's user on GET and on the seed's DELETE: the answer of
    /// an unknown user, none of the user's data (docs/crux.md; DRF's `NotFound`, inferred).
    func testTokenOfTheOtherOrganizationGets404NotTheUsersData() throws {
        guard CurlResult.isInstalled else { throw XCTSkip("curl is not installed (.ci/run installs it)") }
        let before = try curlGet()

        assertView(try curlGet(token: Crux.retailerAdminToken), 404, #"{"detail":"Not found."}"#)
        assertView(try seedCurl(token: Crux.retailerAdminToken), 404, #"{"detail":"Not found."}"#)
        // The same answer as for a user that does not exist at all.
        let unknown = try CurlResult.run(["-H", "Authorization: Token \(Crux.retailerAdminToken)",
                                          live.base + "/organizations/users/permissions/00000000-0000-4000-8000-000000000000/"])
        assertView(unknown, 404, #"{"detail":"Not found."}"#)
        // Nor does the user's detail view or the organization's user list give the user away.
        let detail = try CurlResult.run(["-H", "Authorization: Token \(Crux.retailerAdminToken)",
                                         live.base + "/organizations/users/detail/\(Crux.targetUUID)/"])
        XCTAssertEqual(detail.status, 404)
        XCTAssertEqual(detail.body, #"{"detail":"Not found."}"#)
        let list = try CurlResult.run(["-H", "Authorization: Token \(Crux.retailerAdminToken)", live.base + "/organizations/users/all/"])
        XCTAssertEqual(list.status, 200)
        let listed = try JSONParser().parse(Array(list.body.utf8)).arrayValue?.compactMap { $0["uuid"]?.stringValue }
        XCTAssertEqual(listed.map(Set.init), [Crux.retailerAdminUUID, Crux.retailerUserUUID])

        assertView(try curlGet(), 200, before.body)
    }

    /// Seed 003's Node.js sample, run by `node` with only the transport (`http`) and the
    /// host changed. Node frames no DELETE body (no `Content-Length`, no chunking), so by
    /// RFC 9112 §6.3 the request has none: DRF reads empty data, 400, and nothing changes
    /// (as any HTTP/1.1 server in front of the real service would see it).
    func testSeedNodeSampleSendsAnUnframedBodyAndGets400() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/node")
                || (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
                    .contains(where: { FileManager.default.isExecutableFile(atPath: "\($0)/node") })
        else { throw XCTSkip("node is not installed") }
        let before = try KeepAliveConnection(port: live.port).send("GET", Crux.permissionsPath, headers: [("Authorization", "Token \(Crux.adminToken)")])
        let script = #"""
        const http = require('http');
        const request = http.request({
            hostname: '127.0.0.1', port: process.argv[1],
            path: '/organizations/users/permissions/5de38a8e-800e-4cba-84c5-ee6c27f304d8/', method: 'DELETE',
            headers: {"Authorization":"Token a0f17278bed479ee719ea890b8caf0329e1f3e5b","Content-Type":"application/json; charset=utf-8"}
        }, (res) => {
            let body = '';
            res.on('data', (chunk) => { body += chunk; }).on('end', () => {
                console.log(JSON.stringify([res.statusCode, res.headers['content-type'], body]));
                process.exit(0);
            });
        }).on('error', (error) => { console.log('ERROR', error.message); process.exit(1); });
        request.write("{\"permission_uuids\":[\"2a0295b6-dd74-4239-9988-24fcdb1adcea\",\"05a46c58-9d13-4912-9167-7effc2cc7482\"]}");
        request.end();
        """#
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["node", "-e", script, "\(live.port)"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, output)
        XCTAssertEqual(output, #"[400,"application/json","{\"permission_uuids\":[\"This field is required.\"]}"]"# + "\n")

        let after = try KeepAliveConnection(port: live.port).send("GET", Crux.permissionsPath, headers: [("Authorization", "Token \(Crux.adminToken)")])
        XCTAssertEqual(after.text, before.text)
        XCTAssertEqual(after.text, try expectedPermissionsBody(assigned: [Crux.editSubscriptionPlan, Crux.viewPaymentInfo]))
    }

    // MARK: Concurrency

    /// 16 clients, each on a thread and a keep-alive connection of its own, add and
    /// remove disjoint permissions of one user in parallel; the final GET shows exactly
    /// the expected set, the seed's two permissions untouched.
    func testSixteenKeepAliveClientsOnDisjointPermissionsEndInTheExpectedSet() throws {
        let clients = 16, rounds = 10
        let auth = [("Authorization", "Token \(Crux.adminToken)")]
        let json = auth + [("Content-Type", "application/json; charset=utf-8")]
        let initial: Set<String> = [Crux.editSubscriptionPlan, Crux.viewPaymentInfo]

        // The supplier catalogue minus the user's two: 23 permissions, 16 of them worked on.
        let setup = try KeepAliveConnection(port: live.port)
        let catalogueResponse = try setup.send("GET", "/organizations/all_permissions/", headers: auth)
        XCTAssertEqual(catalogueResponse.status, 200, catalogueResponse.text)
        let catalogue = try XCTUnwrap(try JSONParser().parse(catalogueResponse.body).arrayValue?.compactMap { $0["uuid"]?.stringValue })
        let worked = Array(catalogue.filter { !initial.contains($0) }.prefix(clients))
        XCTAssertEqual(worked.count, clients)

        // Odd clients will end by removing theirs: give it to the user first.
        let odd = worked.enumerated().filter { $0.offset % 2 == 1 }.map { "\"\($0.element)\"" }
        let grant = try setup.send("PATCH", Crux.permissionsPath, headers: json, body: #"{"permission_uuids":[\#(odd.joined(separator: ","))]}"#)
        XCTAssertEqual(grant.status, 204, grant.text)

        // Each client toggles its own permission `rounds` times: even clients end with it
        // assigned (DELETE, PATCH), odd ones without it (PATCH, DELETE).
        let failures = Failures()
        let port = live.port
        onSeparateThreads(clients, midway: {
            // Every client has connected and been answered once: 16 connections are open.
            XCTAssertEqual(live.server.openConnectionCount, clients + 1, "the 16 clients' connections and the setup one")
        }) { i, rendezvous in
            do {
                let connection = try KeepAliveConnection(port: port)
                let first = try connection.send("GET", Crux.permissionsPath, headers: auth)
                if first.status != 200 { failures.record("client \(i): GET \(first.status)") }
                rendezvous()
                let body = #"{"permission_uuids":["\#(worked[i])"]}"#
                for round in 0..<rounds {
                    for method in i % 2 == 0 ? ["DELETE", "PATCH"] : ["PATCH", "DELETE"] {
                        let response = try connection.send(method, Crux.permissionsPath, headers: json, body: body)
                        if response.status != 204 || !response.body.isEmpty {
                            failures.record("client \(i) round \(round): \(method) \(response.status) \(response.text)")
                        }
                    }
                }
            } catch {
                failures.record("client \(i): \(error)")
            }
        }
        XCTAssertEqual(failures.all, [])

        let final = try setup.send("GET", Crux.permissionsPath, headers: auth)
        XCTAssertEqual(final.status, 200)
        let expected = initial.union(worked.enumerated().filter { $0.offset % 2 == 0 }.map(\.element))
        XCTAssertEqual(final.text, try expectedPermissionsBody(assigned: expected))
    }
}
