import TenantMockCore
#if canImport(Glibc)
import Glibc
#endif

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
        let token: Substring
        switch BearerCredential.read(header) {
        case .absent: throw .missingAuthentication
        case .malformed: throw .badAuthorizationHeader
        case .token(let text): token = text
        }
        let claims: ManagementTokenClaims
        do throws(HS256JWT.Failure) {
            claims = try cache.value(for: token, key: trust.signingKey, derive: ManagementTokenClaims.init)
        } catch .badSignature {
            // Decode without trusting it only to tell "not ours" from "tampered".
            guard let unverified = try? HS256JWT.decodeUnverified(String(token)),
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

/// The credential of an `Authorization` header as hapi's bearer scheme reads it.
enum BearerCredential: Equatable {
    /// No `Bearer` scheme: hapi answers as unauthenticated (inferred).
    case absent
    /// Not three dot-separated parts, or a space inside: a 400 (recorded).
    case malformed
    /// The token, a slice of the header (no copy of a kilobyte-long token on every request).
    case token(Substring)

    /// Reads `header`: spaces, `Bearer` (any case), spaces, then the token.
    /// Scanned as contiguous UTF-8 bytes: tokens run to a kilobyte.
    static func read(_ header: String) -> BearerCredential {
        var header = header
        // The token's byte offset, or the answer when there is no token.
        let found = header.withUTF8 { bytes -> Result<Int, BearerFailure> in
            var i = 0
            while i < bytes.count && bytes[i] == 0x20 { i += 1 }
            let schemeStart = i
            while i < bytes.count && bytes[i] != 0x20 { i += 1 }
            let scheme = UnsafeBufferPointer(rebasing: bytes[schemeStart..<i])
            guard scheme.count == 6 else { return .failure(.absent) }
            let isBearer = ("bearer" as StaticString).withUTF8Buffer { expected in
                (0..<6).allSatisfy { scheme[$0] | 0x20 == expected[$0] }
            }
            guard isBearer else { return .failure(.absent) }
            while i < bytes.count && bytes[i] == 0x20 { i += 1 }
            let token = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[i...])
            guard !token.isEmpty, memchr(token.baseAddress!, 0x20, token.count) == nil else { return .failure(.malformed) }
            // Exactly two dots.
            var dots = 0
            var rest = token
            while dots < 3, let dot = memchr(rest.baseAddress!, 0x2E, rest.count) {
                dots += 1
                let next = rest.baseAddress!.distance(to: UnsafeRawPointer(dot)) + 1
                rest = UnsafeRawBufferPointer(rebasing: rest[next...])
                if rest.isEmpty { break }
            }
            guard dots == 2 else { return .failure(.malformed) }
            return .success(i)
        }
        switch found {
        case .success(let offset):
            let utf8 = header.utf8
            return .token(Substring(utf8[utf8.index(utf8.startIndex, offsetBy: offset)...]))
        case .failure(.absent): return .absent
        case .failure(.malformed): return .malformed
        }
    }
}

/// Why a header holds no bearer token (see ``BearerCredential``).
private enum BearerFailure: Error {
    case absent, malformed
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
