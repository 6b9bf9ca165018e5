@testable import TenantMockCrux
import TenantMockCore
import XCTest

/// `TokenAuthentication.authenticate_header` reading: `get_authorization_header(request).split()`
/// splits on Python's bytes whitespace (space, \t, \n, \v, \f, \r), the keyword is compared
/// lower-cased with `b'token'`, and one word after it is the key (DRF 3.7.7 `authentication.py`).
final class CruxTokenHeaderTests: XCTestCase {
    enum Outcome: Equatable { case none, key(String), failure(String) }

    func read(_ header: String) -> Outcome {
        let request = HTTPRequest(method: "GET", path: "/", headers: ["Authorization": header])
        do throws(DRFError) {
            return try CruxTokenAuthentication.key(of: request).map(Outcome.key) ?? .none
        } catch {
            return .failure("\(error)")
        }
    }

    func testHeaderForms() {
        XCTAssertEqual(read("Token abc"), .key("abc"))
        XCTAssertEqual(read("TOKEN abc"), .key("abc"))
        XCTAssertEqual(read("  token\tabc \u{0B}"), .key("abc"))
        XCTAssertEqual(read("Token\u{0C}\u{0D}abc"), .key("abc"))
        XCTAssertEqual(read("Token é"), .key("é"))
        XCTAssertEqual(read("Tokens abc"), .none)
        XCTAssertEqual(read("Toke abc"), .none)
        XCTAssertEqual(read("Tok@n abc"), .none)
        XCTAssertEqual(read("Bearer abc"), .none)
        XCTAssertEqual(read(""), .none)
        XCTAssertEqual(read("   "), .none)
        // U+00A0 is not bytes whitespace: it stays inside the word.
        XCTAssertEqual(read("Token\u{00A0}abc"), .none)
        XCTAssertEqual(read("Token a\u{00A0}b"), .key("a\u{00A0}b"))
        guard case .failure = read("Token"), case .failure = read("Token \t "), case .failure = read("Token a b"),
              case .failure = read("Token a\u{FFFD}") else {
            return XCTFail("refusals")
        }
        XCTAssertNotEqual(read("Token"), read("Token a b"))
    }
}
