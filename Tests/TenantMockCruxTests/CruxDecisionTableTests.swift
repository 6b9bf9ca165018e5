import TenantMock
import XCTest

/// One test per row of reference/cruxconnect.md §6 (the emulator's decisions
/// where the CruxConnect docs are silent: DRF 3.7 and Django defaults), plus
/// the documented 204.
final class CruxDecisionTableTests: XCTestCase {
    let allow = "GET, PATCH, DELETE, HEAD, OPTIONS"

    // MARK: Success (seed 003; cadba02 table: 204 "the permission removal occurred")

    func testDeleteSucceedsWith204NoBodyNoContentType() throws {
        let e = try Crux.emulator()
        let r = e.crux("DELETE", Crux.permissionsPath, token: Crux.adminToken,
                       json: #"{"permission_uuids":["\#(Crux.viewPaymentInfo)"]}"#)
        XCTAssertEqual(r.status, 204)
        XCTAssertEqual(r.body, [])
        XCTAssertNil(r.headers["Content-Type"])
        XCTAssertEqual(r.headers["Allow"], allow)
        XCTAssertEqual(assignedPermissions(e, user: Crux.targetUUID), [Crux.editSubscriptionPlan])
    }

    func testPatchSucceedsWith204NoBodyNoContentType() throws {
        let e = try Crux.emulator()
        let r = e.crux("PATCH", Crux.permissionsPath, token: Crux.adminToken,
                       json: #"{"permission_uuids":["\#(Crux.viewOrgUsers)"]}"#)
        XCTAssertEqual(r.status, 204)
        XCTAssertEqual(r.body, [])
        XCTAssertNil(r.headers["Content-Type"])
        XCTAssertEqual(r.headers["Allow"], allow)
        XCTAssertEqual(assignedPermissions(e, user: Crux.targetUUID),
                       [Crux.editSubscriptionPlan, Crux.viewPaymentInfo, Crux.viewOrgUsers])
    }

    // MARK: Authentication

    func testNoAuthorizationIs401NotProvidedWithWWWAuthenticate() throws {
        let e = try Crux.emulator()
        let r = e.crux("DELETE", Crux.permissionsPath, json: Crux.seedBody)
        assertDRF(r, 401, #"{"detail":"Authentication credentials were not provided."}"#, allow: allow)
        XCTAssertEqual(r.headers["WWW-Authenticate"], "Token")
        XCTAssertEqual(assignedPermissions(e, user: Crux.targetUUID), [Crux.editSubscriptionPlan, Crux.viewPaymentInfo])
    }

    func testOtherSchemeIsTreatedAsNoCredentials() throws {
        let e = try Crux.emulator()
        for header in ["Bearer \(Crux.adminToken)", "Basic Og==", "Tokens \(Crux.adminToken)"] {
            let r = e.crux("GET", "/organizations/users/all/", headers: [("Authorization", header)])
            assertDRF(r, 401, #"{"detail":"Authentication credentials were not provided."}"#, allow: "GET, HEAD, OPTIONS")
            XCTAssertEqual(r.headers["WWW-Authenticate"], "Token", header)
        }
    }

    func testTokenKeywordWithoutKeyIs401NoCredentialsProvided() throws {
        let e = try Crux.emulator()
        for header in ["Token", "Token   "] {
            let r = e.crux("DELETE", Crux.permissionsPath, json: Crux.seedBody, headers: [("Authorization", header)])
            assertDRF(r, 401, #"{"detail":"Invalid token header. No credentials provided."}"#, allow: allow)
            XCTAssertEqual(r.headers["WWW-Authenticate"], "Token")
        }
    }

    func testTokenWithSpacesIs401() throws {
        let e = try Crux.emulator()
        let r = e.crux("DELETE", Crux.permissionsPath, json: Crux.seedBody,
                       headers: [("Authorization", "Token \(Crux.adminToken) extra")])
        assertDRF(r, 401, #"{"detail":"Invalid token header. Token string should not contain spaces."}"#, allow: allow)
        XCTAssertEqual(r.headers["WWW-Authenticate"], "Token")
    }

    func testKeywordIsCaseInsensitive() throws {
        let e = try Crux.emulator()
        let r = e.crux("GET", "/organizations/", headers: [("Authorization", "token \(Crux.adminToken)")])
        XCTAssertEqual(r.status, 200)
    }

    func testUnknownKeyIs401InvalidToken() throws {
        let e = try Crux.emulator()
        let r = e.crux("DELETE", Crux.permissionsPath, token: "0000000000000000000000000000000000000000", json: Crux.seedBody)
        assertDRF(r, 401, #"{"detail":"Invalid token."}"#, allow: allow)
        XCTAssertEqual(r.headers["WWW-Authenticate"], "Token")
    }

    func testExpiredKeyIs401InvalidToken() throws {
        let e = try Crux.emulator()
        let login = e.crux("POST", "/organizations/user-login/",
                           json: #"{"username": "rbreslawski@cruxsupplier.com", "password": "thanos_rocks"}"#)
        let token = try XCTUnwrap(login.jsonBody?["auth_token"]?.stringValue)
        e.cruxTenant.clock.advance(by: 2 * 3600 + 1)
        let r = e.crux("DELETE", Crux.permissionsPath, token: token, json: Crux.seedBody)
        assertDRF(r, 401, #"{"detail":"Invalid token."}"#, allow: allow)
        XCTAssertEqual(r.headers["WWW-Authenticate"], "Token")
    }

    // MARK: Permission

    func testDeleteAndPatchWithoutEditOrgUsersAre403() throws {
        let e = try Crux.emulator()
        for method in ["DELETE", "PATCH"] {
            let r = e.crux(method, Crux.permissionsPath, token: Crux.viewerToken, json: Crux.seedBody)
            assertDRF(r, 403, #"{"detail":"You do not have permission to perform this action."}"#, allow: allow)
            XCTAssertNil(r.headers["WWW-Authenticate"])
        }
        XCTAssertEqual(assignedPermissions(e, user: Crux.targetUUID), [Crux.editSubscriptionPlan, Crux.viewPaymentInfo])
    }

    func testGetsWithoutViewOrgUsersAre403() throws {
        let e = try Crux.emulator()
        let login = e.crux("POST", "/organizations/user-login/",
                           json: #"{"username":"dlindqvist@cruxsupplier.com","password":"ledger_lines"}"#)
        let token = try XCTUnwrap(login.jsonBody?["auth_token"]?.stringValue)
        let denied = #"{"detail":"You do not have permission to perform this action."}"#
        assertDRF(e.crux("GET", "/organizations/users/all/", token: token), 403, denied, allow: "GET, HEAD, OPTIONS")
        assertDRF(e.crux("GET", "/organizations/users/detail/\(Crux.targetUUID)/", token: token), 403, denied)
        assertDRF(e.crux("GET", "/organizations/all_permissions/", token: token), 403, denied)
        assertDRF(e.crux("GET", Crux.permissionsPath, token: token), 403, denied, allow: allow)
        // `GET /organizations/` states no permission: authentication is enough.
        XCTAssertEqual(e.crux("GET", "/organizations/", token: token).status, 200)
    }

    // MARK: Order of checks: authentication, permission, method, body

    func testUnauthenticatedPostIs401Not405() throws {
        let e = try Crux.emulator()
        let r = e.crux("POST", Crux.permissionsPath, json: Crux.seedBody)
        assertDRF(r, 401, #"{"detail":"Authentication credentials were not provided."}"#, allow: allow)
        XCTAssertEqual(r.headers["WWW-Authenticate"], "Token")
    }

    func testPostWithoutEditPermissionIs403Not405() throws {
        let e = try Crux.emulator()
        let r = e.crux("POST", Crux.permissionsPath, token: Crux.viewerToken, json: Crux.seedBody)
        assertDRF(r, 403, #"{"detail":"You do not have permission to perform this action."}"#, allow: allow)
    }

    func testAuthenticationComesBeforeBodyChecks() throws {
        let e = try Crux.emulator()
        let r = e.crux("DELETE", Crux.permissionsPath, json: "not json", headers: [("Content-Type", "text/plain")])
        assertDRF(r, 401, #"{"detail":"Authentication credentials were not provided."}"#, allow: allow)
    }

    // MARK: Method not routed

    func testMethodNotRoutedIs405WithAllow() throws {
        let e = try Crux.emulator()
        assertDRF(e.crux("POST", Crux.permissionsPath, token: Crux.adminToken, json: Crux.seedBody),
                  405, #"{"detail":"Method \"POST\" not allowed."}"#, allow: allow)
        assertDRF(e.crux("PUT", Crux.permissionsPath, token: Crux.adminToken, json: Crux.seedBody),
                  405, #"{"detail":"Method \"PUT\" not allowed."}"#, allow: allow)
        assertDRF(e.crux("DELETE", "/organizations/users/all/", token: Crux.adminToken),
                  405, #"{"detail":"Method \"DELETE\" not allowed."}"#, allow: "GET, HEAD, OPTIONS")
        assertDRF(e.crux("GET", "/organizations/user-login/"),
                  405, #"{"detail":"Method \"GET\" not allowed."}"#, allow: "POST, OPTIONS")
    }

    // MARK: Body

    func testNonJSONContentTypeIs415() throws {
        let e = try Crux.emulator()
        let r = e.crux("DELETE", Crux.permissionsPath, token: Crux.adminToken, json: Crux.seedBody,
                       headers: [("Content-Type", "text/plain")])
        assertDRF(r, 415, #"{"detail":"Unsupported media type \"text/plain\" in request."}"#, allow: allow)
        let form = e.crux("PATCH", Crux.permissionsPath, token: Crux.adminToken, json: "permission_uuids=x",
                          headers: [("Content-Type", "application/x-www-form-urlencoded")])
        assertDRF(form, 415, #"{"detail":"Unsupported media type \"application/x-www-form-urlencoded\" in request."}"#)
        XCTAssertEqual(assignedPermissions(e, user: Crux.targetUUID), [Crux.editSubscriptionPlan, Crux.viewPaymentInfo])
    }

    func testJSONMediaTypeIsMatchedAsDRFMatchesIt() throws {
        // `media_type_matches`: case-insensitive, parameters ignored, wildcards match.
        for contentType in ["Application/JSON", "application/json;charset=UTF-8", "application/*"] {
            let e = try Crux.emulator()
            let r = e.crux("DELETE", Crux.permissionsPath, token: Crux.adminToken, json: Crux.seedBody,
                           headers: [("Content-Type", contentType)])
            XCTAssertEqual(r.status, 204, contentType)
            XCTAssertEqual(assignedPermissions(e, user: Crux.targetUUID), [], contentType)
        }
    }

    func testEmptyBodyIsEmptyDataWhateverTheContentType() throws {
        // DRF parses no stream when Content-Length is 0: no 415 without a body.
        let e = try Crux.emulator()
        let r = e.crux("DELETE", Crux.permissionsPath, token: Crux.adminToken, headers: [("Content-Type", "text/plain")])
        assertDRF(r, 400, #"{"permission_uuids":["This field is required."]}"#, allow: allow)
    }

    func testBodyWithoutContentTypeIs415ForAnEmptyMediaType() throws {
        // DRF reads a missing Content-Type as "", for which no parser is found.
        let e = try Crux.emulator()
        let request = HTTPRequest(method: "DELETE", target: Crux.permissionsPath,
                                  headers: ["Authorization": "Token \(Crux.adminToken)"], body: Array(Crux.seedBody.utf8))
        assertDRF(e.handle(request), 415, #"{"detail":"Unsupported media type \"\" in request."}"#, allow: allow)
        XCTAssertEqual(assignedPermissions(e, user: Crux.targetUUID), [Crux.editSubscriptionPlan, Crux.viewPaymentInfo])
    }

    func testMissingFieldOrEmptyBodyIs400Required() throws {
        let e = try Crux.emulator()
        let required = #"{"permission_uuids":["This field is required."]}"#
        assertDRF(e.crux("DELETE", Crux.permissionsPath, token: Crux.adminToken, json: "{}"), 400, required, allow: allow)
        assertDRF(e.crux("PATCH", Crux.permissionsPath, token: Crux.adminToken, json: #"{"permissions":[]}"#), 400, required)
        assertDRF(e.crux("DELETE", Crux.permissionsPath, token: Crux.adminToken), 400, required)
    }

    func testMalformedJSONIs400ParseError() throws {
        let e = try Crux.emulator()
        let cases = [
            ("{", "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"),
            ("x", "Expecting value: line 1 column 1 (char 0)"),
            ("{\"permission_uuids\": [\"a\",]}", "Expecting value: line 1 column 27 (char 26)"),
            ("{\"permission_uuids\": []} x", "Extra data: line 1 column 26 (char 25)"),
        ]
        for (body, message) in cases {
            let r = e.crux("DELETE", Crux.permissionsPath, token: Crux.adminToken, json: body)
            assertDRF(r, 400, #"{"detail":"JSON parse error - \#(message)"}"#, allow: allow)
        }
    }

    func testNullOrNonListIs400() throws {
        let e = try Crux.emulator()
        let cases = [
            (#"{"permission_uuids": null}"#, #"{"permission_uuids":["This field may not be null."]}"#),
            (#"{"permission_uuids": "2a0295b6-dd74-4239-9988-24fcdb1adcea"}"#,
             #"{"permission_uuids":["Expected a list of items but got type \"str\"."]}"#),
            (#"{"permission_uuids": {"a": 1}}"#, #"{"permission_uuids":["Expected a list of items but got type \"dict\"."]}"#),
            (#"{"permission_uuids": 7}"#, #"{"permission_uuids":["Expected a list of items but got type \"int\"."]}"#),
            (#"["2a0295b6-dd74-4239-9988-24fcdb1adcea"]"#,
             #"{"non_field_errors":["Invalid data. Expected a dictionary, but got list."]}"#),
        ]
        for (body, expected) in cases {
            assertDRF(e.crux("PATCH", Crux.permissionsPath, token: Crux.adminToken, json: body), 400, expected, allow: allow)
        }
    }

    func testItemThatIsNotAUUIDIs400FirstBadItem() throws {
        let e = try Crux.emulator()
        let r = e.crux("DELETE", Crux.permissionsPath, token: Crux.adminToken,
                       json: #"{"permission_uuids": ["\#(Crux.viewPaymentInfo)", "abc", "def"]}"#)
        assertDRF(r, 400, #"{"permission_uuids":["\"abc\" is not a valid UUID."]}"#, allow: allow)
        XCTAssertEqual(assignedPermissions(e, user: Crux.targetUUID), [Crux.editSubscriptionPlan, Crux.viewPaymentInfo])
    }

    func testNonStringItemsAreReadAsDRFsUUIDFieldReadsThem() throws {
        // Integers become UUIDs (`uuid.UUID(int=…)`); other values are printed as Python prints them.
        let e = try Crux.emulator()
        let cases = [
            (#"[-1]"#, #"["\"-1\" is not a valid UUID."]"#),
            (#"[1.5]"#, #"["\"1.5\" is not a valid UUID."]"#),
            (#"[{"a": [1, "b"]}]"#, #"["\"{'a': [1, 'b']}\" is not a valid UUID."]"#),
            (#"[null]"#, #"["This field may not be null."]"#),
            (#"[true]"#, #"["Object with uuid=00000000-0000-0000-0000-000000000001 does not exist."]"#),
        ]
        for (items, messages) in cases {
            let r = e.crux("PATCH", Crux.permissionsPath, token: Crux.adminToken, json: #"{"permission_uuids": \#(items)}"#)
            assertDRF(r, 400, #"{"permission_uuids":\#(messages)}"#, allow: allow)
        }
    }

    func testUUIDOutsideTheCatalogueIs400DoesNotExist() throws {
        let e = try Crux.emulator()
        let unknown = "00000000-0000-4000-8000-000000000000"
        let r = e.crux("PATCH", Crux.permissionsPath, token: Crux.adminToken,
                       json: #"{"permission_uuids": ["\#(Crux.viewOrgUsers)", "\#(unknown)"]}"#)
        assertDRF(r, 400, #"{"permission_uuids":["Object with uuid=\#(unknown) does not exist."]}"#, allow: allow)
        // A retailer-only permission is not in a supplier's catalogue.
        let retailerOnly = e.crux("PATCH", Crux.permissionsPath, token: Crux.adminToken,
                                  json: #"{"permission_uuids": ["\#(Crux.createOrder)"]}"#)
        assertDRF(retailerOnly, 400, #"{"permission_uuids":["Object with uuid=\#(Crux.createOrder) does not exist."]}"#)
        XCTAssertEqual(assignedPermissions(e, user: Crux.targetUUID), [Crux.editSubscriptionPlan, Crux.viewPaymentInfo])
    }

    func testEmptyListAndRemovingUnheldPermissionAre204WithoutChange() throws {
        let e = try Crux.emulator()
        for (method, body) in [("DELETE", #"{"permission_uuids": []}"#), ("PATCH", #"{"permission_uuids": []}"#),
                               ("DELETE", #"{"permission_uuids": ["\#(Crux.editOrgUsers)"]}"#)] {
            let r = e.crux(method, Crux.permissionsPath, token: Crux.adminToken, json: body)
            XCTAssertEqual(r.status, 204, body)
            XCTAssertEqual(r.body, [])
            XCTAssertNil(r.headers["Content-Type"])
        }
        XCTAssertEqual(assignedPermissions(e, user: Crux.targetUUID), [Crux.editSubscriptionPlan, Crux.viewPaymentInfo])
    }

    // MARK: Target user

    func testUnknownOrOtherOrganizationUserIs404() throws {
        let e = try Crux.emulator()
        for user in ["00000000-0000-4000-8000-000000000000", Crux.retailerUserUUID] {
            for method in ["GET", "PATCH", "DELETE"] {
                let r = e.crux(method, "/organizations/users/permissions/\(user)/", token: Crux.adminToken,
                               json: method == "GET" ? nil : Crux.seedBody)
                assertDRF(r, 404, #"{"detail":"Not found."}"#, allow: allow)
            }
        }
    }

    // MARK: Django, before any view

    func testPathWithoutTrailingSlashIs301() throws {
        let e = try Crux.emulator()
        let path = "/organizations/users/permissions/\(Crux.targetUUID)"
        let r = e.crux("DELETE", path, token: Crux.adminToken, json: Crux.seedBody)
        XCTAssertEqual(r.status, 301)
        XCTAssertEqual(r.headers["Location"], path + "/")
        XCTAssertEqual(r.body, [])
        XCTAssertNil(r.headers["Allow"])
        // No token needed: the redirect comes from middleware; the query is kept.
        let anonymous = e.crux("GET", "/timp/organizations/users/all?page=2")
        XCTAssertEqual(anonymous.status, 301)
        XCTAssertEqual(anonymous.headers["Location"], "/timp/organizations/users/all/?page=2")
        // Under a /tenants/{id} prefix the Location keeps the prefix, so the client can follow it.
        let prefixed = e.handle(HTTPRequest(method: "GET", target: "/tenants/crux/organizations/users/all"))
        XCTAssertEqual(prefixed.status, 301)
        XCTAssertEqual(prefixed.headers["Location"], "/tenants/crux/organizations/users/all/")
        XCTAssertEqual(assignedPermissions(e, user: Crux.targetUUID), [Crux.editSubscriptionPlan, Crux.viewPaymentInfo])
    }

    func testUnknownPathIsDjangoHTML404() throws {
        let e = try Crux.emulator()
        let html = "<h1>Not Found</h1><p>The requested resource was not found on this server.</p>"
        for path in ["/organizations/nothing/", "/organizations/users/permissions/not-a-uuid/",
                     "/organizations/users/permissions/not-a-uuid", "/organizations/users/detail/\(Crux.targetUUID.uppercased())/"] {
            let r = e.crux("GET", path, token: Crux.adminToken)
            XCTAssertEqual(r.status, 404, path)
            XCTAssertEqual(r.headers["Content-Type"], "text/html", path)
            XCTAssertEqual(r.bodyText, html, path)
            XCTAssertNil(r.headers["Allow"], path)
        }
    }

    // MARK: Login and the permission listing

    func testLoginWithWrongCredentialsIs401() throws {
        let e = try Crux.emulator()
        let r = e.crux("POST", "/organizations/user-login/",
                       json: #"{"username": "rbreslawski@cruxsupplier.com", "password": "wrong"}"#)
        assertDRF(r, 401, #"{"detail":"Incorrect authentication credentials."}"#, allow: "POST, OPTIONS")
        XCTAssertEqual(r.headers["WWW-Authenticate"], "Token")
    }

    func testUserPermissionsListTheWholeCatalogueWithAssigned() throws {
        let e = try Crux.emulator()
        let r = e.crux("GET", Crux.permissionsPath, token: Crux.viewerToken)
        XCTAssertEqual(r.status, 200)
        XCTAssertEqual(r.headers["Content-Type"], "application/json")
        let body = try XCTUnwrap(r.jsonBody?.objectValue)
        XCTAssertEqual(body.keys, ["permissions", "org_user"])
        XCTAssertEqual(body["org_user"], ["uuid": .string(Crux.targetUUID)])
        let entries = try XCTUnwrap(body["permissions"]?.arrayValue)
        // 30 in the catalogue, 5 of them RETAILER-only: a supplier sees 25.
        XCTAssertEqual(entries.count, 25)
        XCTAssertEqual(entries.filter { $0["assigned"] == .bool(true) }.count, 2)
        XCTAssertEqual(entries[12], [
            "assigned": true,
            "permission": [
                "uuid": "05a46c58-9d13-4912-9167-7effc2cc7482", "name": "view_payment_info",
                "display_name": "View Payment Info", "description": "View the payment information for an organization",
                "visibility": "BOTH", "grouping": "ORGPAYMENT",
            ],
        ])
        XCTAssertFalse(entries.contains { $0["permission"]?["visibility"] == "RETAILER" })
    }
}
