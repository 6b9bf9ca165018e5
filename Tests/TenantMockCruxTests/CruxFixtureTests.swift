import Foundation
import TenantMock
import XCTest

/// The `crux` fixture schema: validation with file and JSON path, snapshots
/// that load back, and the credentials a tenant offers.
final class CruxFixtureTests: XCTestCase {
    /// The supplier fixture's document, for tests that alter it.
    func supplierDocument() throws -> JSONValue {
        let bytes = try XCTUnwrap(FileManager.default.contents(atPath: Crux.fixturePath))
        return try JSONParser(options: .strict).parse(Array(bytes))
    }

    /// Loads `document` changed by `edit`, returning the refusal.
    func refusal(_ edit: (inout JSONObject) -> Void) throws -> FixtureError? {
        var data = try XCTUnwrap(try supplierDocument()["data"]?.objectValue)
        edit(&data)
        let document: JSONValue = ["fixture": "crux-edited", "dialect": "crux", "tenant": "edited", "data": .object(data)]
        let emulator = Emulator(dialects: .builtIn)
        do {
            try emulator.loadFixtures(documents: [(file: "edited.json", bytes: JSONSerializer.bytes(document))])
            return nil
        } catch {
            return error
        }
    }

    /// `data.organizations[o].users[u]` changed by `edit`.
    func editUser(_ data: inout JSONObject, org: Int = 0, user: Int = 0, _ edit: (inout JSONObject) -> Void) {
        guard var orgs = data["organizations"]?.arrayValue, var o = orgs[org].objectValue,
              var users = o["users"]?.arrayValue, var u = users[user].objectValue else { return }
        edit(&u)
        users[user] = .object(u)
        o["users"] = .array(users)
        orgs[org] = .object(o)
        data["organizations"] = .array(orgs)
    }

    func testTheShippedFixtureLoads() throws {
        let e = try Crux.emulator()
        XCTAssertEqual(e.tenants.defaultTenantID(of: "crux"), "crux")
        XCTAssertEqual(e.cruxTenant.dialectName, "crux")
    }

    func testRefusalsNameTheFileThePathAndTheReason() throws {
        let cases: [(String, String, (inout JSONObject) -> Void)] = [
            ("$.data.organizations[0].users[0].permisions",
             "unknown key \"permisions\"; expected one of: api_tokens, password, permissions, person, status, username, uuid",
             { d in self.editUser(&d) { $0["permisions"] = [] } }),
            ("$.data.organizations[0].users[1].permissions[0]", "no permission with uuid 00000000-0000-4000-8000-000000000000 in the catalogue",
             { d in self.editUser(&d, user: 1) { $0["permissions"] = ["00000000-0000-4000-8000-000000000000"] } }),
            ("$.data.organizations[0].users[1].permissions[0]", "permission create_order is RETAILER-only; this organization is a SUPPLIER",
             { d in self.editUser(&d, user: 1) { $0["permissions"] = [.string(Crux.createOrder)] } }),
            ("$.data.organizations[0].users[0].uuid", "expected a lower-case hyphenated UUID, found \"52D13DC7-5463-4F90-9E5B-5B8EC97228FF\"",
             { d in self.editUser(&d) { $0["uuid"] = "52D13DC7-5463-4F90-9E5B-5B8EC97228FF" } }),
            ("$.data.organizations[0].users[0].api_tokens[0].key", "a token key is at most 40 characters without spaces",
             { d in self.editUser(&d) { $0["api_tokens"] = [["key": "a b"]] } }),
            ("$.data.organizations[1].users", "duplicate api token \(Crux.adminToken)",
             { d in self.editUser(&d, org: 1) { $0["api_tokens"] = [["key": .string(Crux.adminToken)]] } }),
            ("$.data.organizations[1].users[0].uuid", "duplicate user uuid \(Crux.adminUUID)",
             { d in self.editUser(&d, org: 1) { $0["uuid"] = .string(Crux.adminUUID) } }),
            ("$.data.organizations[0].users[0].status", "expected one of ACTIVE, CONFIRMATION WAITING, DEACTIVATED, found \"active\"",
             { d in self.editUser(&d) { $0["status"] = "active" } }),
        ]
        for (path, reason, edit) in cases {
            let error = try XCTUnwrap(try refusal(edit), reason)
            XCTAssertEqual(error.file, "edited.json")
            XCTAssertEqual(error.path.description, path, reason)
            XCTAssertEqual(error.reason, reason)
        }
    }

    func testOrganizationTypeIsChecked() throws {
        let error = try XCTUnwrap(try refusal { d in
            guard var orgs = d["organizations"]?.arrayValue, var o = orgs[1].objectValue else { return }
            o["org_type"] = "BRAND"
            orgs[1] = .object(o)
            d["organizations"] = .array(orgs)
        })
        XCTAssertEqual(error.path.description, "$.data.organizations[1].org_type")
        XCTAssertEqual(error.reason, "expected RETAILER or SUPPLIER, found \"BRAND\"")
    }

    func testSnapshotLoadsBackWithTheChangedState() throws {
        let e = try Crux.emulator()
        XCTAssertEqual(e.crux("DELETE", Crux.permissionsPath, token: Crux.adminToken, json: Crux.seedBody).status, 204)
        var document = try XCTUnwrap(e.cruxTenant.snapshot().objectValue)
        XCTAssertEqual(document["fixture"], "crux-supplier")
        document["fixture"] = "crux-after-delete"
        document["tenant"] = "after"
        document["default"] = false
        try e.loadFixtures(documents: [(file: "snapshot.json", bytes: JSONSerializer.bytes(.object(document)))])
        try e.createTenant(id: "after", fixture: "crux-after-delete")
        let r = e.crux("GET", "/tenants/after" + Crux.permissionsPath, token: Crux.adminToken)
        XCTAssertEqual(r.status, 200)
        XCTAssertFalse(r.jsonBody?["permissions"]?.arrayValue?.contains { $0["assigned"] == .bool(true) } ?? true)
        // The snapshot of the reloaded tenant is the same data.
        let again = try XCTUnwrap(e.tenants.tenant("after")).snapshot()
        XCTAssertEqual(again["data"], document["data"])
        // The original fixture is untouched: a reset restores both permissions.
        try e.tenants.reset("crux")
        XCTAssertEqual(assignedPermissions(e, user: Crux.targetUUID), [Crux.editSubscriptionPlan, Crux.viewPaymentInfo])
    }

    func testSnapshotKeepsIssuedTokensWithTheirExpiry() throws {
        let e = try Crux.emulator()
        e.cruxTenant.clock.freeze(at: 1_520_000_000)
        let login = e.crux("POST", "/organizations/user-login/",
                           json: #"{"username":"pnatarajan@cruxsupplier.com","password":"read_only_days"}"#)
        let token = try XCTUnwrap(login.jsonBody?["auth_token"]?.stringValue)
        let users = e.cruxTenant.snapshot()["data"]?["organizations"]?.arrayValue?[0]["users"]?.arrayValue
        XCTAssertEqual(users?[2]["api_tokens"], [
            ["key": .string(Crux.viewerToken)],
            ["key": .string(token), "expires_at": .int(1_520_007_200)],
        ])
    }

    func testCredentialsListEveryTokenAndLogin() throws {
        let e = try Crux.emulator()
        let credentials = e.cruxTenant.credentials()
        XCTAssertEqual(credentials.filter { $0.kind == "api_token" }.count, 3)
        XCTAssertEqual(credentials.filter { $0.kind == "login" }.count, 5)
        let admin = try XCTUnwrap(credentials.first { $0.kind == "api_token" })
        XCTAssertEqual(admin.label, "Roy Breslawski <rbreslawski@cruxsupplier.com>, Crux Supplier A")
        XCTAssertEqual(admin.json, [
            "kind": "api_token", "label": "Roy Breslawski <rbreslawski@cruxsupplier.com>, Crux Supplier A",
            "authorization": "Token a0f17278bed479ee719ea890b8caf0329e1f3e5b",
            "user_uuid": .string(Crux.adminUUID), "org_uuid": .string(Crux.supplierOrgUUID),
            "permissions": "view_org_users edit_org_users",
        ])
        let login = try XCTUnwrap(credentials.first { $0.kind == "login" })
        XCTAssertEqual(login.fields.map(\.name), ["username", "password", "user_uuid", "org_uuid"])
        XCTAssertEqual(login.fields.map(\.value), ["rbreslawski@cruxsupplier.com", "thanos_rocks", Crux.adminUUID,
                                                   Crux.supplierOrgUUID])
    }

    func testFixtureTokenWithAnExpiryExpires() throws {
        var data = try XCTUnwrap(try supplierDocument()["data"]?.objectValue)
        editUser(&data) { $0["api_tokens"] = [["key": .string(Crux.adminToken), "expires_at": 1_520_000_600]] }
        let document: JSONValue = ["fixture": "crux-expiring", "dialect": "crux", "tenant": "expiring", "data": .object(data)]
        let e = Emulator(dialects: .builtIn)
        try e.loadFixtures(documents: [(file: "expiring.json", bytes: JSONSerializer.bytes(document))])
        e.startFixtureTenants()
        let clock = try XCTUnwrap(e.tenants.tenant("expiring")).clock
        clock.freeze(at: 1_520_000_599)
        XCTAssertEqual(e.crux("GET", "/organizations/", token: Crux.adminToken).status, 200)
        clock.advance(by: 1)
        assertDRF(e.crux("GET", "/organizations/", token: Crux.adminToken), 401, #"{"detail":"Invalid token."}"#)
    }

    func testDeactivatedUsersCannotAuthenticate() throws {
        var data = try XCTUnwrap(try supplierDocument()["data"]?.objectValue)
        editUser(&data) { $0["status"] = "DEACTIVATED" }
        let document: JSONValue = ["fixture": "crux-inactive", "dialect": "crux", "tenant": "inactive", "data": .object(data)]
        let e = Emulator(dialects: .builtIn)
        try e.loadFixtures(documents: [(file: "inactive.json", bytes: JSONSerializer.bytes(document))])
        e.startFixtureTenants()
        assertDRF(e.crux("GET", "/organizations/", token: Crux.adminToken), 401, #"{"detail":"User inactive or deleted."}"#)
        assertDRF(e.crux("POST", "/organizations/user-login/",
                         json: #"{"username":"rbreslawski@cruxsupplier.com","password":"thanos_rocks"}"#),
                  401, #"{"detail":"Incorrect authentication credentials."}"#)
    }

    func testRateLimitOfTheFixtureThrottlesAsDRF() throws {
        var document = try XCTUnwrap(try supplierDocument().objectValue)
        document["fixture"] = "crux-throttled"
        document["tenant"] = "throttled"
        document["rate_limit"] = ["limit": 2, "window_seconds": 60]
        let e = Emulator(dialects: .builtIn)
        try e.loadFixtures(documents: [(file: "throttled.json", bytes: JSONSerializer.bytes(.object(document)))])
        e.startFixtureTenants()
        e.tenants.tenant("throttled")?.clock.freeze(at: 1_520_000_000)
        XCTAssertEqual(e.crux("GET", "/organizations/", token: Crux.adminToken).status, 200)
        XCTAssertEqual(e.crux("GET", "/organizations/", token: Crux.adminToken).status, 200)
        let r = e.crux("GET", "/organizations/", token: Crux.adminToken)
        assertDRF(r, 429, #"{"detail":"Request was throttled. Expected available in 30 seconds."}"#, allow: "GET, HEAD, OPTIONS")
        XCTAssertEqual(r.headers["Retry-After"], "30")
    }
}
