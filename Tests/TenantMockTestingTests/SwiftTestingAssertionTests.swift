import Testing
import TenantMockTesting

/// The journal assertions inside Swift Testing: a failed one is an issue of the
/// running `@Test`, at the caller's line and column (`XCTFail` alone is ignored
/// there, and the test would pass).
@Suite struct SwiftTestingAssertionTests {
    let alice = "/api/v2/users/auth0%7C5f7c8ec7c33c6c004bbafe82/permissions"

    @Test func aFailedAssertReceivedIsAnIssueAtTheCallersLocation() throws {
        let sandbox = try Sandbox.inProcess()
        let acme = try sandbox.createTenant(from: "auth0-acme")
        _ = try acme.send("GET", alice)                                  // 401: no token
        acme.assertReceived(method: "GET", path: alice, status: 401, count: 1) // passes: no issue

        // The call below; a default `#column` is the column of the call's `(`.
        let expectedLine = #line + 2, expectedColumn = 32
        withKnownIssue {
            acme.assertReceived(method: "DELETE", path: alice, status: 204)
        } matching: { issue in
            let location = issue.sourceLocation
            return location?.fileName == "SwiftTestingAssertionTests.swift" && location?.line == expectedLine
                && location?.column == expectedColumn
                && issue.comments.contains { $0.rawValue.contains("did not receive DELETE \(alice) → 204 at least once (found 0)") }
                && issue.comments.contains { $0.rawValue.contains("#") && $0.rawValue.contains("GET \(alice) → 401") }
        }
    }

    @Test func aFailedAssertNotReceivedIsAnIssueAtTheCallersLocation() throws {
        let sandbox = try Sandbox.inProcess()
        let acme = try sandbox.createTenant(from: "auth0-acme")
        acme.assertNotReceived(method: "GET", path: alice)               // nothing received yet: no issue
        _ = try acme.send("GET", alice)

        let expectedLine = #line + 2
        withKnownIssue {
            acme.assertNotReceived(method: "GET", path: "/api/v2/users/*")
        } matching: { issue in
            issue.sourceLocation?.fileName == "SwiftTestingAssertionTests.swift" && issue.sourceLocation?.line == expectedLine
                && issue.comments.contains { $0.rawValue.contains("received GET /api/v2/users/* 1 time(s)") }
        }
    }
}
