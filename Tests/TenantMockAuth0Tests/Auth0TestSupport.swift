import Foundation
import TenantMock
import TenantMockServer
@testable import TenantMockAuth0
import XCTest

/// The default fixtures' ids and values the tests use (listed in docs/auth0.md).
enum Acme {
    static let alice = "auth0|5f7c8ec7c33c6c004bbafe82"
    static let bob = "auth0|c7e7d499847e4ecbd60aba99"
    static let carol = "auth0|6e3a14fbec1ddc15f11b7142"
    static let dave = "auth0|679ec6056cd6a962a71d5faf"
    static let unknownUser = "auth0|000000000000000000000000"

    static let reportsAPI = "https://reports.acme.test/"
    static let billingAPI = "https://billing.acme.test/"
    static let reportsServerID = "22457cdf22290fe72e0b28db"
    static let reportsGrant = "cgr_Rp7Xk2LmQ9sTv4Wy"

    static let reportReader = "rol_Rlz2SzxmF3qBoTlx"
    static let reportEditor = "rol_keyk3jG1P9UE74wi"
    static let billingAdmin = "rol_9fPev5TlSruX6Yma"
    static let orgAdmin = "rol_wILIV5cY1NjJjTv6"
    static let orgViewer = "rol_RO9zoMDCXTeeEVv1"
    static let unknownRole = "rol_0000000000000000"

    static let east = "org_9w2PhXqifC5qSp55"
    static let west = "org_YXvmY4os6BOogYlU"
    static let unknownOrg = "org_0000000000000000"

    static let backendClient = "wI356V7iWOwVC0BUH4J8I5a6zy3gy5nZ"
    static let backendSecret = "JhplyE3C2w7add4Cn7bSXCuV1UeyDZaAORIa48Oi3c64mexlxxvquvrSlsINK01Q"
    static let readOnlyClient = "ckDJcOHhFhCq0gPP3oyYzr0MIypB5e9V"
    static let readOnlySecret = "x333KlRyD2FnShxqSNpGajwkze3yYmw1qcET50Zo6QvpO89H6XFLbgDaW3JTXvjG"
    static let legacyClient = "V1sEhI9p7xbQIyutmyCZWQ8qQrr22Hwj"
    static let legacySecret = "gh9yUyUIskRNBtn1U7qpSr2M3c7f77yPdPxRcKVEm2qMSu7DB09EBaVzzQObi0PO"
    static let storefrontClient = "094XyQn9dgCSDZhzmaGfmN5WNVVmgB90"
    static let storefrontSecret = "Yshx0I0ZvRfCi2bIiwXJGZRgyAgtCtWKe7I9bLbu0OB2ep49RzPyC8yZ2Q5vInZI"
    static let audience = "https://acme.localhost/api/v2/"
}

/// The repository's `Fixtures/` folder.
let fixturesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures").path

/// An emulator running the default Auth0 fixtures (tenants `acme`, the default, and `globex`).
final class Auth0Sandbox: Sendable {
    let emulator: Emulator

    init(extraDocuments: [(file: String, bytes: [UInt8])] = []) throws {
        emulator = Emulator(dialects: .builtIn)
        try emulator.loadFixtures(paths: [fixturesFolder + "/auth0-acme.json", fixturesFolder + "/auth0-globex.json"])
        if !extraDocuments.isEmpty { try emulator.loadFixtures(documents: extraDocuments) }
        emulator.startFixtureTenants()
    }

    func tenant(_ id: String = "acme") -> any AnyTenant { emulator.tenants.tenant(id)! }

    /// A static token of tenant `tenant`, by its fixture name.
    func token(_ name: String, tenant: String = "acme") -> String {
        let credential = self.tenant(tenant).credentials().first { $0.kind == "static_token" && $0.label == name }!
        return credential.fields.first { $0.name == "token" }!.value
    }

    /// Sends a request to the emulator; `token` becomes `Authorization: Bearer …`.
    @discardableResult
    func send(_ method: String, _ target: String, token: String? = nil, json body: String? = nil,
              headers: HTTPHeaders = [:]) -> HTTPResponse {
        var headers = headers
        if let token { headers["Authorization"] = "Bearer \(token)" }
        if body != nil && headers["Content-Type"] == nil { headers["Content-Type"] = "application/json" }
        return emulator.handle(HTTPRequest(method: method, target: target, headers: headers, body: Array((body ?? "").utf8)))
    }

    /// A token signed with tenant `tenant`'s own key (so its signature verifies), with
    /// claims as `/oauth/token` would issue them, any of which a test may override.
    func mint(scopes: [String], client: String = Acme.backendClient, tenant: String = "acme",
              overriding: JSONObject = [:]) -> String {
        let domain = "\(tenant).localhost"
        let now = Int(self.tenant(tenant).clock.now())
        var claims: JSONObject = [
            "iss": .string("https://\(domain)/"), "sub": .string("\(client)@clients"), "aud": .string("https://\(domain)/api/v2/"),
            "iat": .int(now), "exp": .int(now + 3600), "scope": .string(scopes.joined(separator: " ")),
            "gty": "client-credentials", "azp": .string(client),
        ]
        for (key, value) in overriding { claims[key] = value }
        let seed = tenant == "globex" ? "globex-fixture-signing-seed" : "acme-fixture-signing-seed"
        return HS256JWT.sign(claims: claims, key: Auth0TokenIssuer.signingKey(seed: seed, tenant: tenant))
    }

    /// `send` with the all-scopes static token of the default tenant.
    @discardableResult
    func admin(_ method: String, _ target: String, json body: String? = nil) -> HTTPResponse {
        send(method, target, token: token("acme-all-scopes"), json: body)
    }
}

/// Percent-encodes a user id for a path, as SDKs do (`auth0|x` → `auth0%7Cx`).
func enc(_ id: String) -> String { FormURLEncoding.percentEncode(id) }

/// Parses a JSON literal written in a test.
func json(_ text: String) -> JSONValue { try! JSONParser().parse(text) }

/// Asserts a Management API answer: status, the exact body (JSON, member order
/// aside; `nil` for an empty body), `Content-Type: application/json; charset=utf-8`,
/// and the three rate-limit headers as integers.
func assertManagement(_ response: HTTPResponse, _ status: Int, _ body: JSONValue?,
                      file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(response.status, status, response.bodyText, file: file, line: line)
    if let body {
        XCTAssertEqual(response.jsonBody, body, response.bodyText, file: file, line: line)
    } else {
        XCTAssertEqual(response.bodyText, "", "expected an empty body", file: file, line: line)
    }
    XCTAssertEqual(response.headers["Content-Type"], "application/json; charset=utf-8", file: file, line: line)
    for name in ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"] {
        XCTAssertNotNil(response.headers[name].flatMap { Int($0) }, "\(name) missing or not an integer", file: file, line: line)
    }
}

/// The Boom/Auth0 error body.
func errorBody(_ status: Int, _ message: String, errorCode: String? = nil, attributes: Bool = false) -> JSONValue {
    var o: JSONObject = ["statusCode": .int(status), "error": .string(HTTPStatus.reasonPhrase(status)), "message": .string(message)]
    if let errorCode { o["errorCode"] = .string(errorCode) }
    if attributes { o["attributes"] = ["error": .string(message)] }
    return .object(o)
}

/// A permission list item as Auth0 returns it.
func permissionItem(_ name: String, _ api: String, sources: [JSONValue]? = nil) -> JSONValue {
    let servers: [String: (String, [String: String])] = [
        Acme.reportsAPI: ("Acme Reports API", ["read:reports": "Read reports", "create:reports": "Create reports",
                                               "delete:reports": "Delete reports", "export:reports": "Export reports"]),
        Acme.billingAPI: ("Acme Billing API", ["read:invoices": "Read invoices", "pay:invoices": "Pay invoices",
                                               "refund:invoices": "Refund invoices"]),
    ]
    var o: JSONObject = ["permission_name": .string(name), "description": .string(servers[api]?.1[name] ?? ""),
                         "resource_server_name": .string(servers[api]?.0 ?? ""), "resource_server_identifier": .string(api)]
    if let sources { o["sources"] = .array(sources) }
    return .object(o)
}

let direct: JSONValue = ["source_id": "", "source_name": "", "source_type": "DIRECT"]
func viaRole(_ id: String, _ name: String) -> JSONValue {
    ["source_id": .string(id), "source_name": .string(name), "source_type": "ROLE"]
}

func role(_ id: String) -> JSONValue {
    let roles: [String: (String, JSONValue)] = [
        Acme.reportReader: ("Report Reader", "Reads reports"),
        Acme.reportEditor: ("Report Editor", "Reads and writes reports"),
        Acme.billingAdmin: ("Billing Admin", "Manages invoices"),
        Acme.orgAdmin: ("Org Admin", "Administers an organization"),
        Acme.orgViewer: ("Org Viewer", .null),
    ]
    return ["id": .string(id), "name": .string(roles[id]!.0), "description": roles[id]!.1]
}

/// A fixture role as the `/roles` routes list it: with `type` (recorded 2026).
func tenantRole(_ id: String) -> JSONValue {
    var o = role(id).objectValue ?? [:]
    o["type"] = "tenant"
    return .object(o)
}

/// Every Management API route of the dialect with a request that succeeds with the
/// all-scopes token, its success status, the scope message of its 403, and whether
/// Auth0 documents "Client is not global." for it (auth0-oas-in-scope.txt).
struct ManagementRouteCase {
    var method: String
    var target: String
    var body: String?
    var success: Int
    var scopeMessage: String
    var documentsClientNotGlobal: Bool

    var name: String { "\(method) \(target)" }

    static var all: [ManagementRouteCase] {
        let alice = enc(Acme.alice)
        let perms = #"{"permissions":[{"resource_server_identifier":"https://reports.acme.test/","permission_name":"export:reports"}]}"#
        return [
            .init(method: "GET", target: "/api/v2/users/\(alice)/permissions", body: nil, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: read:users", documentsClientNotGlobal: false),
            .init(method: "POST", target: "/api/v2/users/\(alice)/permissions", body: perms, success: 201,
                  scopeMessage: "Insufficient scope, expected any of: update:users", documentsClientNotGlobal: false),
            .init(method: "DELETE", target: "/api/v2/users/\(alice)/permissions", body: perms, success: 204,
                  scopeMessage: "Insufficient scope, expected any of: update:users", documentsClientNotGlobal: false),
            .init(method: "GET", target: "/api/v2/users/\(alice)/roles", body: nil, success: 200,
                  scopeMessage: "Insufficient scope, expected all of: read:users,read:roles,read:role_members", documentsClientNotGlobal: true),
            .init(method: "POST", target: "/api/v2/users/\(alice)/roles", body: #"{"roles":["\#(Acme.reportReader)"]}"#, success: 204,
                  scopeMessage: "Insufficient scope, expected any of: update:users,create:role_members", documentsClientNotGlobal: true),
            .init(method: "DELETE", target: "/api/v2/users/\(alice)/roles", body: #"{"roles":["\#(Acme.reportReader)"]}"#, success: 204,
                  scopeMessage: "Insufficient scope, expected any of: update:users,delete:role_members", documentsClientNotGlobal: true),
            .init(method: "GET", target: "/api/v2/organizations/\(Acme.east)/members/\(alice)/roles", body: nil, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: read:organization_member_roles", documentsClientNotGlobal: true),
            .init(method: "POST", target: "/api/v2/organizations/\(Acme.east)/members/\(alice)/roles",
                  body: #"{"roles":["\#(Acme.orgViewer)"]}"#, success: 204,
                  scopeMessage: "Insufficient scope, expected any of: create:organization_member_roles", documentsClientNotGlobal: true),
            .init(method: "DELETE", target: "/api/v2/organizations/\(Acme.east)/members/\(alice)/roles",
                  body: #"{"roles":["\#(Acme.orgViewer)"]}"#, success: 204,
                  scopeMessage: "Insufficient scope, expected any of: delete:organization_member_roles", documentsClientNotGlobal: true),
            .init(method: "GET", target: "/api/v2/users/\(alice)", body: nil, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: read:users,read:current_user,read:user_idp_tokens",
                  documentsClientNotGlobal: true),
            .init(method: "GET", target: "/api/v2/roles", body: nil, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: read:roles", documentsClientNotGlobal: false),
            .init(method: "GET", target: "/api/v2/roles/\(Acme.reportEditor)/permissions", body: nil, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: read:roles", documentsClientNotGlobal: false),
            .init(method: "GET", target: "/api/v2/organizations/\(Acme.east)/members", body: nil, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: read:organization_members,read:organization_member_roles",
                  documentsClientNotGlobal: true),
            .init(method: "POST", target: "/api/v2/roles", body: #"{"name":"Auditor","description":"Audits"}"#, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: create:roles", documentsClientNotGlobal: false),
            .init(method: "GET", target: "/api/v2/roles/\(Acme.reportEditor)", body: nil, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: read:roles", documentsClientNotGlobal: false),
            .init(method: "PATCH", target: "/api/v2/roles/\(Acme.reportEditor)", body: #"{"description":"Edits"}"#, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: update:roles", documentsClientNotGlobal: false),
            .init(method: "DELETE", target: "/api/v2/roles/\(Acme.reportEditor)", body: nil, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: delete:roles", documentsClientNotGlobal: false),
            .init(method: "POST", target: "/api/v2/roles/\(Acme.reportReader)/permissions", body: perms, success: 201,
                  scopeMessage: "Insufficient scope, expected any of: update:roles", documentsClientNotGlobal: false),
            .init(method: "DELETE", target: "/api/v2/roles/\(Acme.reportEditor)/permissions", body: perms, success: 204,
                  scopeMessage: "Insufficient scope, expected any of: update:roles", documentsClientNotGlobal: false),
            .init(method: "GET", target: "/api/v2/roles/\(Acme.reportEditor)/users", body: nil, success: 200,
                  scopeMessage: "Insufficient scope, expected all of: read:users,read:roles", documentsClientNotGlobal: false),
            .init(method: "POST", target: "/api/v2/roles/\(Acme.reportReader)/users", body: #"{"users":["\#(Acme.bob)"]}"#, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: update:roles,create:role_members", documentsClientNotGlobal: false),
            .init(method: "GET", target: "/api/v2/users", body: nil, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: read:users", documentsClientNotGlobal: true),
            .init(method: "POST", target: "/api/v2/users",
                  body: #"{"connection":"Username-Password-Authentication","email":"erin@acme.test","password":"correct horse"}"#, success: 201,
                  scopeMessage: "Insufficient scope, expected any of: create:users", documentsClientNotGlobal: true),
            .init(method: "GET", target: "/api/v2/users-by-email?email=alice%40acme.test", body: nil, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: read:users", documentsClientNotGlobal: true),
            .init(method: "PATCH", target: "/api/v2/users/\(alice)", body: #"{"nickname":"al"}"#, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: update:users,update:users_app_metadata,update:current_user_metadata",
                  documentsClientNotGlobal: true),
            .init(method: "DELETE", target: "/api/v2/users/\(alice)", body: nil, success: 204,
                  scopeMessage: "Insufficient scope, expected any of: delete:users,delete:current_user", documentsClientNotGlobal: true),
            .init(method: "GET", target: "/api/v2/organizations", body: nil, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: read:organizations,read:organizations_summary", documentsClientNotGlobal: true),
            .init(method: "POST", target: "/api/v2/organizations", body: #"{"name":"acme-north"}"#, success: 201,
                  scopeMessage: "Insufficient scope, expected any of: create:organizations,create:organization_connections",
                  documentsClientNotGlobal: true),
            .init(method: "GET", target: "/api/v2/organizations/\(Acme.east)", body: nil, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: read:organizations,read:organizations_summary", documentsClientNotGlobal: true),
            .init(method: "GET", target: "/api/v2/organizations/name/acme-east", body: nil, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: read:organizations", documentsClientNotGlobal: true),
            .init(method: "PATCH", target: "/api/v2/organizations/\(Acme.east)", body: #"{"display_name":"Acme East Coast"}"#, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: update:organizations", documentsClientNotGlobal: true),
            .init(method: "DELETE", target: "/api/v2/organizations/\(Acme.east)", body: nil, success: 204,
                  scopeMessage: "Insufficient scope, expected any of: delete:organizations", documentsClientNotGlobal: true),
            .init(method: "POST", target: "/api/v2/organizations/\(Acme.east)/members", body: #"{"members":["\#(Acme.carol)"]}"#, success: 204,
                  scopeMessage: "Insufficient scope, expected any of: create:organization_members", documentsClientNotGlobal: true),
            .init(method: "DELETE", target: "/api/v2/organizations/\(Acme.east)/members", body: #"{"members":["\#(Acme.bob)"]}"#, success: 204,
                  scopeMessage: "Insufficient scope, expected any of: delete:organization_members", documentsClientNotGlobal: true),
            .init(method: "GET", target: "/api/v2/users/\(alice)/organizations", body: nil, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: read:users,read:organizations", documentsClientNotGlobal: true),
            .init(method: "GET", target: "/api/v2/organizations/\(Acme.east)/enabled_connections", body: nil, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: read:organization_connections", documentsClientNotGlobal: true),
            .init(method: "POST", target: "/api/v2/organizations/\(Acme.east)/enabled_connections",
                  body: #"{"connection_id":"con_AcmeSso0Entra01","assign_membership_on_login":true}"#, success: 201,
                  scopeMessage: "Insufficient scope, expected any of: create:organization_connections", documentsClientNotGlobal: true),
            .init(method: "GET", target: "/api/v2/organizations/\(Acme.east)/enabled_connections/con_AcmeDb0Users0001", body: nil, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: read:organization_connections", documentsClientNotGlobal: true),
            .init(method: "PATCH", target: "/api/v2/organizations/\(Acme.east)/enabled_connections/con_AcmeDb0Users0001",
                  body: #"{"assign_membership_on_login":true}"#, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: update:organization_connections", documentsClientNotGlobal: true),
            .init(method: "DELETE", target: "/api/v2/organizations/\(Acme.east)/enabled_connections/con_AcmeDb0Users0001", body: nil, success: 204,
                  scopeMessage: "Insufficient scope, expected any of: delete:organization_connections", documentsClientNotGlobal: true),
            .init(method: "GET", target: "/api/v2/connections", body: nil, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: read:connections", documentsClientNotGlobal: true),
            .init(method: "GET", target: "/api/v2/connections/con_AcmeDb0Users0001", body: nil, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: read:connections", documentsClientNotGlobal: true),
            .init(method: "GET", target: "/api/v2/organizations/\(Acme.east)/client-grants", body: nil, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: read:organization_client_grants", documentsClientNotGlobal: true),
            .init(method: "POST", target: "/api/v2/organizations/\(Acme.east)/client-grants", body: #"{"grant_id":"\#(Acme.reportsGrant)"}"#,
                  success: 201, scopeMessage: "Insufficient scope, expected any of: create:organization_client_grants", documentsClientNotGlobal: true),
            .init(method: "DELETE", target: "/api/v2/organizations/\(Acme.east)/client-grants/\(Acme.reportsGrant)", body: nil, success: 204,
                  scopeMessage: "Insufficient scope, expected any of: delete:organization_client_grants", documentsClientNotGlobal: true),
            .init(method: "GET", target: "/api/v2/organizations/\(Acme.east)/invitations", body: nil, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: read:organization_invitations", documentsClientNotGlobal: true),
            .init(method: "POST", target: "/api/v2/organizations/\(Acme.east)/invitations",
                  body: #"{"inviter":{"name":"Alice"},"invitee":{"email":"zoe@acme.test"},"client_id":"\#(Acme.storefrontClient)"}"#, success: 201,
                  scopeMessage: "Insufficient scope, expected any of: create:organization_invitations", documentsClientNotGlobal: true),
            .init(method: "GET", target: "/api/v2/organizations/\(Acme.east)/invitations/uinv_AcmeEastInvite01", body: nil, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: read:organization_invitations", documentsClientNotGlobal: true),
            .init(method: "DELETE", target: "/api/v2/organizations/\(Acme.east)/invitations/uinv_AcmeEastInvite01", body: nil, success: 204,
                  scopeMessage: "Insufficient scope, expected any of: delete:organization_invitations", documentsClientNotGlobal: true),
            .init(method: "GET", target: "/api/v2/organizations/\(Acme.east)/connections", body: nil, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: read:organization_connections", documentsClientNotGlobal: true),
            .init(method: "POST", target: "/api/v2/organizations/\(Acme.east)/connections",
                  body: #"{"connection_id":"con_AcmeSso0Entra01","is_enabled":true}"#, success: 201,
                  scopeMessage: "Insufficient scope, expected any of: create:organization_connections", documentsClientNotGlobal: true),
            .init(method: "GET", target: "/api/v2/organizations/\(Acme.east)/connections/con_AcmeDb0Users0001", body: nil, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: read:organization_connections", documentsClientNotGlobal: true),
            .init(method: "PATCH", target: "/api/v2/organizations/\(Acme.east)/connections/con_AcmeDb0Users0001",
                  body: #"{"organization_access_level":"readonly"}"#, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: update:organization_connections", documentsClientNotGlobal: true),
            .init(method: "DELETE", target: "/api/v2/organizations/\(Acme.east)/connections/con_AcmeDb0Users0001", body: nil, success: 204,
                  scopeMessage: "Insufficient scope, expected any of: delete:organization_connections", documentsClientNotGlobal: true),
            .init(method: "GET", target: "/api/v2/clients", body: nil, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: read:clients,read:client_keys,read:client_credentials,read:client_summary",
                  documentsClientNotGlobal: true),
            .init(method: "POST", target: "/api/v2/clients", body: #"{"name":"Acme Worker"}"#, success: 201,
                  scopeMessage: "Insufficient scope, expected any of: create:clients", documentsClientNotGlobal: true),
            .init(method: "GET", target: "/api/v2/clients/\(Acme.storefrontClient)", body: nil, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: read:clients,read:client_keys,read:client_credentials,read:client_summary",
                  documentsClientNotGlobal: true),
            .init(method: "PATCH", target: "/api/v2/clients/\(Acme.storefrontClient)", body: #"{"description":"Shop"}"#, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: update:clients,update:client_keys,update:client_credentials",
                  documentsClientNotGlobal: true),
            .init(method: "DELETE", target: "/api/v2/clients/\(Acme.storefrontClient)", body: nil, success: 204,
                  scopeMessage: "Insufficient scope, expected any of: delete:clients", documentsClientNotGlobal: true),
            .init(method: "GET", target: "/api/v2/client-grants", body: nil, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: read:client_grants", documentsClientNotGlobal: true),
            .init(method: "POST", target: "/api/v2/client-grants",
                  body: #"{"client_id":"\#(Acme.storefrontClient)","audience":"\#(Acme.billingAPI)","scope":["read:invoices"]}"#, success: 201,
                  scopeMessage: "Insufficient scope, expected any of: create:client_grants", documentsClientNotGlobal: true),
            .init(method: "GET", target: "/api/v2/client-grants/\(Acme.reportsGrant)", body: nil, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: read:client_grants", documentsClientNotGlobal: true),
            .init(method: "PATCH", target: "/api/v2/client-grants/\(Acme.reportsGrant)", body: #"{"scope":["read:reports"]}"#, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: update:client_grants", documentsClientNotGlobal: true),
            .init(method: "DELETE", target: "/api/v2/client-grants/\(Acme.reportsGrant)", body: nil, success: 204,
                  scopeMessage: "Insufficient scope, expected any of: delete:client_grants", documentsClientNotGlobal: true),
            .init(method: "GET", target: "/api/v2/resource-servers", body: nil, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: read:resource_servers", documentsClientNotGlobal: true),
            .init(method: "POST", target: "/api/v2/resource-servers", body: #"{"identifier":"https://new.acme.test/"}"#, success: 201,
                  scopeMessage: "Insufficient scope, expected any of: create:resource_servers", documentsClientNotGlobal: true),
            .init(method: "GET", target: "/api/v2/resource-servers/\(Acme.reportsServerID)", body: nil, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: read:resource_servers", documentsClientNotGlobal: true),
            .init(method: "PATCH", target: "/api/v2/resource-servers/\(Acme.reportsServerID)", body: #"{"name":"Reports"}"#, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: update:resource_servers", documentsClientNotGlobal: true),
            .init(method: "DELETE", target: "/api/v2/resource-servers/\(Acme.reportsServerID)", body: nil, success: 204,
                  scopeMessage: "Insufficient scope, expected any of: delete:resource_servers", documentsClientNotGlobal: true),
        ]
    }
}

// MARK: Real sockets

/// The default fixtures served over HTTP on 127.0.0.1, on a port the OS picks.
final class Auth0LiveSandbox {
    let sandbox: Auth0Sandbox
    let server: HTTPServer
    let port: Int

    init() throws {
        let sandbox = try Auth0Sandbox()
        var configuration = HTTPServerConfiguration(host: "127.0.0.1", port: 0)
        configuration.eventLoopCount = 1
        server = HTTPServer(configuration: configuration) { sandbox.emulator.handle($0) }
        port = try server.start()
        self.sandbox = sandbox
    }

    var base: String { "http://127.0.0.1:\(port)" }

    func stop() {
        server.shutdown()
        server.waitUntilStopped()
    }
}

/// Runs `executable` from PATH; returns its status and standard output (read before waiting),
/// with its standard error too when `includingErrors` (a script's failure message).
func runProcess(_ executable: String, _ arguments: [String], includingErrors: Bool = false) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [executable] + arguments
    let out = Pipe()
    process.standardOutput = out
    process.standardError = includingErrors ? out : FileHandle.nullDevice
    try process.run()
    let output = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: output, as: UTF8.self))
}

/// Whether `executable` is on PATH.
func isInstalled(_ executable: String) -> Bool {
    (try? runProcess("sh", ["-c", "command -v \(executable)"]).status) == 0
}

/// An HTTP/1.1 response as `curl -i` prints it: status, headers (case-insensitive), body.
struct CurlResponse {
    var status: Int
    var headers: HTTPHeaders
    var body: String

    init(_ output: String) {
        let parts = output.components(separatedBy: "\r\n\r\n")
        let head = parts[0].components(separatedBy: "\r\n")
        status = Int(head[0].split(separator: " ")[1]) ?? 0
        headers = HTTPHeaders(head.dropFirst().compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (name: String(line[..<colon]), value: String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
        })
        body = parts.dropFirst().joined(separator: "\r\n\r\n")
    }
}

/// Runs `python3 -c script arguments…`; its output and error together (the error says which step failed).
func runPython(_ script: String, arguments: [String]) throws -> (status: Int32, output: String) {
    try runProcess("python3", ["-c", script] + arguments, includingErrors: true)
}
