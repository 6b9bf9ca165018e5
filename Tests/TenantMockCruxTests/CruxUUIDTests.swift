import Foundation
@testable import TenantMockCrux
import TenantMockCore
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

    /// 3,000 random near-UUID strings (a seeded generator), each parsed by CPython's
    /// `uuid.UUID(hex=...)` in a `python3` process and by `CruxUUID.parse`.
    func testParseAgreesWithCPythonOnRandomText() throws {
        let script = #"""
        import json, random, uuid
        random.seed(7)
        pieces = list("0123456789abcdefABCDEF") * 3 + ["-", "{", "}", "urn:", "uuid:", "_", "+", " ", "0x", "0X",
                  "\u0663", "\u00a0", "\u3000", "\t", "\x1c", "g", "\uff41", "\U0001D7D7", ":"]
        def gen():
            if random.random() < 0.4:
                s = list(uuid.UUID(int=random.getrandbits(128)).hex)
                for _ in range(random.randint(0, 4)):
                    s.insert(random.randint(0, len(s)), random.choice(pieces))
                return "".join(s)
            if random.random() < 0.5:
                return "".join(random.choice(pieces) for _ in range(random.randint(28, 40)))
            prefix = random.choice(["", " ", "+", "0x", "0X_", "+0x", "\u3000", "{", "}{", "urn:uuid:", "_", "+ ", "-"])
            suffix = random.choice(["", " ", "_", "}", "\u00a0", "-", "{}", "\t"])
            body = [random.choice("0123456789abcdefABCDEF\u0663") for _ in range(random.randint(26, 32))]
            if random.random() < 0.3:
                body.insert(random.randint(0, len(body)), "_")
            return prefix + "".join(body) + suffix
        out = []
        for _ in range(3000):
            s = gen()
            try: out.append([s, str(uuid.UUID(hex=s))])
            except ValueError: out.append([s, None])
        print(json.dumps(out))
        """#
        let cases = try XCTUnwrap(PythonOracle.run(script).arrayValue)
        XCTAssertEqual(cases.count, 3000)
        var valid = 0
        for pair in cases {
            let items = try XCTUnwrap(pair.arrayValue)
            let text = try XCTUnwrap(items[0].stringValue)
            let expected = items[1].stringValue
            if expected != nil { valid += 1 }
            XCTAssertEqual(CruxUUID.parse(text), expected, "UUID(hex=\(text.debugDescription))")
        }
        XCTAssertGreaterThan(valid, 100, "the generator makes valid UUIDs too")
    }
}
