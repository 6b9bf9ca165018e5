import TenantMock
import XCTest

/// Assignments change the reads at once; unknown entities get the vendor's 404/400
/// (reference "Messages" table); removing what is not held is a no-op.
final class StateTests: XCTestCase {
    private let alice = enc(Acme.alice)

    // MARK: Unknown entities

    func testUnknownUserOnEveryUserRoute() throws {
        let sandbox = try Auth0Sandbox()
        let nobody = enc(Acme.unknownUser)
        let perms = #"{"permissions":[{"resource_server_identifier":"https://reports.acme.test/","permission_name":"read:reports"}]}"#
        let roles = #"{"roles":["\#(Acme.reportReader)"]}"#
        let orgRoles = #"{"roles":["\#(Acme.orgViewer)"]}"#
        let notFound = errorBody(404, "The user does not exist.", errorCode: "inexistent_user")
        for (method, path, body) in [
            ("GET", "/api/v2/users/\(nobody)/permissions", nil), ("POST", "/api/v2/users/\(nobody)/permissions", perms),
            ("DELETE", "/api/v2/users/\(nobody)/permissions", perms), ("GET", "/api/v2/users/\(nobody)/roles", nil),
            ("POST", "/api/v2/users/\(nobody)/roles", roles), ("DELETE", "/api/v2/users/\(nobody)/roles", roles),
            ("GET", "/api/v2/users/\(nobody)", nil),
            ("GET", "/api/v2/organizations/\(Acme.east)/members/\(nobody)/roles", nil),
            ("POST", "/api/v2/organizations/\(Acme.east)/members/\(nobody)/roles", orgRoles),
            ("DELETE", "/api/v2/organizations/\(Acme.east)/members/\(nobody)/roles", orgRoles),
        ] as [(String, String, String?)] {
            assertManagement(sandbox.admin(method, path, json: body), 404, notFound)
        }
    }

    func testUnknownOrganizationOnEveryOrganizationRoute() throws {
        let sandbox = try Auth0Sandbox()
        let notFound = errorBody(404, "No organization found by that id or name")
        let base = "/api/v2/organizations/\(Acme.unknownOrg)"
        assertManagement(sandbox.admin("GET", "\(base)/members"), 404, notFound)
        assertManagement(sandbox.admin("GET", "\(base)/members/\(alice)/roles"), 404, notFound)
        assertManagement(sandbox.admin("POST", "\(base)/members/\(alice)/roles", json: #"{"roles":["\#(Acme.orgViewer)"]}"#), 404, notFound)
        assertManagement(sandbox.admin("DELETE", "\(base)/members/\(alice)/roles", json: #"{"roles":["\#(Acme.orgViewer)"]}"#), 404, notFound)
    }

    func testUnknownRoles() throws {
        let sandbox = try Auth0Sandbox()
        let body = #"{"roles":["\#(Acme.reportReader)","\#(Acme.unknownRole)"]}"#
        assertManagement(sandbox.admin("DELETE", "/api/v2/users/\(alice)/roles", json: body), 404, errorBody(404, "The role does not exist."))
        assertManagement(sandbox.admin("POST", "/api/v2/users/\(alice)/roles", json: body), 404, errorBody(404, "The role does not exist."))
        let org = "/api/v2/organizations/\(Acme.east)/members/\(alice)/roles"
        assertManagement(sandbox.admin("DELETE", org, json: body), 404, errorBody(404, "No such role with id: \(Acme.unknownRole)"))
        assertManagement(sandbox.admin("POST", org, json: body), 404, errorBody(404, "No such role with id: \(Acme.unknownRole)"))
        assertManagement(sandbox.admin("GET", "/api/v2/roles/\(Acme.unknownRole)/permissions"), 404, errorBody(404, "The role does not exist."))
        // Nothing changed: a refused request is all or nothing.
        assertManagement(sandbox.admin("GET", "/api/v2/users/\(alice)/roles"), 200, [role(Acme.reportEditor)])
        assertManagement(sandbox.admin("GET", org), 200, [role(Acme.orgAdmin)])
    }

    func testUnknownAPIOrPermission() throws {
        let sandbox = try Auth0Sandbox()
        for method in ["POST", "DELETE"] {
            assertManagement(sandbox.admin(method, "/api/v2/users/\(alice)/permissions",
                                           json: #"{"permissions":[{"resource_server_identifier":"https://nope.test/","permission_name":"read:reports"}]}"#),
                             404, errorBody(404, "The resource server does not exist: \"https://nope.test/\"", errorCode: "inexistent_resource_server"))
            assertManagement(sandbox.admin(method, "/api/v2/users/\(alice)/permissions",
                                           json: #"{"permissions":[{"resource_server_identifier":"https://reports.acme.test/","permission_name":"fly:reports"}]}"#),
                             400, errorBody(400, "Permission fly:reports does not exist on resource server https://reports.acme.test/", errorCode: "invalid_body"))
        }
    }

    // MARK: User permissions

    /// Direct and role-derived permissions are listed together, each with its sources,
    /// sorted by API identifier then name.
    func testUserPermissionsListDirectAndRoleDerived() throws {
        let sandbox = try Auth0Sandbox()
        assertManagement(sandbox.admin("GET", "/api/v2/users/\(enc(Acme.dave))/permissions"), 200, [
            permissionItem("pay:invoices", Acme.billingAPI, sources: [viaRole(Acme.billingAdmin, "Billing Admin")]),
            permissionItem("read:invoices", Acme.billingAPI, sources: [viaRole(Acme.billingAdmin, "Billing Admin")]),
            permissionItem("refund:invoices", Acme.billingAPI, sources: [viaRole(Acme.billingAdmin, "Billing Admin")]),
            permissionItem("read:reports", Acme.reportsAPI, sources: [viaRole(Acme.reportReader, "Report Reader")]),
        ])
    }

    func testDirectPermissionIsSeparateFromRoleDerived() throws {
        let sandbox = try Auth0Sandbox()
        let readReports = #"{"permissions":[{"resource_server_identifier":"https://reports.acme.test/","permission_name":"read:reports"}]}"#
        let path = "/api/v2/users/\(alice)/permissions"
        // Alice holds read:reports only through Report Editor: removing it directly is a no-op.
        assertManagement(sandbox.admin("DELETE", path, json: readReports), 204, nil)
        let before = sandbox.admin("GET", path).jsonBody
        XCTAssertEqual(before?.arrayValue?.count, 4)
        assertManagement(sandbox.admin("POST", path, json: readReports), 201, [:])
        assertManagement(sandbox.admin("GET", path + "?include_totals=true"), 200, [
            "permissions": [
                permissionItem("read:invoices", Acme.billingAPI, sources: [direct]),
                permissionItem("create:reports", Acme.reportsAPI, sources: [viaRole(Acme.reportEditor, "Report Editor")]),
                permissionItem("delete:reports", Acme.reportsAPI, sources: [direct]),
                permissionItem("read:reports", Acme.reportsAPI, sources: [direct, viaRole(Acme.reportEditor, "Report Editor")]),
            ],
            "start": 0, "limit": 50, "total": 4,
        ])
        // Removing the role leaves the direct grant.
        assertManagement(sandbox.admin("DELETE", "/api/v2/users/\(alice)/roles", json: #"{"roles":["\#(Acme.reportEditor)"]}"#), 204, nil)
        assertManagement(sandbox.admin("GET", path), 200, [
            permissionItem("read:invoices", Acme.billingAPI, sources: [direct]),
            permissionItem("delete:reports", Acme.reportsAPI, sources: [direct]),
            permissionItem("read:reports", Acme.reportsAPI, sources: [direct]),
        ])
    }

    func testAssigningTwiceIsIdempotent() throws {
        let sandbox = try Auth0Sandbox()
        let body = #"{"permissions":[{"resource_server_identifier":"https://billing.acme.test/","permission_name":"read:invoices"}]}"#
        assertManagement(sandbox.admin("POST", "/api/v2/users/\(alice)/permissions", json: body), 201, [:])
        XCTAssertEqual(sandbox.admin("GET", "/api/v2/users/\(alice)/permissions?include_totals=true").jsonBody?["total"], 4)
    }

    // MARK: User roles

    func testUserRolesAssignRemoveAndSortByName() throws {
        let sandbox = try Auth0Sandbox()
        let path = "/api/v2/users/\(enc(Acme.carol))/roles"
        assertManagement(sandbox.admin("GET", path), 200, [])
        assertManagement(sandbox.admin("POST", path, json: #"{"roles":["\#(Acme.reportReader)","\#(Acme.billingAdmin)","\#(Acme.orgViewer)"]}"#), 204, nil)
        assertManagement(sandbox.admin("GET", path), 200, [role(Acme.billingAdmin), role(Acme.orgViewer), role(Acme.reportReader)])
        // Removing a role the user does not hold is a no-op 204.
        assertManagement(sandbox.admin("DELETE", path, json: #"{"roles":["\#(Acme.reportEditor)","\#(Acme.orgViewer)"]}"#), 204, nil)
        assertManagement(sandbox.admin("GET", path + "?include_totals=true"), 200,
                         ["roles": [role(Acme.billingAdmin), role(Acme.reportReader)], "start": 0, "limit": 50, "total": 2])
    }

    // MARK: Organization member roles

    /// Organization roles are per organization and separate from tenant roles (recorded).
    func testOrganizationRolesArePerOrganizationAndSeparateFromTenantRoles() throws {
        let sandbox = try Auth0Sandbox()
        let east = "/api/v2/organizations/\(Acme.east)/members/\(alice)/roles"
        let west = "/api/v2/organizations/\(Acme.west)/members/\(alice)/roles"
        assertManagement(sandbox.admin("POST", east, json: #"{"roles":["\#(Acme.reportReader)"]}"#), 204, nil)
        assertManagement(sandbox.admin("GET", east), 200, [role(Acme.orgAdmin), role(Acme.reportReader)])
        assertManagement(sandbox.admin("GET", west), 200, [role(Acme.orgViewer)])
        assertManagement(sandbox.admin("GET", "/api/v2/users/\(alice)/roles"), 200, [role(Acme.reportEditor)])
    }

    /// Assignment order is kept (recorded answers are not name-sorted).
    func testOrganizationRolesKeepAssignmentOrder() throws {
        let sandbox = try Auth0Sandbox()
        let path = "/api/v2/organizations/\(Acme.west)/members/\(enc(Acme.dave))/roles"
        assertManagement(sandbox.admin("POST", path, json: #"{"roles":["\#(Acme.reportReader)","\#(Acme.billingAdmin)"]}"#), 204, nil)
        assertManagement(sandbox.admin("GET", path), 200, [role(Acme.orgAdmin), role(Acme.reportReader), role(Acme.billingAdmin)])
    }

    /// Roles can be given before the user is a member (recorded 204); the members list shows them once they join.
    func testOrganizationRolesForANonMember() throws {
        let sandbox = try Auth0Sandbox()
        let path = "/api/v2/organizations/\(Acme.east)/members/\(enc(Acme.carol))/roles"
        assertManagement(sandbox.admin("POST", path, json: #"{"roles":["\#(Acme.orgViewer)"]}"#), 204, nil)
        assertManagement(sandbox.admin("GET", path), 200, [role(Acme.orgViewer)])
        let members = sandbox.admin("GET", "/api/v2/organizations/\(Acme.east)/members?fields=user_id&include_fields=true")
        assertManagement(members, 200, [["user_id": .string(Acme.alice)], ["user_id": .string(Acme.bob)]])
    }

    func testOrganizationMemberRoleLimit() throws {
        var roles: [String] = []
        var roleIDs: [String] = []
        for i in 0..<51 {
            let id = "rol_limit\(String(format: "%07d", i))"
            roleIDs.append(id)
            roles.append(#"{"id": "\#(id)", "name": "Role \#(i)"}"#)
        }
        let fixture = """
        {"fixture": "auth0-many-roles", "dialect": "auth0", "tenant": "many", "data": {
          "roles": [\(roles.joined(separator: ","))],
          "users": [{"user_id": "auth0|u1"}],
          "organizations": [{"id": "org_many", "name": "many"}],
          "clients": [{"client_id": "c", "client_secret": "s", "scopes": ["create:organization_member_roles", "update:users"]}],
          "static_tokens": [{"name": "t", "client_id": "c", "scopes": ["create:organization_member_roles", "update:users"]}]}}
        """
        let sandbox = try Auth0Sandbox(extraDocuments: [(file: "many.json", bytes: Array(fixture.utf8))])
        let token = sandbox.token("t", tenant: "many")
        let first50 = "{\"roles\":[\(roleIDs.prefix(50).map { "\"\($0)\"" }.joined(separator: ","))]}"
        let last = "{\"roles\":[\"\(roleIDs[50])\"]}"
        let org = "/tenants/many/api/v2/organizations/org_many/members/auth0%7Cu1/roles"
        assertManagement(sandbox.send("POST", org, token: token, json: first50), 204, nil)
        assertManagement(sandbox.send("POST", org, token: token, json: last), 409,
                         errorBody(409, "No more roles can be assigned to this organization member."))
        let users = "/tenants/many/api/v2/users/auth0%7Cu1/roles"
        assertManagement(sandbox.send("POST", users, token: token, json: first50), 204, nil)
        assertManagement(sandbox.send("POST", users, token: token, json: last), 400, errorBody(400, "No more roles can be assigned to this user."))
    }

    // MARK: Reads

    func testGetUser() throws {
        let sandbox = try Auth0Sandbox()
        assertManagement(sandbox.admin("GET", "/api/v2/users/\(alice)"), 200, [
            "user_id": .string(Acme.alice), "email": "alice@acme.test", "email_verified": true, "name": "Alice Anders",
            "nickname": "alice", "picture": "https://s.gravatar.com/avatar/alice.png",
            "created_at": "2025-03-14T09:26:53.589Z", "updated_at": "2026-01-05T11:02:17.120Z",
            "identities": [["connection": "Username-Password-Authentication", "provider": "auth0",
                            "user_id": "5f7c8ec7c33c6c004bbafe82", "isSocial": false]],
        ])
        assertManagement(sandbox.admin("GET", "/api/v2/users/\(alice)?fields=email,name"), 200, ["email": "alice@acme.test", "name": "Alice Anders"])
        XCTAssertNil(sandbox.admin("GET", "/api/v2/users/\(alice)?fields=identities&include_fields=false").jsonBody?["identities"])
    }

    func testListRoles() throws {
        let sandbox = try Auth0Sandbox()
        assertManagement(sandbox.admin("GET", "/api/v2/roles"), 200, [
            tenantRole(Acme.billingAdmin), tenantRole(Acme.orgAdmin), tenantRole(Acme.orgViewer), tenantRole(Acme.reportEditor),
            tenantRole(Acme.reportReader),
        ])
        assertManagement(sandbox.admin("GET", "/api/v2/roles?name_filter=REPORT&include_totals=true&per_page=1&page=1"), 200,
                         ["roles": [tenantRole(Acme.reportReader)], "start": 1, "limit": 1, "total": 2])
    }

    func testRolePermissions() throws {
        let sandbox = try Auth0Sandbox()
        assertManagement(sandbox.admin("GET", "/api/v2/roles/\(Acme.reportEditor)/permissions?include_totals=true"), 200, [
            "permissions": [permissionItem("create:reports", Acme.reportsAPI), permissionItem("read:reports", Acme.reportsAPI)],
            "start": 0, "limit": 50, "total": 2,
        ])
    }

    func testOrganizationMembers() throws {
        let sandbox = try Auth0Sandbox()
        let alice: JSONValue = ["user_id": .string(Acme.alice), "email": "alice@acme.test",
                                "picture": "https://s.gravatar.com/avatar/alice.png", "name": "Alice Anders"]
        let dave: JSONValue = ["user_id": .string(Acme.dave), "email": "dave@acme.test",
                               "picture": "https://s.gravatar.com/avatar/dave.png", "name": "Dave Diaz"]
        let base = "/api/v2/organizations/\(Acme.west)/members"
        assertManagement(sandbox.admin("GET", base), 200, [alice, dave])
        assertManagement(sandbox.admin("GET", base + "?include_totals=true&per_page=1&page=1"), 200,
                         ["members": [dave], "start": 1, "limit": 1, "total": 2])
        assertManagement(sandbox.admin("GET", base + "?fields=user_id,roles&include_fields=true"), 200, [
            ["user_id": .string(Acme.alice), "roles": [["id": .string(Acme.orgViewer), "name": "Org Viewer"]]],
            ["user_id": .string(Acme.dave), "roles": [["id": .string(Acme.orgAdmin), "name": "Org Admin"]]],
        ])
    }

    /// Checkpoint pages: `next` while members remain, none on the last page (the newest
    /// recording, terraform-provider-auth0 `TestAccDataSourceUserOrganizations.yaml` of 2026-08).
    func testOrganizationMembersCheckpointPagination() throws {
        let sandbox = try Auth0Sandbox()
        let base = "/api/v2/organizations/\(Acme.west)/members?fields=user_id&take=1"
        let first = sandbox.admin("GET", base).jsonBody
        XCTAssertEqual(first?["members"], [["user_id": .string(Acme.alice)]])
        let next1 = try XCTUnwrap(first?["next"]?.stringValue)
        assertManagement(sandbox.admin("GET", base + "&from=\(next1)"), 200, ["members": [["user_id": .string(Acme.dave)]]])
        assertManagement(sandbox.admin("GET", "/api/v2/organizations/\(Acme.west)/members?fields=user_id&take=100"), 200,
                         ["members": [["user_id": .string(Acme.alice)], ["user_id": .string(Acme.dave)]]])
    }

    // MARK: Pagination

    func testPaginationPagesAndPastTheEnd() throws {
        let sandbox = try Auth0Sandbox()
        let path = "/api/v2/users/\(enc(Acme.dave))/permissions"
        assertManagement(sandbox.admin("GET", path + "?per_page=3&page=1"), 200,
                         [permissionItem("read:reports", Acme.reportsAPI, sources: [viaRole(Acme.reportReader, "Report Reader")])])
        assertManagement(sandbox.admin("GET", path + "?per_page=3&page=2&include_totals=true"), 200,
                         ["permissions": [], "start": 6, "limit": 3, "total": 4])
        assertManagement(sandbox.admin("GET", path + "?page=5"), 200, [])
        assertManagement(sandbox.admin("GET", path + "?include_totals=false&per_page=2"), 200, [
            permissionItem("pay:invoices", Acme.billingAPI, sources: [viaRole(Acme.billingAdmin, "Billing Admin")]),
            permissionItem("read:invoices", Acme.billingAPI, sources: [viaRole(Acme.billingAdmin, "Billing Admin")]),
        ])
    }

    // MARK: Routing

    func testUnknownPathsAndMethodsAreHapi404s() throws {
        let sandbox = try Auth0Sandbox()
        for (method, path) in [("GET", "/api/v2/nothing"), ("PUT", "/api/v2/users/\(alice)/roles"), ("PATCH", "/api/v2/roles")] {
            let response = sandbox.admin(method, path)
            XCTAssertEqual(response.status, 404)
            XCTAssertEqual(response.jsonBody, errorBody(404, "Not Found"))
            XCTAssertEqual(response.headers["Content-Type"], "application/json; charset=utf-8")
        }
    }
}
