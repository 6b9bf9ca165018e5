import Foundation
import TenantMock
import XCTest

/// `POST /oauth/token`, client credentials (auth0-research §2.5).
final class TokenEndpointTests: XCTestCase {
    private func requestToken(_ sandbox: Auth0Sandbox, json body: String, tenant: String? = nil) -> HTTPResponse {
        let prefix = tenant.map { "/tenants/\($0)" } ?? ""
        return sandbox.send("POST", prefix + "/oauth/token", json: body)
    }

    private func assertOAuthError(_ response: HTTPResponse, _ status: Int, _ error: String, _ description: String,
                                  file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(response.status, status, response.bodyText, file: file, line: line)
        XCTAssertEqual(response.jsonBody, ["error": .string(error), "error_description": .string(description)], file: file, line: line)
        XCTAssertEqual(response.headers["Content-Type"], "application/json", file: file, line: line)
    }

    /// auth0-python's `GetToken.client_credentials` body (JSON with `"organization": null`).
    func testJSONClientCredentialsIssueAWorkingToken() throws {
        let sandbox = try Auth0Sandbox()
        sandbox.tenant().clock.freeze(at: 1_800_000_000)
        let response = requestToken(sandbox, json: """
            {"client_id":"\(Acme.backendClient)","audience":"\(Acme.audience)","grant_type":"client_credentials",
             "organization":null,"client_secret":"\(Acme.backendSecret)"}
            """)
        XCTAssertEqual(response.status, 200, response.bodyText)
        XCTAssertEqual(response.headers["Content-Type"], "application/json")
        XCTAssertEqual(response.headers["Cache-Control"], "no-store")
        let body = try XCTUnwrap(response.jsonBody?.objectValue)
        XCTAssertEqual(body.keys, ["access_token", "expires_in", "scope", "token_type"])
        XCTAssertEqual(body["token_type"], "Bearer")
        XCTAssertEqual(body["expires_in"], 86_400)
        let scope = "read:users update:users create:users delete:users read:roles create:roles update:roles delete:roles read:resource_servers create:resource_servers update:resource_servers delete:resource_servers read:clients read:client_keys create:clients update:clients delete:clients read:client_grants create:client_grants update:client_grants delete:client_grants read:role_members create:role_members delete:role_members read:organizations create:organizations update:organizations delete:organizations read:connections read:organization_connections create:organization_connections update:organization_connections delete:organization_connections read:organization_client_grants create:organization_client_grants delete:organization_client_grants read:organization_invitations create:organization_invitations delete:organization_invitations read:organization_members create:organization_members delete:organization_members read:organization_member_roles create:organization_member_roles delete:organization_member_roles"
        XCTAssertEqual(body["scope"], .string(scope))
        let token = try XCTUnwrap(body["access_token"]?.stringValue)
        let claims = try XCTUnwrap(Base64URL.decode(token.split(separator: ".")[1]).flatMap { try? JSONParser().parse($0) })
        XCTAssertEqual(claims, [
            "iss": "https://acme.localhost/", "sub": .string("\(Acme.backendClient)@clients"), "aud": "https://acme.localhost/api/v2/",
            "iat": 1_800_000_000, "exp": 1_800_086_400, "scope": .string(scope), "gty": "client-credentials",
            "azp": .string(Acme.backendClient),
        ])
        assertManagement(sandbox.send("GET", "/api/v2/users/\(enc(Acme.alice))/roles", token: token), 200, [role(Acme.reportEditor)])
    }

    /// A form body (auth0-python's `TokenProvider`, go-auth0), and a narrower `scope`.
    func testFormClientCredentialsWithRequestedScope() throws {
        let sandbox = try Auth0Sandbox()
        let form = "grant_type=client_credentials&client_id=\(Acme.backendClient)&client_secret=\(Acme.backendSecret)"
            + "&audience=\(FormURLEncoding.percentEncode(Acme.audience))&scope=read%3Aroles"
        let response = sandbox.send("POST", "/oauth/token", json: form, headers: ["Content-Type": "application/x-www-form-urlencoded"])
        XCTAssertEqual(response.status, 200, response.bodyText)
        XCTAssertEqual(response.jsonBody?["scope"], "read:roles")
        let token = try XCTUnwrap(response.jsonBody?["access_token"]?.stringValue)
        XCTAssertEqual(sandbox.send("GET", "/api/v2/roles", token: token).status, 200)
        assertManagement(sandbox.send("GET", "/api/v2/users/\(enc(Acme.alice))/permissions", token: token), 403,
                         errorBody(403, "Insufficient scope, expected any of: read:users", errorCode: "insufficient_scope"))
    }

    func testHTTPBasicClientAuthentication() throws {
        let sandbox = try Auth0Sandbox()
        let basic = Data("\(Acme.readOnlyClient):\(Acme.readOnlySecret)".utf8).base64EncodedString()
        let response = sandbox.send("POST", "/oauth/token", json: #"{"grant_type":"client_credentials","audience":"\#(Acme.audience)"}"#,
                                    headers: ["Authorization": "Basic \(basic)"])
        XCTAssertEqual(response.status, 200, response.bodyText)
        XCTAssertEqual(response.jsonBody?["scope"], "read:users read:roles read:resource_servers read:clients read:client_grants read:connections read:organization_connections read:organization_client_grants read:organization_invitations read:role_members read:organizations read:organization_members read:organization_member_roles")
    }

    func testErrors() throws {
        let sandbox = try Auth0Sandbox()
        let good = "\"client_id\":\"\(Acme.backendClient)\",\"client_secret\":\"\(Acme.backendSecret)\""
        assertOAuthError(requestToken(sandbox, json: "{\(good),\"audience\":\"\(Acme.audience)\"}"), 400, "invalid_request",
                         "Missing required parameter: grant_type")
        assertOAuthError(requestToken(sandbox, json: "{\(good),\"grant_type\":\"password\",\"audience\":\"\(Acme.audience)\"}"), 400,
                         "unsupported_grant_type", "Unsupported grant type: password")
        assertOAuthError(requestToken(sandbox, json: """
            {"grant_type":"client_credentials","client_id":"\(Acme.backendClient)","client_secret":"wrong","audience":"\(Acme.audience)"}
            """), 401, "access_denied", "Unauthorized")
        assertOAuthError(requestToken(sandbox, json: """
            {"grant_type":"client_credentials","client_id":"nobody","client_secret":"x","audience":"\(Acme.audience)"}
            """), 401, "access_denied", "Unauthorized")
        assertOAuthError(requestToken(sandbox, json: "{\(good),\"grant_type\":\"client_credentials\"}"), 403, "access_denied",
                         "No audience parameter was provided, and no default audience has been configured")
        assertOAuthError(requestToken(sandbox, json: "{\(good),\"grant_type\":\"client_credentials\",\"audience\":\"https://sample.api.com\"}"),
                         403, "access_denied", "Service not enabled within domain: https://sample.api.com")
        // Another tenant's Management API is not a service of this one.
        assertOAuthError(requestToken(sandbox, json: "{\(good),\"grant_type\":\"client_credentials\",\"audience\":\"https://globex.localhost/api/v2/\"}"),
                         403, "access_denied", "Service not enabled within domain: https://globex.localhost/api/v2/")
        assertOAuthError(requestToken(sandbox, json: """
            {"grant_type":"client_credentials","client_id":"\(Acme.storefrontClient)","client_secret":"\(Acme.storefrontSecret)","audience":"\(Acme.audience)"}
            """), 403, "access_denied",
            "Client is not authorized to access \"https://acme.localhost/api/v2/\". You need to create a \"client-grant\" associated to this API. See: https://auth0.com/docs/api/v2#!/Client_Grants/post_client_grants")
        assertOAuthError(requestToken(sandbox, json: """
            {"grant_type":"client_credentials","client_id":"\(Acme.readOnlyClient)","client_secret":"\(Acme.readOnlySecret)","audience":"\(Acme.audience)","scope":"read:users update:users"}
            """), 403, "access_denied", "Client has not been granted scopes: update:users")
        assertOAuthError(requestToken(sandbox, json: "{"), 400, "invalid_request", "Invalid request payload JSON format")
    }

    /// The acme client's credentials are unknown to globex.
    func testClientOfAnotherTenantIsUnauthorized() throws {
        let sandbox = try Auth0Sandbox()
        assertOAuthError(requestToken(sandbox, json: """
            {"grant_type":"client_credentials","client_id":"\(Acme.backendClient)","client_secret":"\(Acme.backendSecret)","audience":"https://globex.localhost/api/v2/"}
            """, tenant: "globex"), 401, "access_denied", "Unauthorized")
    }

    /// A non-global client gets a token; the Management API refuses it where documented.
    func testNonGlobalClientTokenIsRefusedByTheAPI() throws {
        let sandbox = try Auth0Sandbox()
        let response = requestToken(sandbox, json: """
            {"grant_type":"client_credentials","client_id":"\(Acme.legacyClient)","client_secret":"\(Acme.legacySecret)","audience":"\(Acme.audience)"}
            """)
        let token = try XCTUnwrap(response.jsonBody?["access_token"]?.stringValue)
        assertManagement(sandbox.send("GET", "/api/v2/users/\(enc(Acme.alice))/roles", token: token), 401,
                         errorBody(401, "Client is not global.", attributes: true))
    }

    func testOrganizationClaims() throws {
        let sandbox = try Auth0Sandbox()
        let response = requestToken(sandbox, json: """
            {"grant_type":"client_credentials","client_id":"\(Acme.backendClient)","client_secret":"\(Acme.backendSecret)","audience":"\(Acme.audience)","organization":"acme-east"}
            """)
        let token = try XCTUnwrap(response.jsonBody?["access_token"]?.stringValue)
        let claims = Base64URL.decode(token.split(separator: ".")[1]).flatMap { try? JSONParser().parse($0) }
        XCTAssertEqual(claims?["org_id"], .string(Acme.east))
        XCTAssertEqual(claims?["org_name"], "acme-east")
    }
}
