import TenantMock
import XCTest

/// Seed `003_17996c998d1782d5.txt` ("Remove User Permissions"), its client
/// samples replayed with only the host changed.
final class CruxSeedScenarioTests: XCTestCase {
    /// The request every sample sends: the curl, HTTPie, Python and Node variants
    /// differ only in body whitespace and incidental headers.
    func seedRequest(body: String, host: String? = nil, extra: HTTPHeaders = [:]) -> HTTPRequest {
        var headers: HTTPHeaders = [
            "Authorization": "Token \(Crux.adminToken)",
            "Content-Type": "application/json; charset=utf-8",
        ]
        if let host { headers["Host"] = host }
        for field in extra { headers[field.name] = field.value }
        return HTTPRequest(method: "DELETE",
                           target: "/organizations/users/permissions/5de38a8e-800e-4cba-84c5-ee6c27f304d8/",
                           headers: headers, body: Array(body.utf8))
    }

    func assertBothPermissionsUnassigned(_ e: Emulator, file: StaticString = #filePath, line: UInt = #line) throws {
        let r = e.crux("GET", Crux.permissionsPath, token: Crux.adminToken)
        XCTAssertEqual(r.status, 200, file: file, line: line)
        let entries = try XCTUnwrap(r.jsonBody?["permissions"]?.arrayValue, file: file, line: line)
        for uuid in [Crux.editSubscriptionPlan, Crux.viewPaymentInfo] {
            let entry = entries.first { $0["permission"]?["uuid"]?.stringValue == uuid }
            XCTAssertEqual(entry?["assigned"], .bool(false), uuid, file: file, line: line)
        }
        XCTAssertFalse(entries.contains { $0["assigned"] == .bool(true) }, file: file, line: line)
    }

    func testSeedCurlReturns204AndUnassignsBothPermissions() throws {
        let e = try Crux.emulator()
        XCTAssertEqual(assignedPermissions(e, user: Crux.targetUUID), [Crux.editSubscriptionPlan, Crux.viewPaymentInfo])
        let r = e.handle(seedRequest(body: Crux.seedBody, host: "localhost:8080"))
        XCTAssertEqual(r.status, 204)
        XCTAssertEqual(r.body, [])
        XCTAssertNil(r.headers["Content-Type"])
        try assertBothPermissionsUnassigned(e)
        // Idempotent: the same request again is still 204 and changes nothing.
        XCTAssertEqual(e.handle(seedRequest(body: Crux.seedBody, host: "localhost:8080")).status, 204)
        try assertBothPermissionsUnassigned(e)
    }

    func testOtherSampleVariantsAreAcceptedAlike() throws {
        // Node.js sample: compact body, its own User-Agent.
        let node = try Crux.emulator()
        let nodeBody = #"{"permission_uuids":["2a0295b6-dd74-4239-9988-24fcdb1adcea","05a46c58-9d13-4912-9167-7effc2cc7482"]}"#
        XCTAssertEqual(node.handle(seedRequest(body: nodeBody, extra: ["User-Agent": "node v8.9.4"])).status, 204)
        try assertBothPermissionsUnassigned(node)
        // HTTPie with --json: also sends `Accept: application/json, */*`.
        let httpie = try Crux.emulator()
        XCTAssertEqual(httpie.handle(seedRequest(body: Crux.seedBody, extra: ["Accept": "application/json, */*"])).status, 204)
        try assertBothPermissionsUnassigned(httpie)
    }

    func testSeedRequestAddressedByTenantHostOrPrefix() throws {
        let byHost = try Crux.emulator()
        XCTAssertEqual(byHost.handle(seedRequest(body: Crux.seedBody, host: "crux.localhost:8080")).status, 204)
        try assertBothPermissionsUnassigned(byHost)

        let byPrefix = try Crux.emulator()
        var request = seedRequest(body: Crux.seedBody)
        request.path = "/tenants/crux" + request.path
        XCTAssertEqual(byPrefix.handle(request).status, 204)
        try assertBothPermissionsUnassigned(byPrefix)
    }

    func testSeedRequestUnderTimpPrefix() throws {
        let e = try Crux.emulator()
        var request = seedRequest(body: Crux.seedBody)
        request.path = "/timp" + request.path
        XCTAssertEqual(e.handle(request).status, 204)
        try assertBothPermissionsUnassigned(e)
    }

    func testSameRequestWithoutEditOrgUsersIs403AndChangesNothing() throws {
        let e = try Crux.emulator()
        let r = e.handle(seedRequest(body: Crux.seedBody, extra: ["Authorization": "Token \(Crux.viewerToken)"]))
        assertDRF(r, 403, #"{"detail":"You do not have permission to perform this action."}"#,
                  allow: "GET, PATCH, DELETE, HEAD, OPTIONS")
        XCTAssertEqual(assignedPermissions(e, user: Crux.targetUUID), [Crux.editSubscriptionPlan, Crux.viewPaymentInfo])
    }

    func testTokenOfTheOtherOrganizationGets404NotTheUser() throws {
        let e = try Crux.emulator()
        let other = ["Authorization": "Token \(Crux.retailerAdminToken)"] as HTTPHeaders
        assertDRF(e.handle(seedRequest(body: Crux.seedBody, extra: other)), 404, #"{"detail":"Not found."}"#)
        // Reading the user is refused the same way: nothing of it leaks.
        assertDRF(e.crux("GET", Crux.permissionsPath, token: Crux.retailerAdminToken), 404, #"{"detail":"Not found."}"#)
        assertDRF(e.crux("GET", "/organizations/users/detail/\(Crux.targetUUID)/", token: Crux.retailerAdminToken),
                  404, #"{"detail":"Not found."}"#)
        let listing = e.crux("GET", "/organizations/users/all/", token: Crux.retailerAdminToken)
        XCTAssertEqual(listing.status, 200)
        XCTAssertFalse(listing.bodyText.contains(Crux.targetUUID))
        XCTAssertEqual(assignedPermissions(e, user: Crux.targetUUID), [Crux.editSubscriptionPlan, Crux.viewPaymentInfo])
    }
}
