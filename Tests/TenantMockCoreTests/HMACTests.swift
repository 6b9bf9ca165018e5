import TenantMockCore
import XCTest

/// HMAC-SHA-256 against RFC 4231 §4.2–4.8 (test cases 1–7).
final class HMACTests: XCTestCase {
    private func mac(key: [UInt8], data: [UInt8]) -> String {
        Hex.string(HMACSHA256.authenticationCode(for: data, key: key))
    }

    func testCase1() {
        XCTAssertEqual(mac(key: [UInt8](repeating: 0x0b, count: 20), data: Array("Hi There".utf8)),
                       "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
    }

    func testCase2KeyShorterThanOutput() {
        XCTAssertEqual(mac(key: Array("Jefe".utf8), data: Array("what do ya want for nothing?".utf8)),
                       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    func testCase3CombinedKeyAndDataOf50Bytes() {
        XCTAssertEqual(mac(key: [UInt8](repeating: 0xaa, count: 20), data: [UInt8](repeating: 0xdd, count: 50)),
                       "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe")
    }

    func testCase4() {
        XCTAssertEqual(mac(key: Hex.bytes("0102030405060708090a0b0c0d0e0f10111213141516171819"),
                           data: [UInt8](repeating: 0xcd, count: 50)),
                       "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b")
    }

    /// RFC 4231 §4.6: the output is truncated to 128 bits.
    func testCase5TruncatedTo128Bits() {
        let tag = HMACSHA256.authenticationCode(for: Array("Test With Truncation".utf8),
                                                key: [UInt8](repeating: 0x0c, count: 20))
        XCTAssertEqual(Hex.string(Array(tag.prefix(16))), "a3b6167473100ee06e0c796c2955552b")
    }

    func testCase6KeyLargerThanBlock() {
        XCTAssertEqual(mac(key: [UInt8](repeating: 0xaa, count: 131),
                           data: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)),
                       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    func testCase7KeyAndDataLargerThanBlock() {
        let data = "This is a test using a larger than block-size key and a larger than block-size data."
            + " The key needs to be hashed before being used by the HMAC algorithm."
        XCTAssertEqual(mac(key: [UInt8](repeating: 0xaa, count: 131), data: Array(data.utf8)),
                       "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2")
    }

    func testIncrementalUpdateMatchesOneShot() {
        var mac = HMACSHA256(key: Array("Jefe".utf8))
        mac.update("what do ya want ".utf8)
        mac.update("for nothing?".utf8)
        XCTAssertEqual(Hex.string(mac.finalize()),
                       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }
}
