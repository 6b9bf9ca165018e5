import XCTest
import TenantMockTesting

final class RemovePermissionTests: XCTestCase {
    // The same scenario in-process (no socket) and over a socket to a live server.
    func testRemovesAPermissionInProcess() async throws { try await removesAPermission(.inProcess) }
    func testRemovesAPermissionOverTheNetwork() async throws { try await removesAPermission(.live) }

    struct Permission: Decodable { let permission_name: String }

    func removesAPermission(_ setup: Sandbox.Setup) async throws {
        let sandbox = try Sandbox.start(setup)                 // the default fixtures
        defer { sandbox.shutdown() }
        let acme = try sandbox.createTenant(from: "auth0-acme") // a fresh copy, for this test alone
        let token = try XCTUnwrap(acme.credential("static_token", label: "acme-all-scopes"))
        let headers = ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
        let alice = "/api/v2/users/auth0%7C5f7c8ec7c33c6c004bbafe82/permissions"

        let removed = try await acme.send("DELETE", alice, headers: headers, json: """
            {"permissions": [{"resource_server_identifier": "https://reports.acme.test/",
                              "permission_name": "delete:reports"}]}
            """)
        XCTAssertEqual(removed.status, 204)

        let read = try await acme.send("GET", alice, headers: headers)
        XCTAssertEqual(read.status, 200)
        XCTAssertEqual(read.headers["content-type"], "application/json; charset=utf-8") // any case
        // delete:reports is gone; read:reports and create:reports come from Alice's role.
        XCTAssertEqual(try read.json(as: [Permission].self).map(\.permission_name),
                       ["read:invoices", "create:reports", "read:reports"])
        XCTAssertEqual(try read.json().arrayValue?.first?["permission_name"], "read:invoices") // or as JSONValue

        acme.assertReceived(method: "DELETE", path: alice, status: 204, count: 1)
        acme.assertReceived(method: "GET", path: alice, status: 200)
    }
}

// MARK: - The README shows the code above, verbatim

/// The example of README.md's "Using it from Swift tests" is the code above this
/// mark, character for character, so the README can never show code that does not
/// compile or pass.
final class ReadmeExampleIsVerbatimTests: XCTestCase {
    static let marker = "// MARK: - The README shows the code above, verbatim"

    func testTheReadmeBlockIsTheCodeAboveTheMark() throws {
        let thisFile = URL(fileURLWithPath: #filePath)
        let root = thisFile.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let source = try String(contentsOf: thisFile, encoding: .utf8)

        let section = try XCTUnwrap(readme.range(of: "\n## Using it from Swift tests\n"), "README section")
        let afterHeading = readme[section.upperBound...]
        let sectionText = afterHeading.range(of: "\n## ").map { afterHeading[..<$0.lowerBound] } ?? afterHeading
        let open = try XCTUnwrap(sectionText.range(of: "```swift\n"), "a swift block in the section")
        let close = try XCTUnwrap(sectionText[open.upperBound...].range(of: "\n```\n"), "the end of the block")
        let block = String(sectionText[open.upperBound..<close.lowerBound]) + "\n"

        let mark = try XCTUnwrap(source.range(of: "\n" + Self.marker + "\n"))
        let code = String(source[..<mark.lowerBound])
        XCTAssertEqual(block, code)
        XCTAssertTrue(code.contains("final class RemovePermissionTests: XCTestCase"))
    }
}
