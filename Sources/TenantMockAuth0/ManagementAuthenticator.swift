import TenantMockCore

/// The caller of a Management API request, once its token is accepted.
struct AuthenticatedClient: Sendable {
    var clientID: String
    var scopes: Set<String>
    var isGlobal: Bool
}

/// Checks a Management API request's bearer token, answering each failure as Auth0 does.
///
/// Order: header present → a JWT at all (else 400) → decodable, HS256 → issued
/// by this tenant for this tenant's Management API (else "Invalid token", which is
/// what another tenant's token gets) → signature → expiry (on the tenant's clock)
/// → a known client. Scope and "Client is not global." are the route's checks.
struct ManagementAuthenticator {
    let cache: VerifiedTokenCache

    func authenticate(_ request: HTTPRequest, state: Auth0State, now: Double) throws(Auth0Error) -> AuthenticatedClient {
        guard let header = request.headers["Authorization"] else { throw .missingAuthentication }
        let trimmed = header.drop { $0 == " " }
        let scheme = trimmed.prefix { $0 != " " }
        // hapi answers a request without a bearer credential as unauthenticated (inferred).
        guard scheme.equalsIgnoringASCIICase("Bearer") else { throw .missingAuthentication }
        let token = String(trimmed.dropFirst(scheme.count).drop { $0 == " " })
        // An opaque string (not three dot-separated parts) is a 400, recorded.
        guard !token.isEmpty, token.split(separator: ".", omittingEmptySubsequences: false).count == 3,
              !token.contains(" ")
        else { throw .badAuthorizationHeader }

        let claims: JSONObject
        do throws(HS256JWT.Failure) {
            claims = try cache.verify(token, key: state.signingKey).claims
        } catch .badSignature {
            // Decode without trusting it only to tell "not ours" from "tampered".
            guard let unverified = try? HS256JWT.decodeUnverified(token), isForThisTenant(unverified.claims, state) else {
                throw .invalidToken
            }
            throw .invalidSignature
        } catch {
            throw .invalidToken
        }
        guard isForThisTenant(claims, state) else { throw .invalidToken }
        guard case .number(let exp)? = claims["exp"] else { throw .invalidToken }
        guard exp.doubleValue > now else { throw .expiredToken }
        guard case .string(let clientID)? = claims["azp"], claims["sub"] == .string("\(clientID)@clients"),
              let client = state.clients[clientID]
        else { throw .invalidToken }
        var scopes: Set<String> = []
        if case .string(let s)? = claims["scope"] { scopes = Set(s.split(separator: " ").map(String.init)) }
        return AuthenticatedClient(clientID: clientID, scopes: scopes, isGlobal: client.isGlobal)
    }

    /// `iss` is this tenant and `aud` (a string or an array) names its Management API.
    private func isForThisTenant(_ claims: JSONObject, _ state: Auth0State) -> Bool {
        guard claims["iss"] == .string(state.issuer) else { return false }
        switch claims["aud"] {
        case .string(let aud)?: return aud == state.managementAudience
        case .array(let auds)?: return auds.contains(.string(state.managementAudience))
        default: return false
        }
    }
}
