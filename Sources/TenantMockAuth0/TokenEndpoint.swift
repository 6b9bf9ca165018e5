import Foundation
import TenantMockCore

/// `POST /oauth/token`, the client-credentials grant (auth0/docs-v2
/// `main/docs/oas/authentication/authentication-api-oas.json`; go-auth0 v1.45.0
/// `test/data/recordings/authentication/TestLoginWithClientCredentials/Should_return_tokens.yaml`).
///
/// Accepts JSON (auth0-python's `GetToken` sends it, with `"organization": null`) or a
/// form (its `TokenProvider`, go-auth0), and client authentication in the body or
/// by HTTP Basic (RFC 6749 §2.3.1). Errors use the OAuth shape `{"error",
/// "error_description"}`, with the recorded wordings where they exist.
enum TokenEndpoint {
    /// Every `/oauth/token` answer's type, without a charset (all recorded answers, e.g. go-auth0
    /// v1.45.0 `test/data/recordings/authentication/TestLoginWithClientCredentials/Should_return_tokens.yaml`).
    static let contentType = "application/json"

    static var operation: Auth0Operation {
        Auth0Operation(
            method: "POST", path: "/oauth/token", operationID: "post_token", summary: "Client-credentials token",
            kind: .authentication { context in
                do throws(OAuthError) {
                    return try issue(context)
                } catch {
                    return error.response
                }
            },
            pathParameters: [], query: [],
            body: .object([
                ("grant_type", .string(allowed: ["client_credentials"])), ("client_id", .string()), ("client_secret", .string()),
                ("audience", .string()), ("scope", .string()), ("organization", BodySchema.string().nullable),
            ], required: ["grant_type"], additionalProperties: true),
            success: .init(status: 200, description: "Access token issued.", schema: Auth0OpenAPI.ref("Token")),
            errors: [400, 401, 403])
    }

    static func issue(_ context: RequestContext<Auth0Dialect>) throws(OAuthError) -> HTTPResponse {
        let parsed: JSONValue
        do throws(Auth0Error) {
            parsed = try RequestBody.parse(context.request)
        } catch {
            throw OAuthError(status: 400, error: "invalid_request", description: error.message)
        }
        guard case .object(let body) = parsed else {
            throw OAuthError(status: 400, error: "invalid_request", description: "The request body must be a JSON object or a form.")
        }
        func field(_ name: String) -> String? { body[name]?.stringValue }

        // Inferred wordings for a missing or other grant type (RFC 6749 §5.2 codes).
        guard let grantType = field("grant_type") else {
            throw OAuthError(status: 400, error: "invalid_request", description: "Missing required parameter: grant_type")
        }
        guard grantType == "client_credentials" else {
            throw OAuthError(status: 400, error: "unsupported_grant_type", description: "Unsupported grant type: \(grantType)")
        }

        var clientID = field("client_id")
        var clientSecret = field("client_secret")
        if let basic = basicCredentials(context.request) { clientID = clientID ?? basic.id; clientSecret = clientSecret ?? basic.secret }
        let now = Int(context.tenant.clock.now())

        return try context.tenant.read { state in
            Result { () throws(OAuthError) -> HTTPResponse in
                // Recorded: 401 {"error":"access_denied","error_description":"Unauthorized"}.
                guard let clientID, let client = state.clients[clientID], let clientSecret,
                      ConstantTime.equals(Array(client.secret.utf8), Array(clientSecret.utf8))
                else { throw OAuthError(status: 401, error: "access_denied", description: "Unauthorized") }
                guard client.grantTypes.contains("client_credentials") else {
                    throw OAuthError(status: 403, error: "unauthorized_client",
                                     description: "Grant type 'client_credentials' not allowed for the client.",
                                     uri: "https://auth0.com/docs/clients/client-grant-types")
                }
                guard let audience = field("audience"), !audience.isEmpty else {
                    throw OAuthError(status: 403, error: "access_denied",
                                     description: "No audience parameter was provided, and no default audience has been configured")
                }
                guard audience == state.managementAudience || state.resourceServer(identifier: audience) != nil else {
                    throw OAuthError(status: 403, error: "access_denied", description: "Service not enabled within domain: \(audience)")
                }
                // The Management API's grant is the client's `managementScopes`; any other API's, a client grant.
                let grant = state.clientGrants.first { $0.clientID == client.id && $0.audience == audience }
                // `allow_all_scopes` grants every scope the API defines (inferred from the member's description).
                let granted = audience == state.managementAudience ? client.managementScopes
                    : grant.map { $0.allowsAllScopes ? (state.resourceServer(identifier: audience)?.scopes.map(\.value) ?? []) : $0.scope }
                guard let granted else {
                    throw OAuthError(status: 403, error: "access_denied", description:
                        "Client is not authorized to access \"\(audience)\". You need to create a \"client-grant\" associated to this API. See: https://auth0.com/docs/api/v2#!/Client_Grants/post_client_grants")
                }
                var scopes = granted
                if let requested = field("scope"), !requested.isEmpty {
                    let asked = requested.split(separator: " ").map(String.init)
                    let allowed = Set(granted)
                    let missing = asked.filter { !allowed.contains($0) }
                    if !missing.isEmpty {
                        throw OAuthError(status: 403, error: "access_denied",
                                         description: "Client has not been granted scopes: \(missing.joined(separator: ","))")
                    }
                    scopes = asked
                }
                var organization: Auth0Organization?
                if let org = field("organization") {
                    organization = state.organizations[org] ?? state.organizations.values.first { $0.name == org }
                    guard let found = organization else {
                        throw OAuthError(status: 400, error: "invalid_request", description: "Organization \(org) does not exist.")
                    }
                    // For one of the tenant's APIs the grant must be associated with the organization
                    // (Auth0's organization client grants; the refusal's wording is inferred).
                    if audience != state.managementAudience {
                        guard let grantID = grant?.id, found.clientGrantIDs.contains(grantID) else {
                            throw OAuthError(status: 403, error: "access_denied",
                                             description: "Client is not authorized to access \"\(audience)\" on behalf of organization \"\(found.id)\".")
                        }
                    }
                }
                let token = Auth0TokenIssuer.token(in: state, clientID: client.id, scopes: scopes, issuedAt: now,
                                                   expiresAt: now + Auth0TokenIssuer.lifetime, organization: organization,
                                                   audience: audience)
                var response = HTTPResponse.json(200, [
                    "access_token": .string(token),
                    "expires_in": .int(Auth0TokenIssuer.lifetime),
                    "scope": .string(scopes.joined(separator: " ")),
                    "token_type": "Bearer",
                ], contentType: contentType)
                response.headers["Cache-Control"] = "no-store"
                response.headers["Pragma"] = "no-cache"
                return response
            }
        }.get()
    }

    /// `Authorization: Basic base64(client_id:client_secret)`, if present and well-formed.
    static func basicCredentials(_ request: HTTPRequest) -> (id: String, secret: String)? {
        guard let header = request.headers["Authorization"], header.prefix(6).equalsIgnoringASCIICase("Basic "),
              let data = Data(base64Encoded: String(header.dropFirst(6)).trimmingSpaces()),
              let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else { return nil }
        let id = FormURLEncoding.percentDecode(text[..<colon], plusIsSpace: true) ?? String(text[..<colon])
        let secret = FormURLEncoding.percentDecode(text[text.index(after: colon)...], plusIsSpace: true) ?? String(text[text.index(after: colon)...])
        return (id, secret)
    }
}
