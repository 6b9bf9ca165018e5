@testable import TenantMockAuth0
import XCTest

/// How the `Authorization` header is read before any token check.
final class BearerCredentialTests: XCTestCase {
    func testHeaderForms() {
        let cases: [(String, BearerCredential)] = [
            ("Bearer a.b.c", .token("a.b.c")),
            ("  bEARER   a.b.c", .token("a.b.c")),
            ("Bearer é.b.c", .token("é.b.c")),
            ("Basic dXNlcjpwYXNz", .absent),
            ("Bearerx a.b.c", .absent),
            ("", .absent),
            ("Bearer", .malformed),
            ("Bearer   ", .malformed),
            ("Bearer a.b", .malformed),
            ("Bearer a.b.c.d", .malformed),
            ("Bearer a.b.c d", .malformed),
            ("Bearer opaque-token", .malformed),
            ("Bearer a.b.", .token("a.b.")),
            ("Bearer ..", .token("..")),
            ("Bearer .a.b", .token(".a.b")),
            ("Bearer a.b.c.", .malformed),
            ("Bearer ...", .malformed),
            ("Bearer a.b.c ", .malformed),
            ("Bearer .", .malformed),
        ]
        for (header, expected) in cases {
            XCTAssertEqual(BearerCredential.read(header), expected, header)
        }
    }
}
