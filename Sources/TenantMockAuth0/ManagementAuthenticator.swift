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
    let cache: VerifiedTokenCache<ManagementTokenClaims>

    func authenticate(_ request: HTTPRequest, trust: ManagementTrust, now: Double) throws(Auth0Error) -> AuthenticatedClient {
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

        let claims: ManagementTokenClaims
        do throws(HS256JWT.Failure) {
            claims = try cache.value(for: token, key: trust.signingKey, derive: ManagementTokenClaims.init)
        } catch .badSignature {
            // Decode without trusting it only to tell "not ours" from "tampered".
            guard let unverified = try? HS256JWT.decodeUnverified(token),
                  ManagementTokenClaims(unverified).isForTenant(trust) else {
                throw .invalidToken
            }
            throw .invalidSignature
        } catch {
            throw .invalidToken
        }
        guard claims.isForTenant(trust) else { throw .invalidToken }
        guard let exp = claims.expiry else { throw .invalidToken }
        guard exp > now else { throw .expiredToken }
        guard let clientID = claims.authorizedParty, claims.subjectIsClient,
              let client = trust.clients[clientID]
        else { throw .invalidToken }
        return AuthenticatedClient(clientID: clientID, scopes: claims.scopes, isGlobal: client.isGlobal)
    }
}

/// What authentication needs of a tenant's state. It is copied out under the
/// tenant's lock (a few references), so the token work runs outside the lock.
struct ManagementTrust: Sendable {
    let signingKey: [UInt8]
    let issuer: String
    let managementAudience: String
    let clients: [String: Auth0Client]

    init(_ state: Auth0State) {
        signingKey = state.signingKey
        issuer = state.issuer
        managementAudience = state.managementAudience
        clients = state.clients
    }
}

/// What the authenticator reads from a token's claims, read once per token and
/// kept in the verified-token cache.
struct ManagementTokenClaims: Sendable {
    var issuer: String?
    /// `aud`, a string or an array (its string members).
    var audiences: [String]
    /// `exp`, when it is a number.
    var expiry: Double?
    var authorizedParty: String?
    var subject: String?
    /// `sub` is `azp` + `@clients`: the token was issued to a client (client credentials).
    var subjectIsClient: Bool
    /// `scope`, split on spaces.
    var scopes: Set<String>

    init(_ token: HS256JWT.Verified) {
        let claims = token.claims
        issuer = claims["iss"]?.stringValue
        switch claims["aud"] {
        case .string(let aud)?: audiences = [aud]
        case .array(let auds)?: audiences = auds.compactMap(\.stringValue)
        default: audiences = []
        }
        if case .number(let exp)? = claims["exp"] { expiry = exp.doubleValue } else { expiry = nil }
        authorizedParty = claims["azp"]?.stringValue
        let subject = claims["sub"]?.stringValue
        self.subject = subject
        subjectIsClient = authorizedParty.map { subject == $0 + "@clients" } ?? false
        if case .string(let s)? = claims["scope"] {
            scopes = Set(s.utf8.split(separator: 0x20).map { String(decoding: $0, as: UTF8.self) })
        } else {
            scopes = []
        }
    }

    /// `iss` is this tenant and `aud` names its Management API.
    func isForTenant(_ trust: ManagementTrust) -> Bool {
        issuer == trust.issuer && audiences.contains(trust.managementAudience)
    }
}
