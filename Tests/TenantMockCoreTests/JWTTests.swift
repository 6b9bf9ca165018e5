import TenantMockCore
import XCTest

/// HS256 JWS (RFC 7515 Appendix A.1), base64url, constant-time comparison, the verified-token cache.
final class JWTTests: XCTestCase {
    /// RFC 7515 Appendix A.1.1, the JWS in compact serialization.
    static let rfcToken = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
        + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
        + ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    /// RFC 7515 Appendix A.1.1, the JWK's `k`.
    static let rfcKey = Base64URL.decode("AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow")!

    func testRFC7515AppendixA1Verifies() throws {
        let verified = try HS256JWT.verify(Self.rfcToken, key: Self.rfcKey)
        XCTAssertEqual(verified.header, ["typ": "JWT", "alg": "HS256"])
        XCTAssertEqual(verified.claims, ["iss": "joe", "exp": 1_300_819_380, "http://example.com/is_root": true])
    }

    func testRFC7515AppendixA1SignatureIsRecomputedExactly() {
        let parts = Self.rfcToken.split(separator: ".")
        let signingInput = parts[0] + "." + parts[1]
        XCTAssertEqual(Base64URL.encode(HMACSHA256.authenticationCode(for: signingInput.utf8, key: Self.rfcKey)),
                       "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
    }

    func testWrongKeyIsABadSignature() {
        var key = Self.rfcKey
        key[0] ^= 1
        XCTAssertThrowsError(try HS256JWT.verify(Self.rfcToken, key: key)) { error in
            XCTAssertEqual(error as? HS256JWT.Failure, .badSignature)
        }
    }

    func testTamperedPayloadIsABadSignature() {
        var parts = Self.rfcToken.split(separator: ".").map(String.init)
        parts[1] = Base64URL.encode(Array(#"{"iss":"joe","exp":9999999999,"http://example.com/is_root":true}"#.utf8))
        XCTAssertThrowsError(try HS256JWT.verify(parts.joined(separator: "."), key: Self.rfcKey)) { error in
            XCTAssertEqual(error as? HS256JWT.Failure, .badSignature)
        }
    }

    func testMalformedTokens() {
        for token in ["", "abc", "a.b", "a.b.c.d", "!!.e30.", "e30.!!.", "W10.e30.", "e30.W10."] {
            XCTAssertThrowsError(try HS256JWT.verify(token, key: Self.rfcKey), token) { error in
                XCTAssertEqual(error as? HS256JWT.Failure, .malformed, token)
            }
        }
    }

    func testOtherAlgorithmsAreRefused() {
        let header = Base64URL.encode(Array(#"{"alg":"none"}"#.utf8))
        let token = header + "." + Base64URL.encode(Array("{}".utf8)) + "."
        XCTAssertThrowsError(try HS256JWT.verify(token, key: Self.rfcKey)) { error in
            XCTAssertEqual(error as? HS256JWT.Failure, .unsupportedAlgorithm("none"))
        }
    }

    func testSignThenVerifyRoundTrips() throws {
        let claims: JSONObject = ["sub": "client@clients", "iat": 1_700_000_000, "scope": "read:users"]
        let token = HS256JWT.sign(claims: claims, key: Array("secret".utf8))
        XCTAssertTrue(token.hasPrefix("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."), token)
        XCTAssertEqual(try HS256JWT.verify(token, key: Array("secret".utf8)).claims, claims)
        XCTAssertTrue(HS256JWT.looksLikeJWT(token))
        XCTAssertFalse(HS256JWT.looksLikeJWT("0123456789abcdef0123456789abcdef"))
    }

    func testBase64URLRoundTripAndRejections() {
        for length in 0..<20 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 97 &+ 250) }
            let text = Base64URL.encode(bytes)
            XCTAssertFalse(text.contains("=") || text.contains("+") || text.contains("/"), text)
            XCTAssertEqual(Base64URL.decode(text), bytes)
        }
        XCTAssertEqual(Base64URL.encode(Array("any carnal pleas".utf8)), "YW55IGNhcm5hbCBwbGVhcw")
        XCTAssertNil(Base64URL.decode("YW55=="), "padding is not base64url as JWS uses it")
        XCTAssertNil(Base64URL.decode("Y"), "one character cannot encode a byte")
        XCTAssertNil(Base64URL.decode("YW+/"), "the standard alphabet's + and / are not base64url")
        XCTAssertNil(Base64URL.decode("YR"), "non-zero trailing bits")
    }

    // MARK: Constant-time comparison

    /// A byte collection that counts how many elements are read from it.
    final class CountingBytes: Collection, @unchecked Sendable {
        // @unchecked: used on one thread within a test.
        let bytes: [UInt8]
        var reads = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }
        var startIndex: Int { 0 }
        var endIndex: Int { bytes.count }
        func index(after i: Int) -> Int { i + 1 }
        subscript(i: Int) -> UInt8 {
            reads += 1
            return bytes[i]
        }
    }

    /// The comparison reads every byte whether the inputs differ in the first
    /// byte, the last, or not at all: it cannot stop at the first mismatch.
    func testComparisonReadsEveryByteWhereverTheyDiffer() {
        let expected = HMACSHA256.authenticationCode(for: "payload".utf8, key: "k".utf8)
        var firstWrong = expected
        firstWrong[0] ^= 0xff
        var lastWrong = expected
        lastWrong[31] ^= 0x01
        for (candidate, equal) in [(expected, true), (firstWrong, false), (lastWrong, false)] {
            let a = CountingBytes(expected), b = CountingBytes(candidate)
            XCTAssertEqual(ConstantTime.equals(a, b), equal)
            XCTAssertEqual(a.reads, 32)
            XCTAssertEqual(b.reads, 32)
        }
        XCTAssertFalse(ConstantTime.equals(expected, expected.dropLast()), "different lengths never match")
    }

    // MARK: Verified-token cache

    func testCacheReturnsTheClaimsAndIsBounded() throws {
        let cache = VerifiedTokenCache<HS256JWT.Verified>(capacity: 3)
        let key = Array("tenant-key".utf8)
        var tokens: [String] = []
        for i in 0..<5 {
            let token = HS256JWT.sign(claims: ["n": .int(i)], key: key)
            tokens.append(token)
            XCTAssertEqual(try cache.verify(token, key: key).claims, ["n": .int(i)])
            XCTAssertEqual(try cache.verify(token, key: key).claims, ["n": .int(i)], "a hit returns the same claims")
        }
        XCTAssertEqual(cache.count, 3)
    }

    /// Tokens evicted and verified again never push the cache past its bound.
    func testCacheStaysBoundedWhenTokensComeBack() throws {
        let cache = VerifiedTokenCache<HS256JWT.Verified>(capacity: 2)
        let key = Array("k".utf8)
        let tokens = (0..<3).map { HS256JWT.sign(claims: ["n": .int($0)], key: key) }
        for round in 0..<50 {
            _ = try cache.verify(tokens[round % 3], key: key)
            _ = try cache.verify(tokens[(round * 2) % 3], key: key)
            XCTAssertLessThanOrEqual(cache.count, 2)
        }
    }

    func testCacheNeverAcceptsATokenUnderAnotherKey() throws {
        let cache = VerifiedTokenCache<HS256JWT.Verified>(capacity: 8)
        let token = HS256JWT.sign(claims: ["sub": "a"], key: Array("key-a".utf8))
        _ = try cache.verify(token, key: Array("key-a".utf8))
        XCTAssertThrowsError(try cache.verify(token, key: Array("key-b".utf8))) { error in
            XCTAssertEqual(error as? HS256JWT.Failure, .badSignature)
        }
    }

    /// An entry is found by signature, but only the very token it verified is served from it.
    func testCacheNeverServesATokenThatBorrowsACachedSignature() throws {
        let cache = VerifiedTokenCache<HS256JWT.Verified>(capacity: 8)
        let key = Array("k".utf8)
        let genuine = HS256JWT.sign(claims: ["scope": "read:users"], key: key)
        _ = try cache.verify(genuine, key: key)
        let forgedPayload = Base64URL.encode(JSONSerializer.bytes(["scope": "delete:users"]))
        var parts = genuine.split(separator: ".").map(String.init)
        parts[1] = forgedPayload
        XCTAssertThrowsError(try cache.verify(parts.joined(separator: "."), key: key)) { error in
            XCTAssertEqual(error as? HS256JWT.Failure, .badSignature)
        }
        XCTAssertEqual(try cache.verify(genuine, key: key).claims, ["scope": "read:users"])
    }

    func testCacheKeepsWhatTheCallerDerived() throws {
        let cache = VerifiedTokenCache<Int>(capacity: 8)
        let key = Array("k".utf8)
        let token = HS256JWT.sign(claims: ["n": .int(7)], key: key)
        var derivations = 0
        for _ in 0..<3 {
            let n = try cache.value(for: token, key: key) { verified -> Int in
                derivations += 1
                return verified.claims["n"]?.intValue ?? -1
            }
            XCTAssertEqual(n, 7)
        }
        XCTAssertEqual(derivations, 1, "the claims are read once, then served from the cache")
    }
}
