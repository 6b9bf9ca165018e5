import XCTest
import TenantMockTesting

/// The journal assertions inside XCTest: a failed one is an `XCTFail` at the caller's
/// file and line. The failures are caught here (corelibs XCTest has no
/// `XCTExpectFailure`; every failure passes through `recordFailure`), checked, and
/// not counted.
final class XCTestAssertionTests: XCTestCase {
    let alice = "/api/v2/users/auth0%7C5f7c8ec7c33c6c004bbafe82/permissions"
    /// Failures recorded while `catching` is set: description, file, line.
    var caught: [(description: String, file: String, line: Int)] = []
    var catching = false

    override func recordFailure(withDescription description: String, inFile filePath: String, atLine lineNumber: Int,
                                expected: Bool) {
        if catching {
            caught.append((description, filePath, lineNumber))
        } else {
            super.recordFailure(withDescription: description, inFile: filePath, atLine: lineNumber, expected: expected)
        }
    }

    /// The failures `body` records through XCTest.
    func failures(_ body: () -> Void) -> [(description: String, file: String, line: Int)] {
        caught = []
        catching = true
        body()
        catching = false
        return caught
    }

    func testAFailedAssertReceivedIsAnXCTFailAtTheCallersLine() throws {
        let sandbox = try Sandbox.inProcess()
        let acme = try sandbox.createTenant(from: "auth0-acme")
        _ = try acme.send("GET", alice)
        XCTAssertEqual(failures { acme.assertReceived(method: "GET", path: alice, status: 401, count: 1) }.count, 0)

        let line = #line + 1
        let recorded = failures { acme.assertReceived(method: "DELETE", path: alice, status: 204) }
        XCTAssertEqual(recorded.count, 1)
        XCTAssertEqual(recorded.first?.file, #filePath)
        XCTAssertEqual(recorded.first?.line, line)
        XCTAssertTrue(recorded.first?.description.contains("did not receive DELETE \(alice) → 204 at least once (found 0)") == true,
                      recorded.first?.description ?? "")

        // An XCTest helper that passes its caller's file and line on.
        func helper(file: StaticString = #filePath, line: UInt = #line) {
            acme.assertReceived(method: "GET", path: alice, count: 2, file: file, line: line)
        }
        let helperLine = #line + 1
        let forwarded = failures { helper() }
        XCTAssertEqual(forwarded.map(\.line), [helperLine])
        XCTAssertEqual(forwarded.first?.file, #filePath)
    }

    func testAFailedAssertNotReceivedIsAnXCTFailAtTheCallersLine() throws {
        let sandbox = try Sandbox.inProcess()
        let acme = try sandbox.createTenant(from: "auth0-acme")
        XCTAssertEqual(failures { acme.assertNotReceived(method: "GET", path: alice) }.count, 0)
        _ = try acme.send("GET", alice)
        let line = #line + 1
        let recorded = failures { acme.assertNotReceived(method: "GET", path: alice) }
        XCTAssertEqual(recorded.map(\.line), [line])
        XCTAssertEqual(recorded.first?.file, #filePath)
        XCTAssertTrue(recorded.first?.description.contains("received GET \(alice) 1 time(s)") == true)
    }
}
