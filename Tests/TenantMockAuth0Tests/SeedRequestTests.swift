import TenantMock
import XCTest

/// The documented requests of seeds 000, 001, 002 and 004, sent as their curl lines send
/// them (same headers, same body text), with only the domain, the placeholders and the
/// token replaced by values of the default fixture (listed in docs/auth0.md).
final class SeedRequestTests: XCTestCase {
    /// Replaces the seeds' placeholders. The domain becomes `acme.localhost`, which the
    /// emulator also reads from `Host`; the path keeps `|` as curl sends it.
    private func seed(_ sandbox: Auth0Sandbox, _ method: String, url: String, headers: [(String, String)], data: String,
                      values: [String: String]) -> HTTPResponse {
        var url = url, data = data
        for (placeholder, value) in values {
            url = url.replacingOccurrences(of: placeholder, with: value)
            data = data.replacingOccurrences(of: placeholder, with: value)
        }
        url = url.replacingOccurrences(of: "{yourDomain}", with: "acme.localhost").replacingOccurrences(of: "YOUR_DOMAIN", with: "acme.localhost")
        var fields: [(name: String, value: String)] = [(name: "Host", value: "acme.localhost")]
        for (name, value) in headers {
            fields.append((name: name, value: value.replacingOccurrences(of: "MGMT_API_ACCESS_TOKEN", with: sandbox.token("acme-all-scopes"))))
        }
        return sandbox.emulator.handle(HTTPRequest(method: method, target: url, headers: HTTPHeaders(fields), body: Array(data.utf8)))
    }

    /// Seed 004: `POST /api/v2/users/USER_ID/permissions` (HAR sample) → 201 `{}`; the GET shows it.
    func testSeed004AssignPermissionsToUser() throws {
        let sandbox = try Auth0Sandbox()
        let response = seed(sandbox, "POST", url: "https://{yourDomain}/api/v2/users/USER_ID/permissions",
            headers: [("Content-Type", "application/json"), ("Authorization", "Bearer MGMT_API_ACCESS_TOKEN"), ("Cache-Control", "no-cache")],
            data: #"{ "permissions": [ { "resource_server_identifier": "API_ID", "permission_name": "PERMISSION_NAME" }, { "resource_server_identifier": "API_ID", "permission_name": "PERMISSION_NAME" } ] }"#,
            values: ["USER_ID": Acme.carol, "API_ID": Acme.reportsAPI, "PERMISSION_NAME": "create:reports"])
        assertManagement(response, 201, [:])
        XCTAssertEqual(response.bodyText, "{}")
        assertManagement(sandbox.admin("GET", "/api/v2/users/\(enc(Acme.carol))/permissions"), 200, [
            permissionItem("create:reports", Acme.reportsAPI, sources: [direct]),
            permissionItem("read:reports", Acme.reportsAPI, sources: [direct]),
        ])
    }

    /// Seed 000: `DELETE /api/v2/users/USER_ID/permissions` (curl sample) → 204; the GET no longer lists it.
    func testSeed000RemovePermissionsFromUser() throws {
        let sandbox = try Auth0Sandbox()
        let response = seed(sandbox, "DELETE", url: "https://{yourDomain}/api/v2/users/USER_ID/permissions",
            headers: [("authorization", "Bearer MGMT_API_ACCESS_TOKEN"), ("cache-control", "no-cache"), ("content-type", "application/json")],
            data: #"{ "permissions": [ { "resource_server_identifier": "API_ID", "permission_name": "PERMISSION_NAME" }, { "resource_server_identifier": "API_ID", "permission_name": "PERMISSION_NAME" } ] }"#,
            values: ["USER_ID": Acme.alice, "API_ID": Acme.reportsAPI, "PERMISSION_NAME": "delete:reports"])
        assertManagement(response, 204, nil)
        assertManagement(sandbox.admin("GET", "/api/v2/users/\(enc(Acme.alice))/permissions"), 200, [
            permissionItem("read:invoices", Acme.billingAPI, sources: [direct]),
            permissionItem("create:reports", Acme.reportsAPI, sources: [viaRole(Acme.reportEditor, "Report Editor")]),
            permissionItem("read:reports", Acme.reportsAPI, sources: [viaRole(Acme.reportEditor, "Report Editor")]),
        ])
    }

    /// Seed 001: `DELETE /api/v2/users/USER_ID/roles` (curl sample) → 204; the GET no longer lists it.
    func testSeed001RemoveRolesFromUser() throws {
        let sandbox = try Auth0Sandbox()
        assertManagement(sandbox.admin("GET", "/api/v2/users/\(enc(Acme.alice))/roles"), 200, [role(Acme.reportEditor)])
        let response = seed(sandbox, "DELETE", url: "https://{yourDomain}/api/v2/users/USER_ID/roles",
            headers: [("authorization", "Bearer MGMT_API_ACCESS_TOKEN"), ("cache-control", "no-cache"), ("content-type", "application/json")],
            data: #"{ "roles": [ "ROLE_ID", "ROLE_ID" ] }"#,
            values: ["USER_ID": Acme.alice, "ROLE_ID": Acme.reportEditor])
        assertManagement(response, 204, nil)
        assertManagement(sandbox.admin("GET", "/api/v2/users/\(enc(Acme.alice))/roles"), 200, [])
    }

    /// Seed 002: `DELETE /api/v2/organizations/ORG_ID/members/USER_ID/roles` — the curl line sends
    /// its JSON body with no `content-type` header (so curl labels it a form) → 204.
    func testSeed002RemoveRolesFromOrganizationMemberCurl() throws {
        let sandbox = try Auth0Sandbox()
        let response = seed(sandbox, "DELETE", url: "https://YOUR_DOMAIN/api/v2/organizations/ORG_ID/members/USER_ID/roles",
            headers: [("authorization", "Bearer MGMT_API_ACCESS_TOKEN"), ("cache-control", "no-cache"),
                      ("Content-Type", "application/x-www-form-urlencoded")],
            data: #"{ "roles": [ "ROLE_ID", "ROLE_ID", "ROLE_ID" ] }"#,
            values: ["ORG_ID": Acme.east, "USER_ID": Acme.alice, "ROLE_ID": Acme.orgAdmin])
        assertManagement(response, 204, nil)
        assertManagement(sandbox.admin("GET", "/api/v2/organizations/\(Acme.east)/members/\(enc(Acme.alice))/roles"), 200, [])
        assertManagement(sandbox.admin("GET", "/api/v2/organizations/\(Acme.west)/members/\(enc(Acme.alice))/roles"), 200,
                         [role(Acme.orgViewer)])  // the same user's roles in the other organization are untouched
    }

    /// Seed 002's other samples (Go, Ruby, Python http.client) send the body with no `Content-Type` at all.
    func testSeed002WithoutAnyContentType() throws {
        let sandbox = try Auth0Sandbox()
        let response = seed(sandbox, "DELETE", url: "https://YOUR_DOMAIN/api/v2/organizations/ORG_ID/members/USER_ID/roles",
            headers: [("authorization", "Bearer MGMT_API_ACCESS_TOKEN"), ("cache-control", "no-cache")],
            data: #"{ "roles": [ "ROLE_ID", "ROLE_ID", "ROLE_ID" ] }"#,
            values: ["ORG_ID": Acme.west, "USER_ID": Acme.dave, "ROLE_ID": Acme.orgAdmin])
        assertManagement(response, 204, nil)
        assertManagement(sandbox.admin("GET", "/api/v2/organizations/\(Acme.west)/members/\(enc(Acme.dave))/roles"), 200, [])
    }

    /// Seed 002's C# (RestSharp names the body parameter "undefined", which becomes its content
    /// type) and Java (Unirest sends a string body as text/plain) samples.
    func testSeed002CSharpAndJavaSamples() throws {
        for contentType in ["undefined", "text/plain; charset=UTF-8"] {
            let sandbox = try Auth0Sandbox()
            let response = seed(sandbox, "DELETE", url: "https://YOUR_DOMAIN/api/v2/organizations/ORG_ID/members/USER_ID/roles",
                headers: [("authorization", "Bearer MGMT_API_ACCESS_TOKEN"), ("cache-control", "no-cache"), ("Content-Type", contentType)],
                data: #"{ "roles": [ "ROLE_ID", "ROLE_ID", "ROLE_ID" ] }"#,
                values: ["ORG_ID": Acme.east, "USER_ID": Acme.bob, "ROLE_ID": Acme.orgViewer])
            assertManagement(response, 204, nil)
            assertManagement(sandbox.admin("GET", "/api/v2/organizations/\(Acme.east)/members/\(enc(Acme.bob))/roles"), 200, [])
        }
    }
}
