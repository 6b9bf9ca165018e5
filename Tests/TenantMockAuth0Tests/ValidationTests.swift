import TenantMock
import XCTest

/// Body, query and path validation with the validator's wording (auth0-research §1.4).
final class ValidationTests: XCTestCase {
    private let alice = enc(Acme.alice)

    private func invalidBody(_ message: String) -> JSONValue {
        errorBody(400, "Payload validation error: \(message)", errorCode: "invalid_body")
    }

    func testPermissionsBodyErrors() throws {
        let sandbox = try Auth0Sandbox()
        let cases: [(String, String, String)] = [
            ("POST", "{}", "'Missing required property: permissions'."),
            ("DELETE", "{}", "'Missing required property: permissions'."),
            ("POST", #"{"permissions":{}}"#,
             "'Expected type array but found type object' on property permissions (List of permissions to add to this user)."),
            ("DELETE", #"{"permissions":"read:reports"}"#,
             "'Expected type array but found type string' on property permissions (List of permissions to remove from this user)."),
            ("POST", #"{"permissions":[]}"#,
             "'Array is too short (0), minimum 1' on property permissions (List of permissions to add to this user)."),
            ("POST", #"{"permissions":["read:reports"]}"#, "'Expected type object but found type string' on property permissions[0]."),
            ("POST", #"{"permissions":[{"resource_server_identifier":"https://reports.acme.test/"}]}"#,
             "'Missing required property: permission_name' on property permissions[0]."),
            ("POST", #"{"permissions":[{"resource_server_identifier":"https://reports.acme.test/","permission_name":"read:reports","x":1}]}"#,
             "'Additional properties not allowed: x' on property permissions[0]."),
            ("POST", #"{"permissions":[{"resource_server_identifier":"https://reports.acme.test/","permission_name":7}]}"#,
             "'Expected type string but found type integer' on property permissions[0].permission_name."),
            ("POST", #"{"permissions":[{"resource_server_identifier":"a","permission_name":"b"}],"user":"x"}"#,
             "'Additional properties not allowed: user'."),
            ("POST", "[]", "'Expected type object but found type array'."),
            ("DELETE", "", "'Expected type object but found type null'."),
        ]
        for (method, body, message) in cases {
            assertManagement(sandbox.admin(method, "/api/v2/users/\(alice)/permissions", json: body), 400, invalidBody(message))
        }
    }

    func testRolesBodyErrors() throws {
        let sandbox = try Auth0Sandbox()
        let users = "/api/v2/users/\(alice)/roles"
        let org = "/api/v2/organizations/\(Acme.east)/members/\(alice)/roles"
        let cases: [(String, String, String, String)] = [
            ("POST", users, "{}", "'Missing required property: roles'."),
            ("POST", users, #"{"roles":{}}"#,
             "'Expected type array but found type object' on property roles (List of roles IDs to associated with the user)."),
            ("DELETE", users, #"{"roles":[]}"#,
             "'Array is too short (0), minimum 1' on property roles (List of roles IDs to remove from the user)."),
            ("POST", users, #"{"roles":[""]}"#, "'String is too short (0 chars), minimum 1' on property roles[0]."),
            ("POST", users, #"{"roles":[1]}"#, "'Expected type string but found type integer' on property roles[0]."),
            ("POST", org, #"{"roles":"rol_x"}"#,
             "'Expected type array but found type string' on property roles (List of roles IDs to associated with the user)."),
            ("DELETE", org, #"{"roles":[]}"#,
             "'Array is too short (0), minimum 1' on property roles (List of roles IDs associated with the organization member to remove)."),
            ("DELETE", org, #"{"roles":["ROLE_ID"]}"#, "'Object didn't pass validation for format role-id: ROLE_ID' on property roles[0]."),
            ("POST", org, #"{"roles":["rol_ok123"],"members":[]}"#, "'Additional properties not allowed: members'."),
        ]
        for (method, path, body, message) in cases {
            assertManagement(sandbox.admin(method, path, json: body), 400, invalidBody(message))
        }
    }

    /// A user-role id that is not a role id: 400 on POST (documented), 404 on DELETE (whose spec lists no 400).
    func testUserRoleIDThatIsNotARoleID() throws {
        let sandbox = try Auth0Sandbox()
        assertManagement(sandbox.admin("POST", "/api/v2/users/\(alice)/roles", json: #"{"roles":["string"]}"#), 400,
                         errorBody(400, "Invalid request payload input"))
        assertManagement(sandbox.admin("DELETE", "/api/v2/users/\(alice)/roles", json: #"{"roles":["string"]}"#), 404,
                         errorBody(404, "The role does not exist."))
    }

    func testBodyThatIsNotJSON() throws {
        let sandbox = try Auth0Sandbox()
        assertManagement(sandbox.admin("POST", "/api/v2/users/\(alice)/permissions", json: #"{"permissions": ["#), 400,
                         errorBody(400, "Invalid request payload JSON format", errorCode: "invalid_body"))
    }

    func testUnsupportedMediaType() throws {
        let sandbox = try Auth0Sandbox()
        let response = sandbox.send("POST", "/api/v2/users/\(alice)/roles", token: sandbox.token("acme-all-scopes"),
                                    json: "roles", headers: ["Content-Type": "text/plain"])
        assertManagement(response, 415, errorBody(415, "Unsupported Media Type"))
    }

    /// The spec accepts form bodies: `roles[]=…` and `permissions[0][…]=…` nest; a repeated key is an array.
    func testFormEncodedBodies() throws {
        let sandbox = try Auth0Sandbox()
        let token = sandbox.token("acme-all-scopes")
        let form: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded"]
        assertManagement(sandbox.send("POST", "/api/v2/users/\(alice)/roles", token: token,
                                      json: "roles[]=\(Acme.billingAdmin)&roles[]=\(Acme.reportReader)", headers: form), 204, nil)
        assertManagement(sandbox.send("POST", "/api/v2/users/\(enc(Acme.bob))/roles", token: token,
                                      json: "roles=\(Acme.billingAdmin)&roles=\(Acme.reportEditor)", headers: form), 204, nil)
        let perms = "permissions%5B0%5D%5Bresource_server_identifier%5D=https%3A%2F%2Freports.acme.test%2F&permissions%5B0%5D%5Bpermission_name%5D=export%3Areports"
        assertManagement(sandbox.send("POST", "/api/v2/users/\(enc(Acme.bob))/permissions", token: token, json: perms, headers: form), 201, [:])
        assertManagement(sandbox.admin("GET", "/api/v2/users/\(alice)/roles"), 200,
                         [role(Acme.billingAdmin), role(Acme.reportEditor), role(Acme.reportReader)])
        assertManagement(sandbox.admin("GET", "/api/v2/users/\(enc(Acme.bob))/roles"), 200,
                         [role(Acme.billingAdmin), role(Acme.reportEditor), role(Acme.reportReader)])
        // A single plain key is a string, as the form parser gives it.
        assertManagement(sandbox.send("POST", "/api/v2/users/\(alice)/roles", token: token, json: "roles=\(Acme.billingAdmin)", headers: form),
                         400, invalidBody("'Expected type array but found type string' on property roles (List of roles IDs to associated with the user)."))
    }

    func testQueryValidation() throws {
        let sandbox = try Auth0Sandbox()
        let base = "/api/v2/users/\(alice)/permissions"
        let perPage = "on property per_page (Number of results per page)."
        let cases: [(String, String)] = [
            ("per_page=0", "'Value 0 is less than minimum 1' \(perPage)"),
            ("per_page=101", "'Value 101 is greater than maximum 100' \(perPage)"),
            ("per_page=ten", "'Expected type integer but found type string' \(perPage)"),
            ("page=-1", "'Value -1 is less than minimum 0' on property page (Page index of the results to return. First page is 0)."),
            ("include_totals=yes", "'Expected type boolean but found type string' on property include_totals (Return results inside an object that contains the total result count (true) or as a direct array of results (false, default))."),
            ("page=1&page=2", "'Expected type integer but found type array' on property page (Page index of the results to return. First page is 0)."),
            ("sort=name", "'Additional properties not allowed: sort'."),
        ]
        for (query, message) in cases {
            assertManagement(sandbox.admin("GET", "\(base)?\(query)"), 400,
                             errorBody(400, "Query validation error: \(message)", errorCode: "invalid_query_string"))
        }
        assertManagement(sandbox.admin("GET", "/api/v2/organizations/\(Acme.east)/members/\(alice)/roles?page=1001"), 400,
                         errorBody(400, "Query validation error: 'Value 1001 is greater than maximum 1000' on property page (Page index of the results to return. First page is 0).",
                                   errorCode: "invalid_query_string"))
        assertManagement(sandbox.admin("GET", "/api/v2/organizations/\(Acme.east)/members/\(alice)/roles?per_page=500"), 400,
                         errorBody(400, "Query validation error: 'Value 500 is greater than maximum 100' on property per_page (Number of results per page. Defaults to 50).",
                                   errorCode: "invalid_query_string"))
    }

    /// Beyond the first 1000 records offset paging is refused (documented rule `page*per_page + per_page > 1000`).
    func testPagingCap() throws {
        let sandbox = try Auth0Sandbox()
        assertManagement(sandbox.admin("GET", "/api/v2/users/\(alice)/roles?page=10&per_page=100"), 400, errorBody(400,
            "Requesting page 10 exceeds the allowed maximum of 1000 records. To fetch results beyond 1000, use the checkpoint pagination method.",
            errorCode: "invalid_paging"))
        assertManagement(sandbox.admin("GET", "/api/v2/users/\(alice)/roles?page=9&per_page=100"), 200, [])
    }

    func testOrganizationIDLongerThan50IsAPathError() throws {
        let sandbox = try Auth0Sandbox()
        let long = "org_" + String(repeating: "a", count: 47)
        assertManagement(sandbox.admin("GET", "/api/v2/organizations/\(long)/members/\(alice)/roles"), 400, errorBody(400,
            "Path validation error: 'String is too long (51 chars), maximum 50' on property id (Organization identifier).",
            errorCode: "invalid_uri"))
    }

    /// Percent-encoded and raw `|` address the same user.
    func testPercentEncodedAndRawUserIDsAreTheSameUser() throws {
        let sandbox = try Auth0Sandbox()
        let raw = sandbox.admin("GET", "/api/v2/users/\(Acme.alice)/roles")
        let encoded = sandbox.admin("GET", "/api/v2/users/auth0%7C5f7c8ec7c33c6c004bbafe82/roles")
        let lower = sandbox.admin("GET", "/api/v2/users/auth0%7c5f7c8ec7c33c6c004bbafe82/roles")
        assertManagement(raw, 200, [role(Acme.reportEditor)])
        XCTAssertEqual(encoded.jsonBody, raw.jsonBody)
        XCTAssertEqual(lower.jsonBody, raw.jsonBody)
    }

    /// Authentication comes before validation (hapi's lifecycle): a bad body with no token is a 401.
    func testAuthenticationPrecedesValidation() throws {
        let sandbox = try Auth0Sandbox()
        assertManagement(sandbox.send("POST", "/api/v2/users/\(alice)/permissions", json: "{"), 401,
                         errorBody(401, "Missing authentication"))
        assertManagement(sandbox.send("POST", "/api/v2/users/\(alice)/permissions", token: sandbox.mint(scopes: []), json: "{"), 403,
                         errorBody(403, "Insufficient scope, expected any of: update:users", errorCode: "insufficient_scope"))
    }

    /// Validation comes before existence: a bad body for an unknown user is a 400.
    func testValidationPrecedesExistence() throws {
        let sandbox = try Auth0Sandbox()
        assertManagement(sandbox.admin("POST", "/api/v2/users/\(enc(Acme.unknownUser))/permissions", json: "{}"), 400,
                         invalidBody("'Missing required property: permissions'."))
    }
}
