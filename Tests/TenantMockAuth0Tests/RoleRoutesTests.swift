import TenantMock
@testable import TenantMockAuth0
import XCTest

/// The roles layer: create, read, update, delete, a role's permissions and users, and
/// what deleting a role does to the users and organization members holding it.
final class RoleRoutesTests: XCTestCase {
    /// POST answers 200 (not 201) with the role; no description is `null`; a second role
    /// with the same name is 409 and nothing is created.
    func testCreateReadAndDuplicate() throws {
        let sandbox = try Auth0Sandbox()
        let created = sandbox.admin("POST", "/api/v2/roles", json: #"{"name":"Auditor"}"#)
        XCTAssertEqual(created.status, 200, created.bodyText)
        let id = try XCTUnwrap(created.jsonBody?["id"]?.stringValue)
        XCTAssertTrue(Auth0Formats.isRoleID(id) && id.utf8.count == 20, id)
        // No description: none in the answer, "" when read back (recorded 2026).
        assertManagement(created, 200, ["id": .string(id), "name": "Auditor", "type": "tenant"])
        assertManagement(sandbox.admin("GET", "/api/v2/roles/\(id)"), 200, ["id": .string(id), "name": "Auditor", "description": "", "type": "tenant"])

        assertManagement(sandbox.admin("POST", "/api/v2/roles", json: #"{"name":"Auditor","description":"again"}"#), 409,
                         errorBody(409, "The role already exists."))
        let names = sandbox.admin("GET", "/api/v2/roles?name_filter=audit").jsonBody?.arrayValue?.compactMap { $0["name"]?.stringValue }
        XCTAssertEqual(names, ["Auditor"])
    }

    /// The body is checked against the declared schema with z-schema's messages.
    func testCreateValidation() throws {
        let sandbox = try Auth0Sandbox()
        assertManagement(sandbox.admin("POST", "/api/v2/roles", json: #"{"description":"x"}"#), 400,
                         errorBody(400, "Payload validation error: 'Missing required property: name'.", errorCode: "invalid_body"))
        assertManagement(sandbox.admin("POST", "/api/v2/roles", json: #"{"name":5}"#), 400,
                         errorBody(400, "Payload validation error: 'Expected type string but found type integer' on property name (Name of the role).",
                                   errorCode: "invalid_body"))
        assertManagement(sandbox.admin("POST", "/api/v2/roles", json: #"["Auditor"]"#), 400,
                         errorBody(400, "Payload validation error: 'Expected type object but found type array'.", errorCode: "invalid_body"))
        assertManagement(sandbox.admin("POST", "/api/v2/roles", json: #"{"name":"A","id":"rol_x"}"#), 400,
                         errorBody(400, "Payload validation error: 'Additional properties not allowed: id'.", errorCode: "invalid_body"))
        XCTAssertEqual(sandbox.admin("GET", "/api/v2/roles?include_totals=true").jsonBody?["total"], 5, "nothing was created")
    }

    /// PATCH changes the members given; a name another role has is 409.
    func testUpdate() throws {
        let sandbox = try Auth0Sandbox()
        let path = "/api/v2/roles/\(Acme.reportReader)"
        assertManagement(sandbox.admin("PATCH", path, json: #"{"description":"Reads every report"}"#), 200,
                         ["id": .string(Acme.reportReader), "name": "Report Reader", "description": "Reads every report", "type": "tenant"])
        assertManagement(sandbox.admin("PATCH", path, json: #"{"name":"Report Editor"}"#), 409, errorBody(409, "The role already exists."))
        assertManagement(sandbox.admin("PATCH", "/api/v2/roles/\(Acme.unknownRole)", json: #"{"name":"x"}"#), 404,
                         errorBody(404, "The role does not exist."))
        assertManagement(sandbox.admin("GET", path), 200,
                         ["id": .string(Acme.reportReader), "name": "Report Reader", "description": "Reads every report", "type": "tenant"])
    }

    /// DELETE answers 200 `{}`; the role leaves every user and organization member; the
    /// user's permissions through it go; a second DELETE and a GET are 404.
    func testDeleteTakesTheRoleFromUsersAndMembers() throws {
        let sandbox = try Auth0Sandbox()
        let alice = enc(Acme.alice), bob = enc(Acme.bob)
        func roleSources() -> [String] {
            (sandbox.admin("GET", "/api/v2/users/\(alice)/permissions").jsonBody?.arrayValue ?? []).flatMap { item in
                (item["sources"]?.arrayValue ?? []).compactMap { $0["source_id"]?.stringValue }.filter { !$0.isEmpty }
            }
        }
        XCTAssertEqual(roleSources(), [Acme.reportEditor, Acme.reportEditor])

        assertManagement(sandbox.admin("DELETE", "/api/v2/roles/\(Acme.reportEditor)"), 200, [:])
        assertManagement(sandbox.admin("GET", "/api/v2/users/\(alice)/roles"), 200, [])
        XCTAssertEqual(roleSources(), [], "the permissions through the role went with it")
        assertManagement(sandbox.admin("GET", "/api/v2/roles/\(Acme.reportEditor)"), 404, errorBody(404, "The role does not exist."))
        assertManagement(sandbox.admin("DELETE", "/api/v2/roles/\(Acme.reportEditor)"), 404, errorBody(404, "The role does not exist."))

        // An organization role goes from the members holding it in every organization.
        assertManagement(sandbox.admin("DELETE", "/api/v2/roles/\(Acme.orgViewer)"), 200, [:])
        assertManagement(sandbox.admin("GET", "/api/v2/organizations/\(Acme.east)/members/\(bob)/roles"), 200, [])
        assertManagement(sandbox.admin("GET", "/api/v2/organizations/\(Acme.west)/members/\(alice)/roles"), 200, [])
        assertManagement(sandbox.admin("GET", "/api/v2/organizations/\(Acme.east)/members/\(alice)/roles"), 200, [role(Acme.orgAdmin)])

        // No user or member keeps a dangling id: the tenant's snapshot no longer names either role.
        let snapshot = JSONSerializer.string(sandbox.tenant().snapshot())
        XCTAssertFalse(snapshot.contains(Acme.reportEditor))
        XCTAssertFalse(snapshot.contains(Acme.orgViewer))
    }

    /// Permissions granted to a role reach its users (as `ROLE` sources) and leave with it.
    func testRolePermissionsReachItsUsers() throws {
        let sandbox = try Auth0Sandbox()
        let bob = enc(Acme.bob)
        let export = #"{"permissions":[{"resource_server_identifier":"https://reports.acme.test/","permission_name":"export:reports"}]}"#
        assertManagement(sandbox.admin("POST", "/api/v2/roles/\(Acme.reportReader)/permissions", json: export), 201, [:])
        assertManagement(sandbox.admin("GET", "/api/v2/roles/\(Acme.reportReader)/permissions"), 200,
                         [permissionItem("export:reports", Acme.reportsAPI), permissionItem("read:reports", Acme.reportsAPI)])
        assertManagement(sandbox.admin("GET", "/api/v2/users/\(bob)/permissions"), 200, [
            permissionItem("export:reports", Acme.reportsAPI, sources: [viaRole(Acme.reportReader, "Report Reader")]),
            permissionItem("read:reports", Acme.reportsAPI, sources: [viaRole(Acme.reportReader, "Report Reader")]),
        ])
        assertManagement(sandbox.admin("DELETE", "/api/v2/roles/\(Acme.reportReader)/permissions", json: export), 204, nil)
        assertManagement(sandbox.admin("GET", "/api/v2/users/\(bob)/permissions"), 200, [
            permissionItem("read:reports", Acme.reportsAPI, sources: [viaRole(Acme.reportReader, "Report Reader")]),
        ])
        let unknownAPI = #"{"permissions":[{"resource_server_identifier":"https://nowhere.test/","permission_name":"x"}]}"#
        assertManagement(sandbox.admin("POST", "/api/v2/roles/\(Acme.reportReader)/permissions", json: unknownAPI), 404,
                         errorBody(404, "The resource server does not exist: \"https://nowhere.test/\"", errorCode: "inexistent_resource_server"))
        assertManagement(sandbox.admin("POST", "/api/v2/roles/\(Acme.unknownRole)/permissions", json: export), 404,
                         errorBody(404, "The role does not exist."))
        assertManagement(sandbox.admin("POST", "/api/v2/roles/\(Acme.reportReader)/permissions", json: #"{"permissions":[]}"#), 400,
                         errorBody(400, "Payload validation error: 'Array is too short (0), minimum 1' on property permissions (array of resource_server_identifier, permission_name pairs).",
                                   errorCode: "invalid_body"))
    }

    /// Users join a role all or nothing, and are listed with offset or checkpoint paging.
    func testRoleUsers() throws {
        let sandbox = try Auth0Sandbox()
        let path = "/api/v2/roles/\(Acme.reportReader)/users"
        func user(_ id: String, _ name: String) -> JSONValue {
            ["user_id": .string(id), "email": .string("\(name)@acme.test"), "picture": .string("https://s.gravatar.com/avatar/\(name).png"),
             "name": .string(sandbox.admin("GET", "/api/v2/users/\(enc(id))").jsonBody?["name"]?.stringValue ?? "")]
        }
        assertManagement(sandbox.admin("GET", path), 200, [user(Acme.bob, "bob"), user(Acme.dave, "dave")])
        assertManagement(sandbox.admin("POST", path, json: #"{"users":["\#(Acme.carol)","\#(Acme.unknownUser)"]}"#), 404,
                         errorBody(404, "One or more of the users do not exist."))
        XCTAssertEqual(sandbox.admin("GET", path + "?include_totals=true").jsonBody?["total"], 2, "nothing was assigned")
        assertManagement(sandbox.admin("POST", path, json: #"{"users":["\#(Acme.carol)"]}"#), 200, [:])
        assertManagement(sandbox.admin("GET", "/api/v2/users/\(enc(Acme.carol))/roles"), 200, [role(Acme.reportReader)])

        let first = sandbox.admin("GET", path + "?take=2")
        XCTAssertEqual(first.jsonBody?["users"]?.arrayValue?.compactMap { $0["user_id"]?.stringValue }, [Acme.bob, Acme.carol])
        let next = try XCTUnwrap(first.jsonBody?["next"]?.stringValue)
        let second = sandbox.admin("GET", path + "?take=2&from=\(next)")
        XCTAssertEqual(second.jsonBody?["users"]?.arrayValue?.compactMap { $0["user_id"]?.stringValue }, [Acme.dave])
        assertManagement(sandbox.admin("GET", "/api/v2/roles/\(Acme.unknownRole)/users"), 404, errorBody(404, "The role does not exist."))
    }

    /// Organization-level roles (recorded 2026): created with `type` and `owner_id`, listed with
    /// `type=organization&owner_id=…` and not among the tenant's roles; they go with their organization.
    func testOrganizationRoles() throws {
        let sandbox = try Auth0Sandbox()
        let created = sandbox.admin("POST", "/api/v2/roles",
                                    json: #"{"name":"East Operator","description":"Runs the east","type":"organization","owner_id":"\#(Acme.east)"}"#)
        XCTAssertEqual(created.status, 200, created.bodyText)
        let id = try XCTUnwrap(created.jsonBody?["id"]?.stringValue)
        let expected: JSONValue = ["id": .string(id), "name": "East Operator", "description": "Runs the east", "type": "organization",
                                   "owner_id": .string(Acme.east)]
        assertManagement(created, 200, expected)
        assertManagement(sandbox.admin("GET", "/api/v2/roles?type=organization&owner_id=\(Acme.east)&include_totals=true"), 200,
                         ["roles": [expected], "start": 0, "limit": 50, "total": 1])
        assertManagement(sandbox.admin("GET", "/api/v2/roles?type=organization&owner_id=\(Acme.west)"), 200, [])
        XCTAssertEqual(sandbox.admin("GET", "/api/v2/roles?include_totals=true").jsonBody?["total"], 5, "tenant roles only")
        assertManagement(sandbox.admin("POST", "/api/v2/roles", json: #"{"name":"Lost","type":"organization","owner_id":"\#(Acme.unknownOrg)"}"#), 404,
                         errorBody(404, "No organization found by that id or name"))
        assertManagement(sandbox.admin("GET", "/api/v2/roles?type=team"), 400,
                         errorBody(400, "Query validation error: 'No enum match for: \"team\"' on property type (Filter on the role type: tenant (the default) or organization).",
                                   errorCode: "invalid_query_string"))
        assertManagement(sandbox.admin("DELETE", "/api/v2/organizations/\(Acme.east)"), 204, nil)
        assertManagement(sandbox.admin("GET", "/api/v2/roles/\(id)"), 404, errorBody(404, "The role does not exist."))
    }
}
