import TenantMock
import XCTest

/// The `auth0` fixture schema: validation with JSON paths, snapshots, credentials.
final class FixtureTests: XCTestCase {
    private func load(_ data: String) -> FixtureError? {
        let text = #"{"fixture": "auth0-test", "dialect": "auth0", "data": \#(data)}"#
        do {
            try Emulator(dialects: .builtIn).loadFixtures(documents: [(file: "test.json", bytes: Array(text.utf8))])
            return nil
        } catch {
            return error
        }
    }

    func testDefaultFixturesLoad() throws {
        let sandbox = try Auth0Sandbox()
        XCTAssertEqual(sandbox.emulator.tenants.defaultTenantID(of: "auth0"), "acme")
        XCTAssertNotNil(sandbox.emulator.tenants.tenant("globex"))
    }

    func testRefusedFixturesNameThePathAndReason() {
        let cases: [(String, String, String)] = [
            (#"{"user": []}"#, "$.data.user", "unknown key \"user\""),
            (#"{"roles": [{"id": "role1", "name": "x"}]}"#, "$.data.roles[0].id", "a role id is rol_ followed by letters and digits: \"role1\""),
            (#"{"users": [{"user_id": "auth0|1", "roles": ["rol_missing"]}]}"#, "$.data.users[0].roles[0]", "no role with id \"rol_missing\""),
            (#"{"roles": [{"id": "rol_a", "name": "a", "permissions": [{"resource_server_identifier": "https://x/", "permission_name": "p"}]}]}"#,
             "$.data.roles[0].permissions[0].resource_server_identifier", "no resource server with identifier \"https://x/\""),
            (#"{"organizations": [{"id": "org_1", "name": "o", "members": ["auth0|nobody"]}]}"#,
             "$.data.organizations[0].members[0]", "no user with id \"auth0|nobody\""),
            (#"{"static_tokens": [{"name": "t", "client_id": "c", "scopes": []}]}"#, "$.data.static_tokens[0].client_id", "no client with id \"c\""),
            (#"{"users": [{"user_id": "auth0|1"}, {"user_id": "auth0|1"}]}"#, "$.data.users[1].user_id", "duplicate user id \"auth0|1\""),
        ]
        for (data, path, reason) in cases {
            let error = load(data)
            XCTAssertEqual(error?.path.description, path, data)
            XCTAssertTrue(error?.reason.hasPrefix(reason) ?? false, "\(error?.reason ?? "accepted"): \(data)")
        }
    }

    /// A static token is issued from its client's grant: a scope the client was never granted is
    /// refused at the token's scope, with the client named.
    func testStaticTokenScopesMustBeGrantedToTheirClient() {
        let clients = #"[{"client_id": "c1", "client_secret": "s", "scopes": ["read:users"]}, {"client_id": "c2", "client_secret": "s"}]"#
        let beyond = load(#"{"clients": \#(clients), "static_tokens": [{"name": "t", "client_id": "c1", "scopes": ["read:users", "delete:users"]}]}"#)
        XCTAssertEqual(beyond?.path.description, "$.data.static_tokens[0].scopes[1]")
        XCTAssertEqual(beyond?.reason, #"client "c1" was never granted "delete:users" (not in its "scopes")"#)
        let ungranted = load(#"{"clients": \#(clients), "static_tokens": [{"name": "t", "client_id": "c2", "scopes": ["read:users"]}]}"#)
        XCTAssertEqual(ungranted?.path.description, "$.data.static_tokens[0].scopes[0]")
        XCTAssertTrue(ungranted?.reason.hasPrefix(#"client "c2" has no Management API grant"#) ?? false, ungranted?.description ?? "accepted")
        XCTAssertNil(load(#"{"clients": \#(clients), "static_tokens": [{"name": "t", "client_id": "c1", "scopes": ["read:users"]}]}"#))
    }

    /// A client's Management API `scopes` name scopes some operation accepts; a typo is refused
    /// with its path and where the known scopes are listed.
    func testClientScopesMustBeKnownManagementScopes() {
        let error = load(#"{"clients": [{"client_id": "c1", "client_secret": "s", "scopes": ["read:users", "read:user"]}]}"#)
        XCTAssertEqual(error?.path.description, "$.data.clients[0].scopes[1]")
        XCTAssertTrue(error?.reason.hasPrefix(#""read:user" is not a Management API scope the emulator knows"#) ?? false,
                      error?.description ?? "accepted")
        XCTAssertTrue(error?.reason.contains("docs/auth0.md") ?? false)
        XCTAssertTrue(error?.reason.contains("/openapi.json?dialect=auth0") ?? false)
        XCTAssertNil(load(#"{"clients": [{"client_id": "c1", "client_secret": "s", "scopes": ["read:users", "read:client_keys"]}]}"#))
    }

    /// A snapshot records what the API allowed: a token issued before its client's grant was
    /// narrowed, and a grant scope `POST /client-grants` kept. Re-created from the snapshot
    /// through the admin API it loads; the same document as an authored fixture is refused.
    func testAdminSnapshotKeepsTokensBeyondANarrowedGrant() throws {
        let sandbox = try Auth0Sandbox()
        let grants = try XCTUnwrap(sandbox.admin("GET", "/api/v2/client-grants?client_id=\(Acme.readOnlyClient)").jsonBody?.arrayValue)
        let grantID = try XCTUnwrap(grants.first { $0["audience"]?.stringValue == Acme.audience }?["id"]?.stringValue)
        XCTAssertEqual(sandbox.admin("PATCH", "/api/v2/client-grants/\(grantID)", json: #"{"scope":["read:users","read:userz"]}"#).status, 200)
        let snapshot = sandbox.tenant().snapshot()
        let key = sandbox.emulator.configuration.adminKey
        func create(_ body: JSONObject) -> HTTPResponse {
            sandbox.emulator.handle(HTTPRequest(method: "POST", target: "/__admin/tenants",
                                                headers: ["Authorization": "Bearer \(key)", "Content-Type": "application/json"],
                                                body: JSONSerializer.bytes(.object(body))))
        }
        XCTAssertEqual(create(["id": "acme-restored", "snapshot": snapshot]).status, 201)
        let inline = create(["id": "acme-inline", "inline": snapshot])
        XCTAssertEqual(inline.status, 400)
        XCTAssertEqual(inline.jsonBody?["path"]?.stringValue?.hasPrefix("$.data.clients["), true, String(decoding: inline.body, as: UTF8.self))
    }

    /// A snapshot is a loadable fixture that recreates the tenant's current assignments.
    func testSnapshotRoundTripsTheCurrentState() throws {
        let sandbox = try Auth0Sandbox()
        assertManagement(sandbox.admin("POST", "/api/v2/users/\(enc(Acme.carol))/roles", json: #"{"roles":["\#(Acme.billingAdmin)"]}"#), 204, nil)
        var document = try XCTUnwrap(sandbox.tenant().snapshot().objectValue)
        document["fixture"] = "auth0-acme-snapshot"
        document["tenant"] = "acme-snapshot"
        document["default"] = false
        try sandbox.emulator.loadFixtures(documents: [(file: "snapshot.json", bytes: JSONSerializer.bytes(.object(document)))])
        try sandbox.emulator.createTenant(id: "acme-copy", fixture: "auth0-acme-snapshot")
        let token = sandbox.token("acme-all-scopes", tenant: "acme-copy")
        assertManagement(sandbox.send("GET", "/tenants/acme-copy/api/v2/users/\(enc(Acme.carol))/roles", token: token), 200,
                         [role(Acme.billingAdmin)])
        XCTAssertEqual(sandbox.send("GET", "/tenants/acme-copy/api/v2/users/\(enc(Acme.alice))/permissions", token: token).jsonBody,
                       sandbox.admin("GET", "/api/v2/users/\(enc(Acme.alice))/permissions").jsonBody)
    }

    func testResetRestoresTheFixture() throws {
        let sandbox = try Auth0Sandbox()
        assertManagement(sandbox.admin("DELETE", "/api/v2/users/\(enc(Acme.alice))/roles", json: #"{"roles":["\#(Acme.reportEditor)"]}"#), 204, nil)
        try sandbox.emulator.tenants.reset("acme")
        assertManagement(sandbox.admin("GET", "/api/v2/users/\(enc(Acme.alice))/roles"), 200, [role(Acme.reportEditor)])
    }

    /// Credentials list each client (id, secret, audience) and each static token, ready to paste.
    func testCredentials() throws {
        let sandbox = try Auth0Sandbox()
        let credentials = sandbox.tenant().credentials()
        XCTAssertEqual(credentials.filter { $0.kind == "client_credentials" }.map(\.label), [
            "Acme Backend (all scopes)", "Acme Reporting (read only, no update:users)", "Acme Legacy (not global)",
            "Acme Storefront (no Management API grant)",
        ])
        XCTAssertEqual(credentials.filter { $0.kind == "static_token" }.map(\.label),
                       ["acme-all-scopes", "acme-read-only", "acme-not-global", "acme-expired"])
        let backend = try XCTUnwrap(credentials.first)
        XCTAssertEqual(backend.fields.map(\.name), ["client_id", "client_secret", "audience", "token_path", "scopes"])
        XCTAssertEqual(backend.fields[0].value, Acme.backendClient)
        XCTAssertEqual(backend.fields[1].value, Acme.backendSecret)
        XCTAssertEqual(backend.fields[2].value, Acme.audience)
        // Static tokens are deterministic per tenant: the same after a restart.
        XCTAssertEqual(try Auth0Sandbox().token("acme-all-scopes"), sandbox.token("acme-all-scopes"))
    }

    /// The emulator answers `/oauth/token` and `/api/v2/…` on the default tenant without naming it.
    func testDefaultTenantClaimsTheAuth0Paths() throws {
        let sandbox = try Auth0Sandbox()
        XCTAssertEqual(sandbox.admin("GET", "/api/v2/roles").status, 200)
        XCTAssertEqual(sandbox.send("GET", "/api/v2/roles", token: sandbox.token("acme-all-scopes"),
                                    headers: ["Host": "globex.localhost:8080"]).status, 401, "Host names the globex tenant")
    }
}
