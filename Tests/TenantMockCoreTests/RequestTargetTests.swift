import XCTest
import TenantMockCore

/// Request targets given to `HTTPRequest(method:target:)` and `Emulator.handle(_:)`
/// directly, with no server: the same forms as over a socket (RFC 9112 §3.2).
final class RequestTargetTests: XCTestCase {
    /// `://` in a query is no scheme: only a target starting with `http://` or `https://`
    /// is absolute-form.
    func testOriginFormWithAURLInItsQueryKeepsItsPath() {
        let r = HTTPRequest(method: "GET", target: "/callback?next=http://acme.localhost/x", headers: ["Host": "h"])
        XCTAssertEqual(r.path, "/callback")
        XCTAssertEqual(r.rawQuery, "next=http://acme.localhost/x")
        XCTAssertEqual(r.headers["Host"], "h")
    }

    /// An absolute-form target's authority replaces `Host` (RFC 9112 §3.2.2); an empty
    /// path is `/` (RFC 9110 §4.2.3).
    func testAbsoluteFormAuthorityBecomesTheHost() {
        let r = HTTPRequest(method: "GET", target: "HTTPS://beta.localhost:8443?x=1", headers: ["host": "alpha.localhost"])
        XCTAssertEqual(r.path, "/")
        XCTAssertEqual(r.rawQuery, "x=1")
        XCTAssertEqual(r.headers.values(for: "Host"), ["beta.localhost:8443"])
        XCTAssertEqual(r.hostName, "beta.localhost")
        XCTAssertNil(HTTPRequest.absoluteForm("http://user@h/"), "userinfo (RFC 9110 §4.2.4)")
        XCTAssertNil(HTTPRequest.absoluteForm("http:///x"), "no host (RFC 9110 §4.2.1)")
        XCTAssertNil(HTTPRequest.absoluteForm("ftp://h/x"))
        XCTAssertNil(HTTPRequest.absoluteForm("/a?u=http://h/"))
    }

    /// A target the server would refuse is refused by the emulator too, with the server's
    /// status, code and message; `OPTIONS *` is answered 200. Neither reaches a tenant.
    func testEmulatorAnswersTargetsAsTheServerDoes() throws {
        let emulator = try makeNotesEmulator()
        for (method, target) in [("GET", "notes/users/u2"), ("GET", "*"), ("DELETE", "tenants/alpha/notes/users/u2"),
                                 ("GET", "ftp://h/notes/users/u2"), ("CONNECT", "alpha.localhost:443")] {
            let response = emulator.handle(HTTPRequest(method: method, target: target, headers: ["Host": "alpha.localhost"]))
            XCTAssertEqual(response.status, 400, target)
            XCTAssertEqual(response.headers["X-TenantMock-Error"], "bad_request", target)
            XCTAssertEqual(response.jsonBody, ["error": "bad_request", "message": .string(HTTPRequest.targetFormRefusal)], target)
        }
        let options = emulator.handle(HTTPRequest(method: "OPTIONS", target: "*", headers: ["Host": "alpha.localhost"]))
        XCTAssertEqual(options.status, 200)
        XCTAssertTrue(options.body.isEmpty)
        XCTAssertTrue(emulator.journalEntries().entries.isEmpty)
        // The absolute form reaches the tenant its authority names, not the one `Host` names.
        try emulator.createTenant(id: "beta", fixture: "notes-a")
        let absolute = emulator.handle(HTTPRequest(method: "GET", target: "http://beta.localhost:8080/notes/echo",
                                                   headers: ["Host": "alpha.localhost"]))
        XCTAssertEqual(absolute.jsonBody?["tenant"], "beta")
        XCTAssertEqual(absolute.jsonBody?["path"], "/notes/echo")
    }
}
