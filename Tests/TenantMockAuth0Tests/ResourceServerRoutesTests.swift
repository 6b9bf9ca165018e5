import TenantMock
@testable import TenantMockAuth0
import XCTest

/// The tenant's APIs: create, read, update, delete, and what removing an API or one of
/// its scopes does to the roles and users holding its permissions.
final class ResourceServerRoutesTests: XCTestCase {
    /// 201 with Auth0's defaults in its order; `id` is 24 hex digits; no `name` when none given.
    func testCreateAnswersWithDefaults() throws {
        let sandbox = try Auth0Sandbox()
        let created = sandbox.admin("POST", "/api/v2/resource-servers", json: #"{"identifier":"https://new.acme.test/"}"#)
        XCTAssertEqual(created.status, 201, created.bodyText)
        let id = try XCTUnwrap(created.jsonBody?["id"]?.stringValue)
        XCTAssertTrue(id.count == 24 && id.allSatisfy(\.isHexDigit), id)
        XCTAssertEqual(created.jsonBody?.objectValue?.keys, [
            "id", "identifier", "allow_offline_access", "skip_consent_for_verifiable_first_party_clients",
            "subject_type_authorization", "token_lifetime", "token_lifetime_for_web", "signing_alg",
        ])
        assertManagement(created, 201, [
            "id": .string(id), "identifier": "https://new.acme.test/", "allow_offline_access": false,
            "skip_consent_for_verifiable_first_party_clients": false,
            "subject_type_authorization": ["user": ["policy": "allow_all"], "client": ["policy": "require_client_grant"]],
            "token_lifetime": 86400, "token_lifetime_for_web": 7200, "signing_alg": "RS256",
        ])
        // By id and by identifier (the audience).
        XCTAssertEqual(sandbox.admin("GET", "/api/v2/resource-servers/\(id)").jsonBody, created.jsonBody)
        XCTAssertEqual(sandbox.admin("GET", "/api/v2/resource-servers/" + FormURLEncoding.percentEncode("https://new.acme.test/")).jsonBody,
                       created.jsonBody)
    }

    /// `PATCH {"scopes":[]}` answers `"scopes":[]` (recorded, terraform-provider-auth0
    /// `TestAccRolePermission.yaml` interaction 118); an API created without scopes has no member.
    func testEmptiedScopesAreAnsweredAsAnEmptyList() throws {
        let sandbox = try Auth0Sandbox()
        let reports = "/api/v2/resource-servers/22457cdf22290fe72e0b28db"
        let patched = sandbox.admin("PATCH", reports, json: #"{"scopes":[]}"#)
        XCTAssertEqual(patched.status, 200, patched.bodyText)
        XCTAssertEqual(patched.jsonBody?["scopes"], .array([]))
        XCTAssertEqual(sandbox.admin("GET", reports).jsonBody?["scopes"], .array([]))
        XCTAssertEqual(sandbox.admin("POST", "/api/v2/resource-servers", json: #"{"identifier":"https://empty.acme.test/","scopes":[]}"#)
                        .jsonBody?["scopes"], .array([]))
        XCTAssertNil(sandbox.admin("POST", "/api/v2/resource-servers", json: #"{"identifier":"https://bare.acme.test/"}"#).jsonBody?["scopes"])
    }

    func testCreateRefusals() throws {
        let sandbox = try Auth0Sandbox()
        assertManagement(sandbox.admin("POST", "/api/v2/resource-servers", json: #"{"identifier":"https://reports.acme.test/"}"#), 409,
                         errorBody(409, "A resource server with the same identifier already exists.", errorCode: "resource_server_conflict"))
        assertManagement(sandbox.admin("POST", "/api/v2/resource-servers", json: #"{"identifier":"\#(Acme.audience)"}"#), 400,
                         errorBody(400, "The selected identifier is reserved.", errorCode: "invalid_body"))
        assertManagement(sandbox.admin("POST", "/api/v2/resource-servers", json: #"{"name":"<b>","identifier":"x"}"#), 400,
                         errorBody(400, "Payload validation error: 'String does not match pattern ^[^<>]+$: <b>' on property name (Friendly name for this resource server. Can not contain `<` or `>` characters).",
                                   errorCode: "invalid_body"))
        assertManagement(sandbox.admin("POST", "/api/v2/resource-servers", json: #"{"identifier":"x","token_lifetime":2592001}"#), 400,
                         errorBody(400, "Payload validation error: 'Value 2592001 is greater than maximum 2592000' on property token_lifetime.",
                                   errorCode: "invalid_body"))
        assertManagement(sandbox.admin("POST", "/api/v2/resource-servers", json: #"{"identifier":"x","signing_alg":"none"}"#), 400,
                         errorBody(400, "Payload validation error: 'No enum match for: \"none\"' on property signing_alg.", errorCode: "invalid_body"))
        assertManagement(sandbox.admin("GET", "/api/v2/resource-servers/000000000000000000000000"), 404,
                         errorBody(404, "The resource server does not exist", errorCode: "inexistent_resource_server"))
    }

    /// A scope that PATCH drops is no longer held by the roles and users that had it.
    func testDroppingAScopeTakesItsPermissions() throws {
        let sandbox = try Auth0Sandbox()
        let alice = enc(Acme.alice)
        func names() -> [String] {
            (sandbox.admin("GET", "/api/v2/users/\(alice)/permissions").jsonBody?.arrayValue ?? []).compactMap {
                $0["permission_name"]?.stringValue
            }
        }
        XCTAssertTrue(names().contains("create:reports"))
        let patched = sandbox.admin("PATCH", "/api/v2/resource-servers/\(Acme.reportsServerID)",
                                    json: #"{"scopes":[{"value":"read:reports","description":"Read reports"}]}"#)
        XCTAssertEqual(patched.status, 200, patched.bodyText)
        XCTAssertEqual(patched.jsonBody?["scopes"], [["value": "read:reports", "description": "Read reports"]])
        XCTAssertFalse(names().contains("create:reports"))
        XCTAssertTrue(names().contains("read:reports"))
        assertManagement(sandbox.admin("GET", "/api/v2/roles/\(Acme.reportEditor)/permissions"), 200,
                         [permissionItem("read:reports", Acme.reportsAPI)])
    }

    /// DELETE takes the API and its permissions; a second DELETE is 204 as well (recorded).
    func testDeleteTakesItsPermissions() throws {
        let sandbox = try Auth0Sandbox()
        let path = "/api/v2/resource-servers/\(Acme.reportsServerID)"
        assertManagement(sandbox.admin("DELETE", path), 204, nil)
        assertManagement(sandbox.admin("DELETE", path), 204, nil)
        assertManagement(sandbox.admin("GET", path), 404,
                         errorBody(404, "The resource server does not exist", errorCode: "inexistent_resource_server"))
        let snapshot = sandbox.tenant().snapshot()
        let held = JSONSerializer.string(snapshot["data"]?["roles"] ?? nil) + JSONSerializer.string(snapshot["data"]?["users"] ?? nil)
        XCTAssertFalse(held.contains(Acme.reportsAPI), "no role or user keeps a permission of the deleted API")
        assertManagement(sandbox.admin("GET", "/api/v2/roles/\(Acme.reportEditor)/permissions"), 200, [])
    }

    /// The list: the system API first, `identifiers` filters, `{total, start, limit, resource_servers}`.
    func testListAndTheSystemAPI() throws {
        let sandbox = try Auth0Sandbox()
        let all = try XCTUnwrap(sandbox.admin("GET", "/api/v2/resource-servers").jsonBody?.arrayValue)
        XCTAssertEqual(all.compactMap { $0["identifier"]?.stringValue }, [Acme.audience, Acme.reportsAPI, Acme.billingAPI])
        XCTAssertEqual(all.first?["is_system"], true)
        let systemID = try XCTUnwrap(all.first?["id"]?.stringValue)
        assertManagement(sandbox.admin("DELETE", "/api/v2/resource-servers/\(systemID)"), 400,
                         errorBody(400, "System resource servers cannot be deleted.", errorCode: "invalid_body"))
        let filtered = sandbox.admin("GET", "/api/v2/resource-servers?identifiers=\(FormURLEncoding.percentEncode(Acme.billingAPI))"
                                     + "&include_totals=true&fields=id,identifier")
        XCTAssertEqual(filtered.jsonBody?.objectValue?.keys, ["total", "start", "limit", "resource_servers"])
        assertManagement(filtered, 200, ["total": 1, "start": 0, "limit": 50, "resource_servers": [
            ["id": "0ba22d3e31d436eb1d879eb7", "identifier": .string(Acme.billingAPI)],
        ]])
        let eleven = (0...10).map { "identifiers=i\($0)" }.joined(separator: "&")
        assertManagement(sandbox.admin("GET", "/api/v2/resource-servers?\(eleven)"), 400,
                         errorBody(400, "Query validation error: 'Array is too long (11), maximum 10' on property identifiers (An optional filter on the resource server identifier. Must be URL encoded and may be specified multiple times (max 10)).",
                                   errorCode: "invalid_query_string"))
    }
}
