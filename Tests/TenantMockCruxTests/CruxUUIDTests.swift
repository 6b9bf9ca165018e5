@testable import TenantMockCrux
import XCTest

/// `CruxUUID.parse` against what CPython 3.11's `uuid.UUID(hex=...)` returns
/// for the same text (DRF's `UUIDField` calls it), `nil` where it raises `ValueError`.
final class CruxUUIDTests: XCTestCase {
    func testParseAgreesWithCPython() {
        let cases: [(String, String?)] = [
            ("3a7acb28-ab13-437e-8c35-46cf4f0bea49", "3a7acb28-ab13-437e-8c35-46cf4f0bea49"),
            ("3A7ACB28-AB13-437E-8C35-46CF4F0BEA49", "3a7acb28-ab13-437e-8c35-46cf4f0bea49"),
            ("3a7acb28ab13437e8c3546cf4f0bea49", "3a7acb28-ab13-437e-8c35-46cf4f0bea49"),
            ("{3a7acb28-ab13-437e-8c35-46cf4f0bea49}", "3a7acb28-ab13-437e-8c35-46cf4f0bea49"),
            ("}{3a7acb28ab13437e8c3546cf4f0bea49{}", "3a7acb28-ab13-437e-8c35-46cf4f0bea49"),
            ("urn:uuid:3a7acb28-ab13-437e-8c35-46cf4f0bea49", "3a7acb28-ab13-437e-8c35-46cf4f0bea49"),
            ("uuurn:id:3a7acb28ab13437e8c3546cf4f0bea49", "3a7acb28-ab13-437e-8c35-46cf4f0bea49"),
            ("3a7a-cb28ab13437e8c3546cf4f0be-a49-", "3a7acb28-ab13-437e-8c35-46cf4f0bea49"),
            ("0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "00aaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa"),
            ("0X_aaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "000aaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa"),
            ("+aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "0aaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa"),
            (" aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "0aaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa"),
            ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\u{A0}", "0aaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa"),
            ("\u{3000}aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "0aaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa"),
            ("a_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "0abbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb"),
            ("\u{663}\u{663}\u{663}\u{663}\u{663}\u{663}\u{663}\u{663}\u{663}\u{663}\u{663}\u{663}\u{663}\u{663}\u{663}\u{663}\u{663}\u{663}\u{663}\u{663}\u{663}\u{663}\u{663}\u{663}\u{663}\u{663}\u{663}\u{663}\u{663}\u{663}\u{663}\u{663}", "33333333-3333-3333-3333-333333333333"),
            ("\u{1D7D7}\u{1D7D7}\u{1D7D7}\u{1D7D7}\u{1D7D7}\u{1D7D7}\u{1D7D7}\u{1D7D7}\u{1D7D7}\u{1D7D7}\u{1D7D7}\u{1D7D7}\u{1D7D7}\u{1D7D7}\u{1D7D7}\u{1D7D7}\u{1D7D7}\u{1D7D7}\u{1D7D7}\u{1D7D7}\u{1D7D7}\u{1D7D7}\u{1D7D7}\u{1D7D7}\u{1D7D7}\u{1D7D7}\u{1D7D7}\u{1D7D7}\u{1D7D7}\u{1D7D7}\u{1D7D7}\u{1D7D7}", "99999999-9999-9999-9999-999999999999"),
            ("\u{1C}aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", nil),
            ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa_", nil),
            ("a__bbbbbbbbbbbbbbbbbbbbbbbbbbbbb", nil),
            ("_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", nil),
            ("+ aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", nil),
            ("0x                              ", nil),
            ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", nil),
            ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", nil),
            ("gggggggggggggggggggggggggggggggg", nil),
            ("\u{FF41}\u{FF41}\u{FF41}\u{FF41}\u{FF41}\u{FF41}\u{FF41}\u{FF41}\u{FF41}\u{FF41}\u{FF41}\u{FF41}\u{FF41}\u{FF41}\u{FF41}\u{FF41}\u{FF41}\u{FF41}\u{FF41}\u{FF41}\u{FF41}\u{FF41}\u{FF41}\u{FF41}\u{FF41}\u{FF41}\u{FF41}\u{FF41}\u{FF41}\u{FF41}\u{FF41}\u{FF41}", nil),
            ("                                ", nil),
            ("{aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa"),
            ("a bccccccccccccccccccccccccccccc", nil),
            ("00x11111111111111111111111111111", nil),
            ("+0x11111111111111111111111111111", "00011111-1111-1111-1111-111111111111"),
            ("3a7acb28-ab13-437e-8c35-46cf4f0bea4g", nil),
            ("3a7acb28-ab13-437e-8c35_46cf4f0bea49", nil),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(CruxUUID.parse(text), expected, "UUID(hex=\(text.debugDescription))")
        }
    }

    func testIntegersBecomeUUIDsAsUUIDIntDoes() {
        XCTAssertEqual(CruxUUID.fromInteger(0), "00000000-0000-0000-0000-000000000000")
        XCTAssertEqual(CruxUUID.fromInteger(255), "00000000-0000-0000-0000-0000000000ff")
        XCTAssertNil(CruxUUID.fromInteger(-1))
    }

    func testCanonicalIsLowerCaseHyphenatedOnly() {
        XCTAssertTrue(CruxUUID.isCanonical("3a7acb28-ab13-437e-8c35-46cf4f0bea49"))
        XCTAssertFalse(CruxUUID.isCanonical("3A7ACB28-AB13-437E-8C35-46CF4F0BEA49"))
        XCTAssertFalse(CruxUUID.isCanonical("3a7acb28ab13437e8c3546cf4f0bea49"))
    }
}
