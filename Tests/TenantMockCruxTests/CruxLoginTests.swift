import TenantMock
import XCTest

/// `POST /organizations/user-login/` (`retreive_auth_token.md` @0e3e39a; two-hour
/// expiry from 2018-05-08) and the tokens it issues.
final class CruxLoginTests: XCTestCase {
    let login = "/organizations/user-login/"
    let roy = #"{"username": "rbreslawski@cruxsupplier.com", "password": "thanos_rocks"}"#

    func testLoginReturnsTheDocumentedBody() throws {
        let e = try Crux.emulator()
        let r = e.crux("POST", login, json: roy)
        XCTAssertEqual(r.status, 200)
        XCTAssertEqual(r.headers["Content-Type"], "application/json")
        XCTAssertEqual(r.headers["Allow"], "POST, OPTIONS")
        let body = try XCTUnwrap(r.jsonBody?.objectValue)
        XCTAssertEqual(body.keys, ["auth_token", "org_uuid", "user_uuid", "retailer_uuid", "supplier_uuid", "org_type",
                                   "permission_assignments"])
        let token = try XCTUnwrap(body["auth_token"]?.stringValue)
        XCTAssertEqual(token.count, 40)
        XCTAssertTrue(token.allSatisfy { $0.isHexDigit && !$0.isUppercase }, token)
        XCTAssertEqual(body["org_uuid"], .string(Crux.supplierOrgUUID))
        XCTAssertEqual(body["user_uuid"], .string(Crux.adminUUID))
        XCTAssertEqual(body["retailer_uuid"], "")
        XCTAssertEqual(body["supplier_uuid"], "b5f05054-dce4-4286-96fc-b9424d6b2137")
        XCTAssertEqual(body["org_type"], "SUPPLIER")
        let assignments = try XCTUnwrap(body["permission_assignments"])
        XCTAssertEqual(assignments["org_user"], ["uuid": .string(Crux.adminUUID)])
        let assigned = assignments["permissions"]?.arrayValue?.filter { $0["assigned"] == .bool(true) }
            .compactMap { $0["permission"]?["name"]?.stringValue }
        XCTAssertEqual(assigned, ["view_org_users", "edit_org_users"])
    }

    func testRetailerLoginFillsRetailerUUIDOnly() throws {
        let e = try Crux.emulator()
        let r = e.crux("POST", login, json: #"{"username":"mokafor@cruxretailer.com","password":"shelf_space"}"#)
        XCTAssertEqual(r.status, 200)
        XCTAssertEqual(r.jsonBody?["retailer_uuid"], "fa705f57-0a99-4719-b7a6-13527707cd6b")
        XCTAssertEqual(r.jsonBody?["supplier_uuid"], "")
        XCTAssertEqual(r.jsonBody?["org_type"], "RETAILER")
    }

    func testIssuedTokenWorksAndExpiresTwoHoursAfterIssue() throws {
        let e = try Crux.emulator()
        e.cruxTenant.clock.freeze(at: 1_520_000_000)
        let token = try XCTUnwrap(e.crux("POST", login, json: roy).jsonBody?["auth_token"]?.stringValue)
        XCTAssertEqual(e.crux("GET", "/organizations/users/all/", token: token).status, 200)
        e.cruxTenant.clock.advance(by: 7199)
        XCTAssertEqual(e.crux("DELETE", Crux.permissionsPath, token: token,
                              json: #"{"permission_uuids":["\#(Crux.viewPaymentInfo)"]}"#).status, 204)
        e.cruxTenant.clock.advance(by: 1)
        let expired = e.crux("GET", "/organizations/users/all/", token: token)
        assertDRF(expired, 401, #"{"detail":"Invalid token."}"#, allow: "GET, HEAD, OPTIONS")
        XCTAssertEqual(expired.headers["WWW-Authenticate"], "Token")
        // The fixture's static token does not expire.
        XCTAssertEqual(e.crux("GET", "/organizations/users/all/", token: Crux.adminToken).status, 200)
        // A new login issues a new, valid token.
        let renewed = try XCTUnwrap(e.crux("POST", login, json: roy).jsonBody?["auth_token"]?.stringValue)
        XCTAssertNotEqual(renewed, token)
        XCTAssertEqual(e.crux("GET", "/organizations/users/all/", token: renewed).status, 200)
    }

    func testWrongCredentialsAre401() throws {
        let e = try Crux.emulator()
        for body in [#"{"username": "rbreslawski@cruxsupplier.com", "password": "Thanos_rocks"}"#,
                     #"{"username": "nobody@cruxsupplier.com", "password": "thanos_rocks"}"#,
                     #"{"username": "RBRESLAWSKI@cruxsupplier.com", "password": "thanos_rocks"}"#] {
            let r = e.crux("POST", login, json: body)
            assertDRF(r, 401, #"{"detail":"Incorrect authentication credentials."}"#, allow: "POST, OPTIONS")
            XCTAssertEqual(r.headers["WWW-Authenticate"], "Token")
        }
    }

    func testMissingOrBlankFieldsAre400PerField() throws {
        let e = try Crux.emulator()
        assertDRF(e.crux("POST", login, json: "{}"), 400,
                  #"{"username":["This field is required."],"password":["This field is required."]}"#)
        assertDRF(e.crux("POST", login, json: #"{"username": " ", "password": null}"#), 400,
                  #"{"username":["This field may not be blank."],"password":["This field may not be null."]}"#)
        assertDRF(e.crux("POST", login, json: #"{"username": true, "password": "x"}"#), 400,
                  #"{"username":["Not a valid string."]}"#)
    }

    func testLoginBodyMustBeJSON() throws {
        let e = try Crux.emulator()
        let r = e.crux("POST", login, json: "username=a&password=b",
                       headers: [("Content-Type", "application/x-www-form-urlencoded")])
        assertDRF(r, 415, #"{"detail":"Unsupported media type \"application/x-www-form-urlencoded\" in request."}"#)
    }

    func testAnInvalidTokenHeaderIsRefusedEvenOnLogin() throws {
        // DRF authenticates before the view's AllowAny permission is consulted.
        let e = try Crux.emulator()
        let r = e.crux("POST", login, token: "ffffffffffffffffffffffffffffffffffffffff", json: roy)
        assertDRF(r, 401, #"{"detail":"Invalid token."}"#, allow: "POST, OPTIONS")
    }

    func testTimpLoginPath() throws {
        let e = try Crux.emulator()
        XCTAssertEqual(e.crux("POST", "/timp/organizations/user-login/", json: roy).status, 200)
    }
}
