import TenantMock
@testable import TenantMockAuth0
import XCTest

/// An organization's enabled connections and the tenant's connections.
final class OrganizationConnectionRoutesTests: XCTestCase {
    func testEnableReadUpdateDisable() throws {
        let sandbox = try Auth0Sandbox()
        let base = "/api/v2/organizations/\(Acme.east)/enabled_connections"
        let db: JSONValue = ["connection_id": "con_AcmeDb0Users0001", "assign_membership_on_login": false, "show_as_button": true,
                             "connection": ["name": "Username-Password-Authentication", "strategy": "auth0"]]
        assertManagement(sandbox.admin("GET", base + "?include_totals=true&per_page=50"), 200,
                         ["enabled_connections": [db], "start": 0, "limit": 1, "total": 1])
        let sso: JSONValue = ["connection_id": "con_AcmeSso0Entra01", "assign_membership_on_login": true, "show_as_button": true,
                              "connection": ["name": "acme-entra", "strategy": "waad"]]
        assertManagement(sandbox.admin("POST", base, json: #"{"connection_id":"con_AcmeSso0Entra01","assign_membership_on_login":true}"#), 201, sso)
        assertManagement(sandbox.admin("POST", base, json: #"{"connection_id":"con_AcmeSso0Entra01"}"#), 409,
                         errorBody(409, "The connection is already enabled for this organization."))
        assertManagement(sandbox.admin("POST", base, json: #"{"connection_id":"con_nowhere"}"#), 404, errorBody(404, "No connection found by that id"))
        assertManagement(sandbox.admin("PATCH", base + "/con_AcmeSso0Entra01", json: #"{"show_as_button":false}"#), 200,
                         ["connection_id": "con_AcmeSso0Entra01", "assign_membership_on_login": true, "show_as_button": false,
                          "connection": ["name": "acme-entra", "strategy": "waad"]])
        assertManagement(sandbox.admin("DELETE", base + "/con_AcmeSso0Entra01"), 204, nil)
        assertManagement(sandbox.admin("GET", base + "/con_AcmeSso0Entra01"), 404, errorBody(404, "No connection found by that id"))
        assertManagement(sandbox.admin("GET", base), 200, [db])
    }

    func testConnections() throws {
        let sandbox = try Auth0Sandbox()
        let all = try XCTUnwrap(sandbox.admin("GET", "/api/v2/connections").jsonBody?.arrayValue)
        XCTAssertEqual(all.compactMap { $0["name"]?.stringValue }, ["Username-Password-Authentication", "acme-entra"])
        assertManagement(sandbox.admin("GET", "/api/v2/connections?strategy=waad&fields=id,name"), 200,
                         [["id": "con_AcmeSso0Entra01", "name": "acme-entra"]])
        assertManagement(sandbox.admin("GET", "/api/v2/connections/con_nowhere"), 404,
                         errorBody(404, "The connection does not exist", errorCode: "inexistent_connection"))
        // Users are created in the fixture's connections only.
        let created = sandbox.admin("POST", "/api/v2/users", json: #"{"connection":"acme-entra","email":"zoe@acme.test","password":"p"}"#)
        XCTAssertEqual(created.jsonBody?["identities"]?.arrayValue?.first?["connection"], "acme-entra")
    }

    /// The 2026 routes answer the same entries with `is_enabled` and `organization_access_level`
    /// (recorded, terraform-provider-auth0 `TestAccOrganizationConnection.yaml`).
    func testTheNewerConnectionsRoutes() throws {
        let sandbox = try Auth0Sandbox()
        let base = "/api/v2/organizations/\(Acme.east)/connections"
        let db: JSONValue = ["connection_id": "con_AcmeDb0Users0001", "is_signup_enabled": false, "assign_membership_on_login": false,
                             "show_as_button": true, "is_enabled": true, "organization_access_level": "none",
                             "connection": ["name": "Username-Password-Authentication", "strategy": "auth0"]]
        assertManagement(sandbox.admin("GET", base + "?include_totals=true&is_enabled=true&page=0&per_page=50"), 200,
                         ["connections": [db], "start": 0, "limit": 50, "total": 1])
        XCTAssertEqual(sandbox.admin("GET", base + "/con_AcmeDb0Users0001").jsonBody?.objectValue?.keys,
                       ["connection_id", "is_signup_enabled", "assign_membership_on_login", "show_as_button", "is_enabled",
                        "organization_access_level", "connection"])
        assertManagement(sandbox.admin("POST", base, json: #"{"is_enabled":true,"connection_id":"con_AcmeSso0Entra01"}"#), 201,
                         ["connection_id": "con_AcmeSso0Entra01", "assign_membership_on_login": false, "show_as_button": true,
                          "is_enabled": true, "organization_access_level": "none", "connection": ["name": "acme-entra", "strategy": "waad"]])
        XCTAssertEqual(sandbox.admin("PATCH", base + "/con_AcmeSso0Entra01", json: #"{"organization_access_level":"readonly"}"#)
            .jsonBody?["organization_access_level"], "readonly")
        // The older route sees the same entry.
        XCTAssertEqual(sandbox.admin("GET", "/api/v2/organizations/\(Acme.east)/enabled_connections/con_AcmeSso0Entra01").status, 200)
        assertManagement(sandbox.admin("DELETE", base + "/con_AcmeSso0Entra01"), 204, nil)
        assertManagement(sandbox.admin("GET", base + "/con_AcmeSso0Entra01"), 404, errorBody(404, "No connection found by that id"))
    }
}
