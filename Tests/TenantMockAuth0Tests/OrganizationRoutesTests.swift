import TenantMock
@testable import TenantMockAuth0
import XCTest

/// Organizations and their members: create, read, update, delete, members in and out.
final class OrganizationRoutesTests: XCTestCase {
    /// 201 echoes the request with `id` last; read by id and by name; a taken name is 409.
    func testCreateReadAndConflict() throws {
        let sandbox = try Auth0Sandbox()
        let created = sandbox.admin("POST", "/api/v2/organizations",
                                    json: #"{"name":"acme-north","display_name":"Acme North","branding":{"logo_url":"https://acme.test/logo.gif"}}"#)
        XCTAssertEqual(created.status, 201, created.bodyText)
        let id = try XCTUnwrap(created.jsonBody?["id"]?.stringValue)
        XCTAssertTrue(id.hasPrefix("org_") && id.count == 20, id)
        XCTAssertEqual(created.jsonBody?.objectValue?.keys, ["name", "display_name", "branding", "id"])
        let expected: JSONValue = ["id": .string(id), "name": "acme-north", "display_name": "Acme North",
                                   "branding": ["logo_url": "https://acme.test/logo.gif"]]
        assertManagement(sandbox.admin("GET", "/api/v2/organizations/\(id)"), 200, expected)
        XCTAssertEqual(sandbox.admin("GET", "/api/v2/organizations/\(id)").jsonBody?.objectValue?.keys, ["id", "name", "display_name", "branding"])
        assertManagement(sandbox.admin("GET", "/api/v2/organizations/name/acme-north"), 200, expected)
        assertManagement(sandbox.admin("POST", "/api/v2/organizations", json: #"{"name":"acme-north"}"#), 409,
                         errorBody(409, "An organization with this name already exists."))
        assertManagement(sandbox.admin("POST", "/api/v2/organizations", json: #"{"name":"Acme North"}"#), 400,
                         errorBody(400, "Payload validation error: 'String does not match pattern ^[a-z0-9]([a-z0-9\\-_]*[a-z0-9])?$: Acme North' on property name (The name of this organization).",
                                   errorCode: "invalid_body"))
        assertManagement(sandbox.admin("GET", "/api/v2/organizations/name/nowhere"), 404, errorBody(404, "No organization found by that id or name"))
        let list = sandbox.admin("GET", "/api/v2/organizations?include_totals=true")
        XCTAssertEqual(list.jsonBody?["total"], 3)
        let checkpoint = sandbox.admin("GET", "/api/v2/organizations?take=2")
        let next = try XCTUnwrap(checkpoint.jsonBody?["next"]?.stringValue)
        let last = sandbox.admin("GET", "/api/v2/organizations?take=2&from=\(next)")
        XCTAssertEqual(last.jsonBody?["organizations"]?.arrayValue?.compactMap { $0["id"]?.stringValue }, [id])
        XCTAssertNil(last.jsonBody?["next"], "the last page carries no next (recorded)")
    }

    /// `enabled_connections` given to POST are enabled and answered with their defaults and
    /// `connection` (recorded, go-auth0 v1.45.0 `TestOrganizationManager_Create.yaml`, interaction 4).
    func testCreateWithEnabledConnections() throws {
        let sandbox = try Auth0Sandbox()
        let created = sandbox.admin("POST", "/api/v2/organizations", json: #"""
            {"name":"acme-south","enabled_connections":[{"connection_id":"con_AcmeSso0Entra01","assign_membership_on_login":true,"show_as_button":true},
             {"connection_id":"con_AcmeDb0Users0001","assign_membership_on_login":true,"is_signup_enabled":true}]}
            """#)
        XCTAssertEqual(created.status, 201, created.bodyText)
        let id = try XCTUnwrap(created.jsonBody?["id"]?.stringValue)
        let entries: JSONValue = [
            ["connection_id": "con_AcmeSso0Entra01", "assign_membership_on_login": true, "show_as_button": true,
             "connection": ["name": "acme-entra", "strategy": "waad"]],
            ["connection_id": "con_AcmeDb0Users0001", "assign_membership_on_login": true, "show_as_button": true, "is_signup_enabled": true,
             "connection": ["name": "Username-Password-Authentication", "strategy": "auth0"]],
        ]
        XCTAssertEqual(created.jsonBody?["enabled_connections"], entries)
        assertManagement(sandbox.admin("GET", "/api/v2/organizations/\(id)/enabled_connections"), 200, entries)
        assertManagement(sandbox.admin("GET", "/api/v2/organizations/\(id)"), 200, ["id": .string(id), "name": "acme-south", "display_name": "acme-south"])

        let refused = sandbox.admin("POST", "/api/v2/organizations", json: #"{"name":"acme-nowhere","enabled_connections":[{"connection_id":"con_0000000000000000"}]}"#)
        assertManagement(refused, 404, errorBody(404, "No connection found by that id"))
        assertManagement(sandbox.admin("GET", "/api/v2/organizations/name/acme-nowhere"), 404, errorBody(404, "No organization found by that id or name"))
        assertManagement(sandbox.admin("POST", "/api/v2/organizations", json: #"{"name":"acme-bad","enabled_connections":[{"show_as_button":true}]}"#), 400,
                         errorBody(400, "Payload validation error: 'Missing required property: connection_id' on property enabled_connections[0].",
                                   errorCode: "invalid_body"))
    }

    /// PATCH changes what it names; DELETE is 204 and then 404; members and their roles go.
    func testUpdateAndDelete() throws {
        let sandbox = try Auth0Sandbox()
        let path = "/api/v2/organizations/\(Acme.east)"
        assertManagement(sandbox.admin("PATCH", path, json: #"{"display_name":"Acme East Coast","metadata":{"region":"us-east"}}"#), 200,
                         ["id": .string(Acme.east), "name": "acme-east", "display_name": "Acme East Coast", "metadata": ["region": "us-east"]])
        assertManagement(sandbox.admin("PATCH", path, json: #"{"name":"acme-west"}"#), 409, errorBody(409, "An organization with this name already exists."))
        assertManagement(sandbox.admin("DELETE", path), 204, nil)
        assertManagement(sandbox.admin("DELETE", path), 404, errorBody(404, "No organization found by that id or name"))
        assertManagement(sandbox.admin("GET", path + "/members"), 404, errorBody(404, "No organization found by that id or name"))
        let organizations = sandbox.admin("GET", "/api/v2/users/\(enc(Acme.alice))/organizations").jsonBody?.arrayValue?
            .compactMap { $0["id"]?.stringValue }
        XCTAssertEqual(organizations, [Acme.west])
        XCTAssertFalse(JSONSerializer.string(sandbox.tenant().snapshot()).contains(Acme.east))
    }

    /// Members in (204, twice changes nothing; an unknown user refuses all) and out (their roles there go).
    func testMembers() throws {
        let sandbox = try Auth0Sandbox()
        let members = "/api/v2/organizations/\(Acme.east)/members"
        func ids() -> [String]? { sandbox.admin("GET", members).jsonBody?.arrayValue?.compactMap { $0["user_id"]?.stringValue } }
        assertManagement(sandbox.admin("POST", members, json: #"{"members":["\#(Acme.carol)","\#(Acme.unknownUser)"]}"#), 404,
                         errorBody(404, "The user does not exist.", errorCode: "inexistent_user"))
        XCTAssertEqual(ids(), [Acme.alice, Acme.bob])
        assertManagement(sandbox.admin("POST", members, json: #"{"members":["\#(Acme.carol)"]}"#), 204, nil)
        assertManagement(sandbox.admin("POST", members, json: #"{"members":["\#(Acme.carol)"]}"#), 204, nil)
        XCTAssertEqual(ids(), [Acme.alice, Acme.bob, Acme.carol])
        let eleven = (0...10).map { "\"auth0|x\($0)\"" }.joined(separator: ",")
        assertManagement(sandbox.admin("POST", members, json: #"{"members":[\#(eleven)]}"#), 400,
                         errorBody(400, "Payload validation error: 'Array is too long (11), maximum 10' on property members (List of user IDs to add to the organization as members).",
                                   errorCode: "invalid_body"))

        assertManagement(sandbox.admin("DELETE", members, json: #"{"members":["\#(Acme.bob)"]}"#), 204, nil)
        XCTAssertEqual(ids(), [Acme.alice, Acme.carol])
        // Her roles there went with her.
        assertManagement(sandbox.admin("GET", members + "/\(enc(Acme.bob))/roles"), 200, [])
        assertManagement(sandbox.admin("GET", "/api/v2/users/\(enc(Acme.bob))/organizations"), 200, [])
        assertManagement(sandbox.admin("GET", "/api/v2/users/\(enc(Acme.alice))/organizations?include_totals=true"), 200, [
            "organizations": [["id": .string(Acme.east), "display_name": "Acme East", "name": "acme-east"],
                              ["id": .string(Acme.west), "display_name": "Acme West", "name": "acme-west"]],
            "start": 0, "limit": 50, "total": 2,
        ])
    }
}
