import TenantMock
@testable import TenantMockAuth0
import XCTest

/// Client grants associated with an organization, and tokens asked for on its behalf.
final class OrganizationClientGrantRoutesTests: XCTestCase {
    func testAssociateListRemoveAndTokens() throws {
        let sandbox = try Auth0Sandbox()
        let base = "/api/v2/organizations/\(Acme.east)/client-grants"
        func token(organization: String) -> HTTPResponse {
            sandbox.send("POST", "/oauth/token", json: #"""
                {"grant_type":"client_credentials","client_id":"\#(Acme.backendClient)","client_secret":"\#(Acme.backendSecret)",
                 "audience":"\#(Acme.reportsAPI)","organization":"\#(organization)"}
                """#)
        }
        // Without the association, no token for the API on behalf of the organization.
        let refused = token(organization: Acme.east)
        XCTAssertEqual(refused.status, 403, refused.bodyText)
        XCTAssertEqual(refused.jsonBody?["error"], "access_denied")

        assertManagement(sandbox.admin("POST", base, json: #"{"grant_id":"\#(Acme.reportsGrant)"}"#), 201,
                         ["grant_id": .string(Acme.reportsGrant), "client_id": .string(Acme.backendClient), "audience": .string(Acme.reportsAPI),
                          "scope": ["read:reports", "export:reports"]])
        assertManagement(sandbox.admin("POST", base, json: #"{"grant_id":"\#(Acme.reportsGrant)"}"#), 409,
                         errorBody(409, "The client grant is already associated with this organization."))
        assertManagement(sandbox.admin("POST", base, json: #"{"grant_id":"cgr_0000000000000000"}"#), 404,
                         errorBody(404, "The grant does not exist.", errorCode: "inexistent_client_grant"))
        assertManagement(sandbox.admin("GET", base + "?include_totals=true"), 200, ["client_grants": [
            ["id": .string(Acme.reportsGrant), "client_id": .string(Acme.backendClient), "audience": .string(Acme.reportsAPI),
             "scope": ["read:reports", "export:reports"], "subject_type": "client"],
        ], "start": 0, "limit": 50, "total": 1])

        let issued = token(organization: Acme.east)
        XCTAssertEqual(issued.status, 200, issued.bodyText)
        let claims = try HS256JWT.decodeUnverified(try XCTUnwrap(issued.jsonBody?["access_token"]?.stringValue)).claims
        XCTAssertEqual(claims["org_id"]?.stringValue, Acme.east)
        XCTAssertEqual(claims["aud"]?.stringValue, Acme.reportsAPI)
        XCTAssertEqual(token(organization: Acme.west).status, 403, "another organization has no such association")

        assertManagement(sandbox.admin("DELETE", base + "/\(Acme.reportsGrant)"), 204, nil)
        assertManagement(sandbox.admin("GET", base), 200, [])
        XCTAssertEqual(token(organization: Acme.east).status, 403)

        // Deleting the grant itself ends every association.
        XCTAssertEqual(sandbox.admin("POST", base, json: #"{"grant_id":"\#(Acme.reportsGrant)"}"#).status, 201)
        assertManagement(sandbox.admin("DELETE", "/api/v2/client-grants/\(Acme.reportsGrant)"), 204, nil)
        assertManagement(sandbox.admin("GET", base), 200, [])
    }

    /// go-auth0 v1.45.0 lists an organization's grants with `grant_ids` (recorded,
    /// `TestOrganizationManager_ClientGrantsWithOrg.yaml`, interactions 6 and 8): a filter, not a 400.
    func testGrantIDsFilter() throws {
        let sandbox = try Auth0Sandbox()
        let base = "/api/v2/organizations/\(Acme.east)/client-grants"
        XCTAssertEqual(sandbox.admin("POST", base, json: #"{"grant_id":"\#(Acme.reportsGrant)"}"#).status, 201)
        let grant: JSONValue = ["id": .string(Acme.reportsGrant), "client_id": .string(Acme.backendClient), "audience": .string(Acme.reportsAPI),
                                "scope": ["read:reports", "export:reports"], "subject_type": "client"]
        assertManagement(sandbox.admin("GET", base + "?grant_ids=\(Acme.reportsGrant)&include_totals=true&per_page=50"), 200,
                         ["client_grants": [grant], "start": 0, "limit": 50, "total": 1])
        assertManagement(sandbox.admin("GET", base + "?grant_ids=cgr_0000000000000000&grant_ids=cgr_1111111111111111"), 200, [])
        assertManagement(sandbox.admin("DELETE", base + "/\(Acme.reportsGrant)"), 204, nil)
        assertManagement(sandbox.admin("GET", base + "?grant_ids=\(Acme.reportsGrant)&include_totals=true&per_page=50"), 200,
                         ["client_grants": [], "start": 0, "limit": 50, "total": 0])
    }
}
