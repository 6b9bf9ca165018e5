import TenantMock
import XCTest

/// The GET views and their documented bodies (`_organization/*.md` and
/// `_includes/objects/*.md`, CruxConnect/crux-docs @0e3e39a; `/timp/` shapes at HEAD).
final class CruxReadViewsTests: XCTestCase {
    /// `get_organization_details.md`: the docs' example, byte for byte (compact).
    func testOrganizationDetailsMatchTheDocsExample() throws {
        let e = try Crux.emulator()
        let r = e.crux("GET", "/organizations/", token: Crux.adminToken)
        XCTAssertEqual(r.status, 200)
        XCTAssertEqual(r.headers["Content-Type"], "application/json")
        XCTAssertEqual(r.headers["Allow"], "GET, HEAD, OPTIONS")
        XCTAssertEqual(r.bodyText, #"{"uuid":"757ce28d-fbd6-4b9f-8051-f847482e169f","name":"Crux Supplier A","org_type":"SUPPLIER","status":"ACTIVE","created_date":"2018-02-09T17:02:13Z","active_date":null,"account_manager":{"uuid":"6c249798-7564-468d-83de-d98ae8b0b7cf","person":{"uuid":"f3548ea5-15ab-459e-9f1a-d982b21e916d","first_name":"Joe","last_name":"Account","email":"joe@cruxaccountmanager.com","phone":"(267)977-0572x195","job_title":null}}}"#)
    }

    func testTimpOrganizationAddsWebsiteAndRecordUUIDs() throws {
        let e = try Crux.emulator()
        let r = e.crux("GET", "/timp/organizations/", token: Crux.retailerAdminToken)
        XCTAssertEqual(r.status, 200)
        XCTAssertEqual(r.bodyText, #"{"uuid":"75f03d0b-ca46-4ef3-babc-586023ee6855","name":"Crux Retailer B","org_type":"RETAILER","status":"ACTIVE","created_date":"2018-02-12T09:30:00Z","active_date":"2018-02-14T16:00:00Z","account_manager":null,"website":null,"retailer_uuid":"fa705f57-0a99-4719-b7a6-13527707cd6b","supplier_uuid":""}"#)
    }

    func testUserDetailIsTheDocumentedUserObject() throws {
        let e = try Crux.emulator()
        let r = e.crux("GET", "/organizations/users/detail/\(Crux.adminUUID)/", token: Crux.viewerToken)
        XCTAssertEqual(r.status, 200)
        let user = try XCTUnwrap(r.jsonBody?.objectValue)
        XCTAssertEqual(user.keys, ["uuid", "person", "permission_assignments", "status"])
        XCTAssertEqual(user["uuid"], .string(Crux.adminUUID))
        XCTAssertEqual(user["status"], "ACTIVE")
        XCTAssertEqual(user["person"], [
            "uuid": "4b4e8ea4-a3cf-4c63-b34e-e1b9047c1340", "first_name": "Roy", "last_name": "Breslawski",
            "email": "rbreslawski@cruxsupplier.com", "phone": nil, "job_title": nil,
        ])
        XCTAssertEqual(user["permission_assignments"]?["org_user"], ["uuid": .string(Crux.adminUUID)])
        XCTAssertEqual(user["permission_assignments"]?["permissions"]?.arrayValue?.count, 25)
        // The Timpanogos user object adds `"token": null`.
        let timp = e.crux("GET", "/timp/organizations/users/detail/\(Crux.adminUUID)/", token: Crux.viewerToken)
        XCTAssertEqual(timp.jsonBody?.objectValue?.keys, ["uuid", "person", "permission_assignments", "status", "token"])
        XCTAssertEqual(timp.jsonBody?["token"], .null)
    }

    func testAllUsersListsOnlyTheCallersOrganization() throws {
        let e = try Crux.emulator()
        let supplier = e.crux("GET", "/organizations/users/all/", token: Crux.adminToken)
        XCTAssertEqual(supplier.status, 200)
        XCTAssertEqual(supplier.jsonBody?.arrayValue?.compactMap { $0["uuid"]?.stringValue },
                       [Crux.adminUUID, Crux.targetUUID, Crux.viewerUUID])
        let retailer = e.crux("GET", "/organizations/users/all/", token: Crux.retailerAdminToken)
        XCTAssertEqual(retailer.jsonBody?.arrayValue?.compactMap { $0["uuid"]?.stringValue },
                       [Crux.retailerAdminUUID, Crux.retailerUserUUID])
    }

    func testAllPermissionsIsTheCatalogueOfTheOrganizationType() throws {
        let e = try Crux.emulator()
        let supplier = try XCTUnwrap(e.crux("GET", "/organizations/all_permissions/", token: Crux.viewerToken).jsonBody?.arrayValue)
        XCTAssertEqual(supplier.count, 25)
        XCTAssertEqual(supplier[5], [
            "uuid": "ccd415a0-b72d-4f9e-8a3d-aa2fd2b327ed", "name": "view_org_users", "display_name": "View Users",
            "description": "Ability to see the users in an organization", "visibility": "BOTH", "grouping": "ORGUSERS",
        ])
        XCTAssertFalse(supplier.contains { $0["visibility"] == "RETAILER" })
        let retailer = try XCTUnwrap(e.crux("GET", "/organizations/all_permissions/", token: Crux.retailerAdminToken)
            .jsonBody?.arrayValue)
        XCTAssertEqual(retailer.count, 24)
        XCTAssertFalse(retailer.contains { $0["visibility"] == "SUPPLIER" })
    }

    func testPatchIsVisibleToTheNextGet() throws {
        let e = try Crux.emulator()
        XCTAssertEqual(e.crux("PATCH", Crux.permissionsPath, token: Crux.adminToken,
                              json: #"{"permission_uuids": ["\#(Crux.viewOrgUsers)", "\#(Crux.viewOrgUsers)"]}"#).status, 204)
        XCTAssertEqual(assignedPermissions(e, user: Crux.targetUUID),
                       [Crux.editSubscriptionPlan, Crux.viewPaymentInfo, Crux.viewOrgUsers])
        let detail = e.crux("GET", "/organizations/users/detail/\(Crux.targetUUID)/", token: Crux.adminToken)
        let assigned = detail.jsonBody?["permission_assignments"]?["permissions"]?.arrayValue?
            .filter { $0["assigned"] == .bool(true) }.compactMap { $0["permission"]?["name"]?.stringValue }
        XCTAssertEqual(assigned, ["view_org_users", "edit_org_subscription_plan", "view_payment_info"])
    }

    func testUUIDsAreReadAsPythonReadsThem() throws {
        // DRF's UUIDField: braces, upper case and missing hyphens are the same UUID.
        let e = try Crux.emulator()
        let r = e.crux("DELETE", Crux.permissionsPath, token: Crux.adminToken,
                       json: #"{"permission_uuids": ["{2A0295B6-DD74-4239-9988-24FCDB1ADCEA}", "05a46c589d13491291677effc2cc7482"]}"#)
        XCTAssertEqual(r.status, 204)
        XCTAssertEqual(assignedPermissions(e, user: Crux.targetUUID), [])
    }

    func testOptionsAnswersDRFMetadataAfterAuthentication() throws {
        let e = try Crux.emulator()
        let r = e.crux("OPTIONS", Crux.permissionsPath, token: Crux.viewerToken)
        assertDRF(r, 200, #"{"name":"User Permissions","description":"","renders":["application/json","text/html"],"parses":["application/json"]}"#,
                  allow: "GET, PATCH, DELETE, HEAD, OPTIONS")
        let anonymous = e.crux("OPTIONS", Crux.permissionsPath)
        assertDRF(anonymous, 401, #"{"detail":"Authentication credentials were not provided."}"#)
    }

    func testAcceptHeaderIsNegotiatedBeforeAuthentication() throws {
        let e = try Crux.emulator()
        for accept in ["application/json", "application/json, */*;q=0.5", "*/*", "application/*", "text/html,application/xhtml+xml",
                       "*/json", " APPLICATION/JSON ; charset=utf-8"] {
            XCTAssertEqual(e.crux("GET", "/organizations/", token: Crux.adminToken, headers: [("Accept", accept)]).status,
                           200, accept)
        }
        // A wildcard type still needs its subtype to match a renderer (`media_type_matches`).
        for accept in ["application/xml", "*/xml", "application", "text/plain, image/*"] {
            let refused = e.crux("GET", "/organizations/users/all/", headers: [("Accept", accept)])
            assertDRF(refused, 406, #"{"detail":"Could not satisfy the request Accept header."}"#, allow: "GET, HEAD, OPTIONS")
        }
    }

    func testHeadRunsTheGetView() throws {
        let e = try Crux.emulator()
        let r = e.crux("HEAD", "/organizations/users/all/", token: Crux.adminToken)
        XCTAssertEqual(r.status, 200)
        XCTAssertEqual(r.headers["Content-Type"], "application/json")
        assertDRF(e.crux("HEAD", "/organizations/user-login/"), 405, #"{"detail":"Method \"HEAD\" not allowed."}"#,
                  allow: "POST, OPTIONS")
    }

    func testMethodOutsideDjangosListIs405WithTheViewsAllow() throws {
        let e = try Crux.emulator()
        assertDRF(e.crux("PROPFIND", Crux.permissionsPath, token: Crux.adminToken), 405,
                  #"{"detail":"Method \"PROPFIND\" not allowed."}"#, allow: "GET, PATCH, DELETE, HEAD, OPTIONS")
    }

    func testMethodOutsideDjangosListIsAuthenticatedAndPermittedBeforeIts405() throws {
        // DRF's dispatch runs initial() (authentication, permission) before it looks at the method.
        let e = try Crux.emulator()
        let anonymous = e.crux("PROPFIND", Crux.permissionsPath)
        assertDRF(anonymous, 401, #"{"detail":"Authentication credentials were not provided."}"#,
                  allow: "GET, PATCH, DELETE, HEAD, OPTIONS")
        XCTAssertEqual(anonymous.headers["WWW-Authenticate"], "Token")
        assertDRF(e.crux("PROPFIND", Crux.permissionsPath, token: "0000000000000000000000000000000000000000"), 401,
                  #"{"detail":"Invalid token."}"#, allow: "GET, PATCH, DELETE, HEAD, OPTIONS")
        // Not a safe method: edit_org_users is asked for, which a viewer lacks.
        assertDRF(e.crux("PROPFIND", Crux.permissionsPath, token: Crux.viewerToken), 403,
                  #"{"detail":"You do not have permission to perform this action."}"#,
                  allow: "GET, PATCH, DELETE, HEAD, OPTIONS")
    }
}
