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
        // Scanned as UTF-8 bytes: tokens are long, and Character iteration is slow.
        var rest = header.utf8[...]
        while rest.first == 0x20 { rest = rest.dropFirst() }
        let schemeEnd = rest.firstIndex(of: 0x20) ?? rest.endIndex
        // hapi answers a request without a bearer credential as unauthenticated (inferred).
        guard Substring(rest[..<schemeEnd]).equalsIgnoringASCIICase("Bearer") else { throw .missingAuthentication }
        rest = rest[schemeEnd...]
        while rest.first == 0x20 { rest = rest.dropFirst() }
        // An opaque string (not three dot-separated parts) is a 400, recorded.
        var dots = 0
        for byte in rest {
            if byte == 0x2E { dots += 1 } else if byte == 0x20 { throw .badAuthorizationHeader }
        }
        guard !rest.isEmpty, dots == 2 else { throw .badAuthorizationHeader }
        let token = String(Substring(rest))

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
        if case .string(let s)? = claims["scope"] {
            scopes = Set(s.utf8.split(separator: 0x20).map { String(decoding: $0, as: UTF8.self) })
        }
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
