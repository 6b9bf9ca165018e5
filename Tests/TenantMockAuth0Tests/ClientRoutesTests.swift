import TenantMock
@testable import TenantMockAuth0
import XCTest

/// Clients and client grants, and the tokens `/oauth/token` issues from them.
final class ClientRoutesTests: XCTestCase {
    /// 201 with Auth0's defaults; the secret is shown to its creator, and later only with `read:client_keys`.
    func testCreateAndRead() throws {
        let sandbox = try Auth0Sandbox()
        let created = sandbox.admin("POST", "/api/v2/clients", json: #"{"name":"Acme Worker","app_type":"non_interactive"}"#)
        XCTAssertEqual(created.status, 201, created.bodyText)
        let id = try XCTUnwrap(created.jsonBody?["client_id"]?.stringValue)
        let secret = try XCTUnwrap(created.jsonBody?["client_secret"]?.stringValue)
        XCTAssertEqual(id.count, 32)
        XCTAssertEqual(secret.count, 64)
        XCTAssertEqual(created.jsonBody?["tenant"], "acme")
        XCTAssertEqual(created.jsonBody?["is_first_party"], true)
        XCTAssertEqual(created.jsonBody?["grant_types"], ["authorization_code", "implicit", "refresh_token", "client_credentials"])
        XCTAssertEqual(created.jsonBody?["jwt_configuration"], ["secret_encoded": false, "lifetime_in_seconds": 36000])
        XCTAssertEqual(created.jsonBody?["app_type"], "non_interactive")

        XCTAssertEqual(sandbox.admin("GET", "/api/v2/clients/\(id)").jsonBody?["client_secret"]?.stringValue, secret)
        let withoutKeys = sandbox.send("GET", "/api/v2/clients/\(id)", token: sandbox.mint(scopes: ["read:clients"]))
        XCTAssertEqual(withoutKeys.status, 200)
        XCTAssertNil(withoutKeys.jsonBody?["client_secret"])
        // `fields` keeps `tenant` first, as recorded.
        assertManagement(sandbox.admin("GET", "/api/v2/clients/\(id)?fields=client_id"), 200,
                         ["tenant": "acme", "client_id": .string(id)])
        assertManagement(sandbox.admin("GET", "/api/v2/clients/nope"), 404,
                         errorBody(404, "The client does not exist", errorCode: "inexistent_client"))
        assertManagement(sandbox.admin("POST", "/api/v2/clients", json: #"{"description":"no name"}"#), 400,
                         errorBody(400, "Payload validation error: 'Missing required property: name'.", errorCode: "invalid_body"))
    }

    /// A new client with a grant for one of the tenant's APIs gets tokens for exactly that
    /// audience and those scopes; without the grant, Auth0's 403; the grant's deletion ends it.
    func testGrantMakesTokensForAnAPI() throws {
        let sandbox = try Auth0Sandbox()
        let created = sandbox.admin("POST", "/api/v2/clients", json: #"{"name":"Acme Worker"}"#)
        let id = try XCTUnwrap(created.jsonBody?["client_id"]?.stringValue)
        let secret = try XCTUnwrap(created.jsonBody?["client_secret"]?.stringValue)
        func token(_ audience: String, scope: String? = nil) -> HTTPResponse {
            var body: JSONObject = ["grant_type": "client_credentials", "client_id": .string(id), "client_secret": .string(secret),
                                    "audience": .string(audience)]
            if let scope { body["scope"] = .string(scope) }
            return sandbox.send("POST", "/oauth/token", json: JSONSerializer.string(.object(body)))
        }
        let refused = token(Acme.billingAPI)
        XCTAssertEqual(refused.status, 403)
        XCTAssertEqual(refused.headers["Content-Type"], "application/json")
        XCTAssertEqual(refused.jsonBody?["error"], "access_denied")

        let grant = sandbox.admin("POST", "/api/v2/client-grants",
                                  json: #"{"client_id":"\#(id)","audience":"\#(Acme.billingAPI)","scope":["read:invoices","pay:invoices"]}"#)
        XCTAssertEqual(grant.status, 201, grant.bodyText)
        let grantID = try XCTUnwrap(grant.jsonBody?["id"]?.stringValue)
        XCTAssertTrue(grantID.hasPrefix("cgr_") && grantID.count == 20, grantID)
        assertManagement(grant, 201, ["id": .string(grantID), "client_id": .string(id), "audience": .string(Acme.billingAPI),
                                      "scope": ["read:invoices", "pay:invoices"], "subject_type": "client"])
        XCTAssertEqual(grant.jsonBody?.objectValue?.keys, ["id", "client_id", "audience", "scope", "subject_type"])

        let issued = token(Acme.billingAPI)
        XCTAssertEqual(issued.status, 200, issued.bodyText)
        XCTAssertEqual(issued.headers["Content-Type"], "application/json")
        XCTAssertEqual(issued.jsonBody?["scope"], "read:invoices pay:invoices")
        let claims = try HS256JWT.decodeUnverified(try XCTUnwrap(issued.jsonBody?["access_token"]?.stringValue))
        XCTAssertEqual(claims.claims["aud"]?.stringValue, Acme.billingAPI)
        XCTAssertEqual(token(Acme.billingAPI, scope: "read:invoices").jsonBody?["scope"], "read:invoices")
        XCTAssertEqual(token(Acme.billingAPI, scope: "refund:invoices").status, 403)
        // A token for another API is no Management API token.
        let management = sandbox.send("GET", "/api/v2/roles", token: issued.jsonBody?["access_token"]?.stringValue)
        assertManagement(management, 401, errorBody(401, "Invalid token", attributes: true))

        assertManagement(sandbox.admin("POST", "/api/v2/client-grants",
                                       json: #"{"client_id":"\#(id)","audience":"\#(Acme.billingAPI)","scope":[]}"#), 409,
                         errorBody(409, "A client grant already exists between \(id) and \(Acme.billingAPI)"))
        assertManagement(sandbox.admin("PATCH", "/api/v2/client-grants/\(grantID)", json: #"{"scope":["read:invoices"]}"#), 200,
                         ["id": .string(grantID), "client_id": .string(id), "audience": .string(Acme.billingAPI),
                          "scope": ["read:invoices"], "subject_type": "client"])
        XCTAssertEqual(token(Acme.billingAPI).jsonBody?["scope"], "read:invoices")
        assertManagement(sandbox.admin("DELETE", "/api/v2/client-grants/\(grantID)"), 204, nil)
        assertManagement(sandbox.admin("DELETE", "/api/v2/client-grants/\(grantID)"), 204, nil)
        assertManagement(sandbox.admin("GET", "/api/v2/client-grants/\(grantID)"), 404,
                         errorBody(404, "The grant does not exist.", errorCode: "inexistent_client_grant"))
        XCTAssertEqual(token(Acme.billingAPI).status, 403)
    }

    /// The Management API's grants are the clients' scopes: listed, changed and deleted through
    /// `/client-grants`; the list filters and pages as recorded.
    func testManagementGrantsAndTheList() throws {
        let sandbox = try Auth0Sandbox()
        let audience = Acme.audience
        let listed = sandbox.admin("GET", "/api/v2/client-grants?client_id=\(Acme.readOnlyClient)&include_totals=true")
        XCTAssertEqual(listed.jsonBody?.objectValue?.keys, ["total", "start", "limit", "client_grants"])
        let readOnlyGrant = try XCTUnwrap(listed.jsonBody?["client_grants"]?.arrayValue?.first)
        XCTAssertEqual(readOnlyGrant["audience"]?.stringValue, audience)
        let grantID = try XCTUnwrap(readOnlyGrant["id"]?.stringValue)
        assertManagement(sandbox.admin("PATCH", "/api/v2/client-grants/\(grantID)", json: #"{"scope":["read:users"]}"#), 200,
                         ["id": .string(grantID), "client_id": .string(Acme.readOnlyClient), "audience": .string(audience),
                          "scope": ["read:users"], "subject_type": "client"])
        let token = sandbox.send("POST", "/oauth/token", json: #"""
            {"grant_type":"client_credentials","client_id":"\#(Acme.readOnlyClient)","client_secret":"\#(Acme.readOnlySecret)","audience":"\#(audience)"}
            """#)
        XCTAssertEqual(token.jsonBody?["scope"], "read:users")

        // Checkpoint paging: `{client_grants}` only, `next` while more remain, none on the last page.
        let all = try XCTUnwrap(sandbox.admin("GET", "/api/v2/client-grants").jsonBody?.arrayValue)
        XCTAssertEqual(all.count, 4, "three Management API grants and one for the reports API")
        let first = sandbox.admin("GET", "/api/v2/client-grants?take=3")
        XCTAssertEqual(first.jsonBody?["client_grants"]?.arrayValue?.count, 3)
        let next = try XCTUnwrap(first.jsonBody?["next"]?.stringValue)
        let last = sandbox.admin("GET", "/api/v2/client-grants?take=3&from=\(next)")
        XCTAssertEqual(last.jsonBody?["client_grants"]?.arrayValue?.count, 1)
        XCTAssertNil(last.jsonBody?["next"])
        XCTAssertEqual(last.jsonBody?.objectValue?.keys, ["client_grants"])

        assertManagement(sandbox.admin("POST", "/api/v2/client-grants", json: #"{"client_id":"nope","audience":"\#(Acme.billingAPI)"}"#), 404,
                         errorBody(404, "Client not found"))
        assertManagement(sandbox.admin("POST", "/api/v2/client-grants",
                                       json: #"{"client_id":"\#(Acme.storefrontClient)","audience":"https://nowhere.test/"}"#), 404,
                         errorBody(404, "No resource with identifier https://nowhere.test/"))
    }

    /// Deleting a client takes its grants; its tokens can no longer be issued.
    func testDeleteClient() throws {
        let sandbox = try Auth0Sandbox()
        let other = sandbox.mint(scopes: ["delete:clients"], client: Acme.readOnlyClient)
        assertManagement(sandbox.admin("DELETE", "/api/v2/clients/\(Acme.backendClient)"), 204, nil)
        assertManagement(sandbox.send("DELETE", "/api/v2/clients/\(Acme.backendClient)", token: other), 204, nil)
        // Its own tokens name a client the tenant no longer has.
        assertManagement(sandbox.send("GET", "/api/v2/roles", token: sandbox.mint(scopes: ["read:roles"])), 401,
                         errorBody(401, "Invalid token", attributes: true))
        XCTAssertEqual(sandbox.send("POST", "/oauth/token", json: #"""
            {"grant_type":"client_credentials","client_id":"\#(Acme.backendClient)","client_secret":"\#(Acme.backendSecret)","audience":"\#(Acme.audience)"}
            """#).status, 401)
        let snapshot = JSONSerializer.string(sandbox.tenant().snapshot())
        XCTAssertFalse(snapshot.contains(Acme.backendClient))
    }
}

/// `allow_all_scopes` on a grant: no `scope` in its answers, every scope of the API in its tokens.
final class AllowAllScopesTests: XCTestCase {
    func testAllowAllScopes() throws {
        let sandbox = try Auth0Sandbox()
        let path = "/api/v2/client-grants/\(Acme.reportsGrant)"
        let all = sandbox.admin("PATCH", path, json: #"{"allow_all_scopes":true}"#)
        XCTAssertEqual(all.status, 200, all.bodyText)
        XCTAssertNil(all.jsonBody?["scope"])
        XCTAssertEqual(all.jsonBody?["allow_all_scopes"], true)
        let token = sandbox.send("POST", "/oauth/token", json: #"""
            {"grant_type":"client_credentials","client_id":"\#(Acme.backendClient)","client_secret":"\#(Acme.backendSecret)","audience":"\#(Acme.reportsAPI)"}
            """#)
        XCTAssertEqual(token.jsonBody?["scope"], "read:reports create:reports delete:reports export:reports")
        let back = sandbox.admin("PATCH", path, json: #"{"allow_all_scopes":false,"scope":[]}"#)
        XCTAssertEqual(back.jsonBody?["scope"], [])
        XCTAssertEqual(back.jsonBody?["allow_all_scopes"], false)
        XCTAssertEqual(back.jsonBody?.objectValue?.keys, ["id", "client_id", "audience", "scope", "subject_type", "allow_all_scopes"])
    }
}
