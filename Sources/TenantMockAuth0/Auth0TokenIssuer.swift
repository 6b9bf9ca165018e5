import TenantMockCore

/// Mints the tenant's Management API access tokens and derives its signing key.
///
/// Tokens carry Auth0's client-credentials claims (docs-v2
/// `get-management-api-access-tokens-for-production.mdx`, `using-tokens.mdx`):
/// `iss` `https://{domain}/`, `sub` `{client_id}@clients`, `aud`
/// `https://{domain}/api/v2/`, `iat`, `exp`, `scope` (space-separated), `gty`
/// `client-credentials`, `azp`. Auth0 signs RS256; the emulator signs HS256 with
/// a per-tenant key, which a client that only forwards the token cannot tell.
enum Auth0TokenIssuer {
    /// `expires_in` of `/oauth/token` (Auth0's default Management API token lifetime, 24 h).
    static let lifetime = 86_400

    /// The tenant's HS256 key: HMAC-SHA-256 of the tenant id under the fixture's seed,
    /// so two tenants made from one fixture never accept each other's tokens.
    static func signingKey(seed: String, tenant: String) -> [UInt8] {
        HMACSHA256.authenticationCode(for: Array("auth0-management-token:\(tenant)".utf8), key: Array(seed.utf8))
    }

    /// A signed token for `clientID` with `scopes`, valid from `issuedAt` to `expiresAt`, for
    /// `audience` (the tenant's Management API unless another of its APIs is named).
    static func token(in state: Auth0State, clientID: String, scopes: [String], issuedAt: Int, expiresAt: Int,
                      organization: Auth0Organization? = nil, audience: String? = nil) -> String {
        var claims: JSONObject = [
            "iss": .string(state.issuer),
            "sub": .string("\(clientID)@clients"),
            "aud": .string(audience ?? state.managementAudience),
            "iat": .int(issuedAt),
            "exp": .int(expiresAt),
            "scope": .string(scopes.joined(separator: " ")),
            "gty": "client-credentials",
            "azp": .string(clientID),
        ]
        if let organization {
            claims["org_id"] = .string(organization.id)
            claims["org_name"] = .string(organization.name)
        }
        return HS256JWT.sign(claims: claims, key: state.signingKey)
    }

    /// Fills in the per-tenant parts of a fixture state: domain, key, static tokens.
    static func prepare(_ state: inout Auth0State, tenant: String) {
        state.domain = state.domainTemplate.replacingOccurrences(of: "{tenant}", with: tenant)
        state.signingKey = signingKey(seed: state.signingSeed, tenant: tenant)
    }
}
