import XCTest
import TenantMockCore

final class AdminAPITests: XCTestCase {
    var emulator: Emulator!

    override func setUpWithError() throws {
        var registry = DialectRegistry()
        registry.register(NotesDialect())
        emulator = Emulator(dialects: registry, configuration: .init(adminKey: "k3y", journalCapacity: 5))
        try emulator.loadFixtures(documents: [(file: "notes-a.json", bytes: notesFixture(tenant: "alpha", isDefault: true))])
        emulator.startFixtureTenants()
    }

    func admin(_ method: String, _ target: String, _ body: String = "", key: String? = "k3y") -> HTTPResponse {
        var headers: HTTPHeaders = ["Host": "127.0.0.1:8080"]
        if let key { headers["Authorization"] = "Bearer \(key)" }
        return emulator.handle(HTTPRequest(method: method, target: target, headers: headers, body: Array(body.utf8)))
    }

    func testAdminKeyIsRequiredAndNothingElseIsAccepted() {
        for key in [nil, "wrong", "eyJhbGciOiJIUzI1NiJ9.e30.sig"] as [String?] {
            let r = admin("GET", "/__admin/tenants", key: key)
            XCTAssertEqual(r.status, 401)
            XCTAssertEqual(r.jsonBody?["error"], "admin_key_required")
            XCTAssertEqual(r.headers["WWW-Authenticate"], "Bearer realm=\"tenantmock-admin\"")
        }
        XCTAssertEqual(admin("GET", "/__admin/tenants").status, 200)
    }

    func testCreateFromFixtureDescribeResetSnapshotDelete() throws {
        let created = admin("POST", "/__admin/tenants", #"{"id":"t1","fixture":"notes-a"}"#)
        XCTAssertEqual(created.status, 201)
        XCTAssertEqual(created.jsonBody?["id"], "t1")
        XCTAssertEqual(created.jsonBody?["dialect"], "notes")
        XCTAssertEqual(created.jsonBody?["default"], false)
        XCTAssertEqual(created.jsonBody?["addresses"], ["path_prefix": "http://127.0.0.1:8080/tenants/t1",
                                                        "host": "http://t1.localhost:8080"])
        XCTAssertEqual(created.jsonBody?["credentials"], [["kind": "none", "label": "no credentials needed", "tenant": "t1"]])
        XCTAssertEqual(admin("POST", "/__admin/tenants", #"{"id":"t1","fixture":"notes-a"}"#).status, 409)
        XCTAssertEqual(admin("GET", "/__admin/tenants").jsonBody?.arrayValue?.compactMap { $0["id"]?.stringValue }, ["alpha", "t1"])

        _ = emulator.handle(HTTPRequest(method: "DELETE", target: "/tenants/t1/notes/users/u2/roles/r1"))
        _ = emulator.handle(HTTPRequest(method: "DELETE", target: "/tenants/t1/notes/users/u%7C1/roles/r1"))
        XCTAssertEqual(admin("GET", "/__admin/tenants/t1/snapshot").jsonBody?["data"]?["users"]?[path: JSONPath(parsing: "$[0].roles")!], ["r2"])
        XCTAssertEqual(admin("POST", "/__admin/tenants/t1/reset").status, 200)
        XCTAssertEqual(admin("GET", "/__admin/tenants/t1/snapshot").jsonBody?["data"]?["users"]?[path: JSONPath(parsing: "$[0].roles")!], ["r1", "r2"])
        XCTAssertEqual(admin("DELETE", "/__admin/tenants/t1").status, 204)
        XCTAssertEqual(admin("GET", "/__admin/tenants/t1").status, 404)
        XCTAssertEqual(admin("GET", "/__admin/tenants/t1").jsonBody?["error"], "unknown_tenant")
    }

    func testCreateFromInlineFixtureAndFromSnapshot() throws {
        let inline = #"{"id":"inl","inline":{"fixture":"x","dialect":"notes","data":{"roles":[{"id":"q"}],"users":[{"id":"z","roles":["q"]}]}}}"#
        XCTAssertEqual(admin("POST", "/__admin/tenants", inline).status, 201)
        XCTAssertEqual(emulator.handle(HTTPRequest(method: "GET", target: "/tenants/inl/notes/users/z")).jsonBody?["roles"], ["q"])

        _ = emulator.handle(HTTPRequest(method: "DELETE", target: "/tenants/inl/notes/users/z/roles/q"))
        let snapshot = admin("GET", "/__admin/tenants/inl/snapshot").bodyText
        XCTAssertEqual(admin("POST", "/__admin/tenants", #"{"id":"copy","snapshot":\#(snapshot)}"#).status, 201)
        XCTAssertEqual(emulator.handle(HTTPRequest(method: "GET", target: "/tenants/copy/notes/users/z")).jsonBody?["roles"], [])
        admin("POST", "/__admin/tenants/copy/reset").status == 200 ? () : XCTFail("reset")
        XCTAssertEqual(emulator.handle(HTTPRequest(method: "GET", target: "/tenants/copy/notes/users/z")).jsonBody?["roles"], [],
                       "a tenant from a snapshot resets to that snapshot")

        let bad = admin("POST", "/__admin/tenants", #"{"inline":{"fixture":"x","dialect":"notes","data":{"roles":[],"users":[{"id":"z","roles":["nope"]}]}}}"#)
        XCTAssertEqual(bad.status, 400)
        XCTAssertEqual(bad.jsonBody?["error"], "invalid_fixture")
        XCTAssertEqual(bad.jsonBody?["path"], "$.data.users[0].roles[0]")
        XCTAssertEqual(bad.jsonBody?["reason"], "unknown role \"nope\"")
        XCTAssertEqual(admin("POST", "/__admin/tenants", #"{"fixture":"ghost"}"#).status, 404)
        XCTAssertEqual(admin("POST", "/__admin/tenants", #"{"fixture":"notes-a","inline":{}}"#).status, 400)
        XCTAssertEqual(admin("POST", "/__admin/tenants", #"{"fixture":"notes-a","extra":1}"#).status, 400)
        XCTAssertEqual(admin("POST", "/__admin/tenants", "{nope").jsonBody?["error"], "invalid_json")
    }

    func testGeneratedIdAndTimeToLive() throws {
        let created = admin("POST", "/__admin/tenants", #"{"fixture":"notes-a","ttl_seconds":0.05}"#)
        XCTAssertEqual(created.status, 201)
        let id = try XCTUnwrap(created.jsonBody?["id"]?.stringValue)
        XCTAssertTrue(id.hasPrefix("t-") && id.count == 10, id)
        XCTAssertNotNil(emulator.tenants.tenant(id))
        Thread.sleep(forTimeInterval: 0.1)
        XCTAssertNil(emulator.tenants.tenant(id), "expired tenants are removed")
        XCTAssertEqual(emulator.handle(HTTPRequest(method: "GET", target: "/tenants/\(id)/notes/users/u2")).status, 404)
    }

    func testJournalRecordsFiltersMasksAndIsBounded() throws {
        _ = emulator.handle(HTTPRequest(method: "GET", target: "/notes/users/u2", headers: ["Authorization": "Bearer supersecret"]))
        _ = emulator.handle(HTTPRequest(method: "DELETE", target: "/notes/users/u2/roles/r1", body: Array("{}".utf8)))
        _ = emulator.handle(HTTPRequest(method: "GET", target: "/notes/users/ghost"))
        _ = emulator.handle(HTTPRequest(method: "GET", target: "/tenants/nobody/x"))

        let all = admin("GET", "/__admin/journal").jsonBody
        XCTAssertEqual(all?["count"], 4)
        let first = all?["entries"]?[path: JSONPath(parsing: "$[0]")!]
        XCTAssertEqual(first?["tenant"], "alpha")
        XCTAssertEqual(first?["request"]?["headers"], [["Authorization": "Bearer supe…(11 chars)"]])
        XCTAssertEqual(first?["response"]?["status"], 200)
        XCTAssertEqual(all?["entries"]?[path: JSONPath(parsing: "$[3].tenant")!], .null)

        XCTAssertEqual(admin("GET", "/__admin/journal?method=DELETE").jsonBody?["entries"]?[path: JSONPath(parsing: "$[0].request.body")!], "{}")
        XCTAssertEqual(admin("GET", "/__admin/journal?status=404&tenant=alpha").jsonBody?["count"], 1)
        XCTAssertEqual(admin("GET", "/__admin/journal?path=/notes/users*").jsonBody?["count"], 3)
        XCTAssertEqual(admin("GET", "/__admin/journal?limit=1").jsonBody?["entries"]?[path: JSONPath(parsing: "$[0].request.path")!], "/tenants/nobody/x")
        XCTAssertEqual(admin("GET", "/__admin/journal?tenant=ghost").status, 404)
        XCTAssertEqual(admin("GET", "/__admin/journal?status=x").status, 400)

        for _ in 0..<10 { _ = emulator.handle(HTTPRequest(method: "GET", target: "/notes/users/u2")) }
        let bounded = admin("GET", "/__admin/journal?tenant=alpha").jsonBody
        XCTAssertEqual(bounded?["count"], 5, "capacity 5 per tenant")
        XCTAssertEqual(bounded?["dropped"], 8)
        XCTAssertEqual(admin("DELETE", "/__admin/journal").status, 204)
        XCTAssertEqual(admin("GET", "/__admin/journal").jsonBody?["count"], 0)
    }

    func testJournalStaysBoundedOverAHundredThousandRequests() {
        let request = HTTPRequest(method: "GET", target: "/notes/users/u2")
        for _ in 0..<100_000 { _ = emulator.handle(request) }
        let tenant = emulator.tenants.tenant("alpha")!
        XCTAssertEqual(tenant.journal.count, 5)
        XCTAssertEqual(tenant.journal.dropped, 99_995)
        let sequences = tenant.journal.entries.map(\.sequence)
        XCTAssertEqual(sequences, Array(99_996...100_000), "the newest are kept, oldest first")
    }

    func testFaultsForcedStatusNextNTimesLatencyAndReset() throws {
        let put = admin("PUT", "/__admin/tenants/alpha/faults",
                        #"{"seed":7,"rules":[{"method":"GET","path":"/notes/users/{id}","status":503,"times":2},{"path":"/notes/echo","latency_ms":[10,20]},{"path":"/notes/users/u2/roles/*","reset":true}]}"#)
        XCTAssertEqual(put.status, 200)
        XCTAssertEqual(put.jsonBody?["rules"]?.arrayValue?.count, 3)
        let get = HTTPRequest(method: "GET", target: "/notes/users/u2")
        XCTAssertEqual(emulator.handle(get).status, 503)
        XCTAssertEqual(emulator.handle(get).jsonBody, ["statusCode": 503, "error": "Service Unavailable", "message": "Injected fault"])
        XCTAssertEqual(emulator.handle(get).status, 200, "the rule fired its two times")
        let slow = emulator.handle(HTTPRequest(method: "GET", target: "/notes/echo"))
        XCTAssertEqual(slow.status, 200)
        XCTAssertTrue((0.010...0.020).contains(slow.delay), "\(slow.delay)")
        XCTAssertTrue(emulator.handle(HTTPRequest(method: "DELETE", target: "/notes/users/u2/roles/r1")).resetConnection)
        XCTAssertEqual(admin("GET", "/__admin/tenants/alpha/faults").jsonBody?["fired"], [2, 1, 1])
        XCTAssertEqual(admin("DELETE", "/__admin/tenants/alpha/faults").status, 204)
        XCTAssertEqual(emulator.handle(HTTPRequest(method: "GET", target: "/notes/echo")).delay, 0)

        let invalid = admin("PUT", "/__admin/tenants/alpha/faults", #"{"rules":[{"path":"/x","probability":2,"status":500}]}"#)
        XCTAssertEqual(invalid.status, 400)
        XCTAssertEqual(invalid.jsonBody?["message"], "$.rules[0].probability: expected a number between 0 and 1")
        XCTAssertEqual(admin("PUT", "/__admin/tenants/alpha/faults", #"{"rules":[{"path":"/x"}]}"#).jsonBody?["message"],
                       "$.rules[0]: a rule needs at least one of latency_ms, status, reset")
    }

    func testSeededProbabilisticFaultsAreReproducible() {
        func schedule() -> [Int] {
            _ = admin("PUT", "/__admin/tenants/alpha/faults", #"{"seed":42,"rules":[{"status":500,"probability":0.3}]}"#)
            return (0..<200).map { _ in emulator.handle(HTTPRequest(method: "GET", target: "/notes/users/u2")).status }
        }
        let first = schedule(), second = schedule()
        XCTAssertEqual(first, second)
        let failures = first.filter { $0 == 500 }.count
        XCTAssertTrue((30...90).contains(failures), "about 30% of 200: \(failures)")
        _ = admin("PUT", "/__admin/tenants/alpha/faults", #"{"seed":43,"rules":[{"status":500,"probability":0.3}]}"#)
        XCTAssertNotEqual((0..<200).map { _ in emulator.handle(HTTPRequest(method: "GET", target: "/notes/users/u2")).status }, first)
    }

    func testRateLimitAndClockControl() {
        XCTAssertEqual(admin("GET", "/__admin/tenants/alpha/rate-limit").jsonBody, ["limit": nil, "window_seconds": nil])
        XCTAssertEqual(admin("PUT", "/__admin/tenants/alpha/rate-limit", #"{"limit":2,"window_seconds":60}"#).jsonBody,
                       ["limit": 2, "window_seconds": 60])
        XCTAssertEqual(emulator.tenants.tenant("alpha")?.rateLimiter.policy, RateLimitPolicy(limit: 2, windowSeconds: 60))
        XCTAssertEqual(admin("PUT", "/__admin/tenants/alpha/rate-limit", #"{"limit":0,"window_seconds":60}"#).status, 400)
        XCTAssertEqual(admin("DELETE", "/__admin/tenants/alpha/rate-limit").jsonBody, ["limit": nil, "window_seconds": nil])

        let frozen = admin("POST", "/__admin/tenants/alpha/clock", #"{"freeze":true,"set":1700000000}"#).jsonBody
        XCTAssertEqual(frozen, ["now": 1_700_000_000, "frozen": true])
        XCTAssertEqual(admin("POST", "/__admin/tenants/alpha/clock", #"{"advance":7201}"#).jsonBody?["now"], 1_700_007_201)
        XCTAssertEqual(emulator.tenants.tenant("alpha")?.clock.now(), 1_700_007_201)
        XCTAssertEqual(admin("POST", "/__admin/tenants/alpha/clock", #"{"real_time":true}"#).jsonBody?["frozen"], false)
        XCTAssertEqual(admin("POST", "/__admin/tenants/alpha/clock", #"{"warp":1}"#).status, 400)
        XCTAssertEqual(admin("POST", "/__admin/tenants/ghost/clock", #"{"advance":1}"#).status, 404)
    }

    func testAdminRoutingFailures() {
        XCTAssertEqual(admin("GET", "/__admin/nothing").status, 404)
        let r = admin("PATCH", "/__admin/tenants")
        XCTAssertEqual(r.status, 405)
        XCTAssertEqual(r.headers["Allow"], "GET, HEAD, POST")
        XCTAssertEqual(admin("GET", "/__admin/fixtures").jsonBody?[path: JSONPath(parsing: "$[0].name")!], "notes-a")
    }
}
