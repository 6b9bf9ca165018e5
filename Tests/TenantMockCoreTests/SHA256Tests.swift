import TenantMockCore
import XCTest

/// SHA-256 against FIPS 180-4 / NIST CSRC worked examples ("SHA256.pdf", "SHA2_Additional").
final class SHA256Tests: XCTestCase {
    func testOneBlockMessageABC() {
        XCTAssertEqual(Hex.string(SHA256.hash("abc".utf8)),
                       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    func testTwoBlockMessage448Bits() {
        let message = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        XCTAssertEqual(message.utf8.count * 8, 448)
        XCTAssertEqual(Hex.string(SHA256.hash(message.utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    func testOneMillionA() {
        var hasher = SHA256()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { hasher.update(chunk) }
        XCTAssertEqual(Hex.string(hasher.finalize()),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Bytes from a non-contiguous sequence, split at odd places, hash like one contiguous call.
    func testNonContiguousSequencesMatchContiguousInput() {
        let message = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 13) }
        var hasher = SHA256()
        hasher.update((0..<7).lazy.map { message[$0] })
        hasher.update(message[7..<130])
        hasher.update((130..<300).lazy.map { message[$0] })
        XCTAssertEqual(hasher.finalize(), SHA256.hash(message))
    }

    func testEmptyMessage() {
        XCTAssertEqual(Hex.string(SHA256.hash([UInt8]())),
                       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    /// Splitting the input across `update` calls (including across the padding
    /// boundary at 55/56 bytes) gives the same digest as one call.
    func testIncrementalUpdatesMatchOneShot() {
        for length in [55, 56, 63, 64, 65, 119, 128] {
            let message = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            var hasher = SHA256()
            for byte in message { hasher.update(CollectionOfOne(byte)) }
            XCTAssertEqual(hasher.finalize(), SHA256.hash(message), "length \(length)")
        }
    }
}
