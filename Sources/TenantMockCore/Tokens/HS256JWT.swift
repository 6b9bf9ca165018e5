/// JSON Web Tokens signed with HMAC-SHA-256 (JWS compact serialization, RFC 7515;
/// `HS256`, RFC 7518 §3.2).
///
/// `sign(claims:key:)` issues a token; `verify(_:key:)` checks its structure, its
/// algorithm and its signature (compared in constant time) and returns the
/// claims. Claim policy (expiry, issuer, audience) is the caller's: vendors
/// answer each failure with their own words.
public enum HS256JWT {
    /// Why a token was refused.
    public enum Failure: Error, Sendable, Equatable {
        /// Not three base64url parts with a JSON object header and payload.
        case malformed
        /// The header names an algorithm other than `HS256`.
        case unsupportedAlgorithm(String)
        /// The signature does not match the header and payload under the key.
        case badSignature
    }

    /// A verified token's parts.
    public struct Verified: Sendable, Equatable {
        /// The protected header.
        public var header: JSONObject
        /// The claims set.
        public var claims: JSONObject
    }

    /// A signed token: header `{"alg":"HS256","typ":"JWT"}` and `claims`, serialized in member order.
    public static func sign(claims: JSONObject, key: some Collection<UInt8>) -> String {
        let header: JSONValue = ["alg": "HS256", "typ": "JWT"]
        let signingInput = Base64URL.encode(JSONSerializer.bytes(header)) + "." + Base64URL.encode(JSONSerializer.bytes(.object(claims)))
        return signingInput + "." + Base64URL.encode(HMACSHA256.authenticationCode(for: signingInput.utf8, key: key))
    }

    /// Whether `token` has the shape of a JWS compact serialization (three
    /// dot-separated base64url parts, a JSON object header) — as opposed to an
    /// opaque string.
    public static func looksLikeJWT(_ token: some StringProtocol) -> Bool {
        let parts = Self.parts(token)
        guard parts.count == 3, let header = Base64URL.decode(utf8: parts[0]) else { return false }
        return (try? JSONParser().parse(header))?.objectValue != nil
    }

    /// Decodes `token` without checking its signature: only for choosing how to
    /// word a refusal, never for trusting its claims.
    public static func decodeUnverified(_ token: some StringProtocol) throws(Failure) -> Verified {
        let parts = Self.parts(token)
        guard parts.count == 3,
              let headerBytes = Base64URL.decode(utf8: parts[0]),
              let payloadBytes = Base64URL.decode(utf8: parts[1]),
              case .object(let header)? = try? JSONParser().parse(headerBytes),
              case .object(let claims)? = try? JSONParser().parse(payloadBytes)
        else { throw .malformed }
        return Verified(header: header, claims: claims)
    }

    /// Decodes `token` and checks its HS256 signature under `key`.
    public static func verify(_ token: some StringProtocol, key: some Collection<UInt8>) throws(Failure) -> Verified {
        let parts = Self.parts(token)
        guard parts.count == 3,
              let headerBytes = Base64URL.decode(utf8: parts[0]),
              let payloadBytes = Base64URL.decode(utf8: parts[1]),
              let signature = Base64URL.decode(utf8: parts[2]),
              case .object(let header)? = try? JSONParser().parse(headerBytes),
              case .object(let claims)? = try? JSONParser().parse(payloadBytes)
        else { throw .malformed }
        guard case .string(let alg)? = header["alg"] else { throw .malformed }
        guard alg == "HS256" else { throw .unsupportedAlgorithm(alg) }
        var mac = HMACSHA256(key: key)
        mac.update(parts[0])
        mac.update(CollectionOfOne(UInt8(ascii: ".")))
        mac.update(parts[1])
        guard ConstantTime.equals(mac.finalize(), signature) else { throw .badSignature }
        return Verified(header: header, claims: claims)
    }

    /// The dot-separated parts of `token`, as UTF-8 (split by byte: tokens are long).
    static func parts(_ token: some StringProtocol) -> [Substring.UTF8View] {
        let utf8 = Substring(token).utf8
        return utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
    }
}
