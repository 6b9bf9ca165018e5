@testable import TenantMockCore
import XCTest

/// Strings built from bytes on the request path must equal what the standard library
/// builds: `String(validatingUTF8:)` answers as `String(validating:as: UTF8.self)`, and
/// `String(decimal:)` as `String(_:)` of an `Int`.
final class StringFromBytesTests: XCTestCase {
    func testEdgeCasesAgreeWithTheStandardLibrary() {
        let cases: [[UInt8]] = [
            [], Array("plain ascii".utf8), Array("café ✓ 𝄞".utf8),
            [0xC3], [0xC3, 0x28], [0xE2, 0x82], [0xE2, 0x28, 0xA1], [0xF0, 0x9F, 0x98], [0xF0, 0x28, 0x8C, 0x28],
            [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF], [0x80],
            [0x61, 0x00, 0x62], Array("ok".utf8) + [0xEF, 0xBF, 0xBD], [0xEF, 0xBF, 0xBD],
        ]
        for bytes in cases {
            XCTAssertEqual(String(validatingUTF8: bytes), String(validating: bytes, as: UTF8.self), "\(bytes)")
        }
    }

    func testRandomBytesAgreeWithTheStandardLibrary() {
        var generator = SplitMix64(seed: 0x5EED)
        var invalid = 0
        for _ in 0..<20_000 {
            let count = Int(generator.next() % 12)
            // Mostly bytes that form or break multi-byte sequences.
            let alphabet: [UInt8] = [0x41, 0x7F, 0x80, 0xBF, 0xC2, 0xC3, 0xDF, 0xE0, 0xE2, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0x9F, 0xA0]
            let bytes = (0..<count).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            let expected = String(validating: bytes, as: UTF8.self)
            if expected == nil { invalid += 1 }
            XCTAssertEqual(String(validatingUTF8: bytes), expected, "\(bytes)")
        }
        // Both outcomes were exercised many times.
        XCTAssertGreaterThan(invalid, 1_000)
        XCTAssertLessThan(invalid, 19_000)
    }

    func testDecimalTextMatchesTheStandardLibrary() {
        var values = [0, 1, -1, 9, 10, 99, 100, 1_000, 1_799_999_999, -42, Int.max, Int.min, Int.max - 1, Int.min + 1]
        var generator = SplitMix64(seed: 7)
        for _ in 0..<2_000 { values.append(Int(bitPattern: UInt(generator.next() >> (generator.next() % 64)))) }
        for value in values {
            XCTAssertEqual(String(decimal: value), String(value))
        }
    }
}
