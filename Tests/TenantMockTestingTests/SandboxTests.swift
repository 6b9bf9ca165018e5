import XCTest
import TenantMockTesting

final class SandboxTests: XCTestCase {
    let adminToken = "Token a0f17278bed479ee719ea890b8caf0329e1f3e5b"
    let target = "/organizations/users/permissions/5de38a8e-800e-4cba-84c5-ee6c27f304d8/"
    let seedBody = #"{"permission_uuids":["2a0295b6-dd74-4239-9988-24fcdb1adcea","05a46c58-9d13-4912-9167-7effc2cc7482"]}"#

    func assigned(_ tenant: SandboxTenant) throws -> Set<String> {
        let r = try tenant.send("GET", target, headers: ["Authorization": adminToken])
        XCTAssertEqual(r.status, 200)
        let body = try JSONParser().parse(Array(r.body))
        return Set(body["permissions"]?.arrayValue?.filter { $0["assigned"] == true }
            .compactMap { $0["permission"]?["uuid"]?.stringValue } ?? [])
    }

    func testInProcessTenantsAreIsolatedAndJournaled() throws {
        let sandbox = try Sandbox.inProcess()
        XCTAssertEqual(sandbox.mode, .inProcess)
        let first = try sandbox.createTenant(from: "crux-supplier")
        let second = try sandbox.createTenant(from: "crux-supplier")
        XCTAssertNotEqual(first.id, second.id)
        XCTAssertEqual(first.credential("api_token", field: "authorization").map { $0.hasPrefix("Token ") }, true)

        let removed = try first.send("DELETE", target, headers: ["Authorization": adminToken,
                                                                 "Content-Type": "application/json; charset=utf-8"],
                                     json: seedBody)
        XCTAssertEqual(removed.status, 204)
        XCTAssertTrue(removed.body.isEmpty)
        XCTAssertFalse(try assigned(first).contains("2a0295b6-dd74-4239-9988-24fcdb1adcea"))
        XCTAssertTrue(try assigned(second).isSuperset(of: ["2a0295b6-dd74-4239-9988-24fcdb1adcea",
                                                           "05a46c58-9d13-4912-9167-7effc2cc7482"]),
                      "the other tenant is untouched")

        first.assertReceived(method: "DELETE", path: target, status: 204, count: 1)
        first.assertReceived(method: "GET", path: "/organizations/users/*", status: 200)
        second.assertNotReceived(method: "DELETE", path: target)
        let entry = try XCTUnwrap(first.journal(JournalFilter(method: "DELETE")).first)
        XCTAssertEqual(entry.request.bodyText, seedBody)
        XCTAssertEqual(JournalEntry.maskedHeaders(entry.request.headers).description.contains("a0f17278bed4"), false,
                       "the token is masked when shown")
        XCTAssertTrue(first.journalReport().contains("DELETE \(target) → 204"), first.journalReport())

        first.reset()
        XCTAssertTrue(try assigned(first).contains("2a0295b6-dd74-4239-9988-24fcdb1adcea"))
    }

    func testFaultsAndClockThroughTheKit() throws {
        let sandbox = try Sandbox.inProcess()
        let tenant = try sandbox.createTenant(from: "crux-supplier", id: "faulty")
        tenant.injectFaults([FaultRule(method: "GET", status: 503, times: 1)])
        XCTAssertEqual(try tenant.send("GET", target, headers: ["Authorization": adminToken]).status, 503)
        XCTAssertEqual(try tenant.send("GET", target, headers: ["Authorization": adminToken]).status, 200)
        tenant.injectFaults([FaultRule(resetConnection: true)])
        XCTAssertThrowsError(try tenant.send("GET", target, headers: ["Authorization": adminToken]))
        tenant.clearFaults()
        tenant.clock.freeze(at: 1_800_000_000)
        XCTAssertEqual(sandbox.tenant("faulty")?.clock.now(), 1_800_000_000)
    }
}
