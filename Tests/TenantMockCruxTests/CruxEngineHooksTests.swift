import TenantMock
import XCTest

/// The dialect's answers to the engine's hooks: injected faults and the OpenAPI document.
final class CruxEngineHooksTests: XCTestCase {
    func testInjected500IsDjangosServerErrorPage() throws {
        let e = try Crux.emulator()
        e.cruxTenant.faults.configure(rules: [FaultRule(method: "DELETE", path: "/organizations/users/permissions/{id}/",
                                                        status: 500, times: 1)])
        let r = e.crux("DELETE", Crux.permissionsPath, token: Crux.adminToken, json: Crux.seedBody)
        XCTAssertEqual(r.status, 500)
        XCTAssertEqual(r.headers["Content-Type"], "text/html")
        XCTAssertEqual(r.bodyText, "<h1>Server Error (500)</h1>")
        // The fault answered instead of the view: nothing changed, and the rule is spent.
        XCTAssertEqual(assignedPermissions(e, user: Crux.targetUUID), [Crux.editSubscriptionPlan, Crux.viewPaymentInfo])
        XCTAssertEqual(e.crux("DELETE", Crux.permissionsPath, token: Crux.adminToken, json: Crux.seedBody).status, 204)
    }

    func testInjected429AndOtherStatusesAreDRFShaped() throws {
        let e = try Crux.emulator()
        e.cruxTenant.faults.configure(rules: [FaultRule(path: "/organizations/users/all/", status: 429, times: 1),
                                              FaultRule(path: "/organizations/", status: 503, times: 1),
                                              FaultRule(path: "/organizations/all_permissions/", status: 401, times: 1)])
        let throttled = e.crux("GET", "/organizations/users/all/", token: Crux.adminToken)
        assertDRF(throttled, 429, #"{"detail":"Request was throttled. Expected available in 1 second."}"#,
                  allow: "GET, HEAD, OPTIONS")
        XCTAssertEqual(throttled.headers["Retry-After"], "1")
        assertDRF(e.crux("GET", "/organizations/", token: Crux.adminToken), 503, #"{"detail":"Service Unavailable."}"#)
        let unauthorized = e.crux("GET", "/organizations/all_permissions/", token: Crux.adminToken)
        assertDRF(unauthorized, 401, #"{"detail":"Authentication credentials were not provided."}"#)
        XCTAssertEqual(unauthorized.headers["WWW-Authenticate"], "Token")
    }

    func testOpenAPIDocumentListsTheHandledMethodsOnly() throws {
        let e = try Crux.emulator()
        let r = e.crux("GET", "/tenants/crux/openapi.json")
        XCTAssertEqual(r.status, 200)
        let paths = try XCTUnwrap(r.jsonBody?["paths"]?.objectValue)
        XCTAssertEqual(paths.count, 12)
        let permissions = try XCTUnwrap(paths["/organizations/users/permissions/{user_uuid}/"]?.objectValue)
        XCTAssertEqual(permissions.keys, ["parameters", "get", "patch", "delete"])
        // A documented method never answers 405 (only methods the view lacks do); 406 and 429 it can.
        XCTAssertEqual(permissions["delete"]?["responses"]?.objectValue?.keys, ["204", "400", "401", "403", "404", "406", "415", "429"])
        XCTAssertEqual(permissions["delete"]?["requestBody"]?["content"]?["application/json"]?["schema"],
                       ["$ref": "#/components/schemas/PermissionUUIDs"])
        XCTAssertEqual(paths["/timp/organizations/user-login/"]?.objectValue?.keys, ["post"])
        XCTAssertEqual(paths["/timp/organizations/user-login/"]?["post"]?["security"], [])
    }
}
