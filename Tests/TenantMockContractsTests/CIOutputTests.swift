import Foundation
import TenantMock
import TenantMockContracts
import XCTest

/// What `verify` tells a CI log: where a failing case is, credentials masked, arrays
/// shown whole item by item, a base path joined to every request, one message when the
/// target cannot be reached, and an error when a filter selects nothing.
final class CIOutputTests: XCTestCase {
    // MARK: - A failing case names its file and line

    func testAFailingCaseNamesItsFileAndLine() throws {
        let text = #"""
        {"contract": "lines", "dialect": "notes", "fixture": "notes-basic", "source": "inferred: test",
         "variables": {"cases": ["not", "these"]},
         "cases": [
            {"name": "first", "request": {"method": "GET", "path": "/notes"}, "expect": {"status": 401}},

            {"name": "second, \"quoted\" [and bracketed]",
             "request": {"method": "GET", "path": "/notes"}, "expect": {"status": 418}},
           {
             "name": "third", "steps": [{"request": {"method": "GET", "path": "/notes"}, "expect": {"status": 500}}]}
         ]}
        """#
        let file = try TestSupport.contract(text, file: "Contracts/lines.json")
        XCTAssertEqual(file.cases.map(\.line), [4, 6, 8])
        let report = ContractRunner(target: .inProcess(try TestSupport.notesEmulator())).run([file])
        XCTAssertTrue(report.text.contains(#"✗ lines › second, "quoted" [and bracketed] ("#), report.text)
        XCTAssertTrue(report.text.contains("  [Contracts/lines.json:6]\n"), report.text)
        XCTAssertTrue(report.text.contains("  [Contracts/lines.json:8]\n"), report.text)
        XCTAssertTrue(report.junitXML.contains(#"name="third" file="Contracts/lines.json" line="8""#), report.junitXML)
        let cases = report.json["cases"]?.arrayValue ?? []
        XCTAssertEqual(cases.map { $0["line"] }, [4, 6, 8])
        // One line, no whitespace: every case on line 1.
        let compact = try JSONParser().parse(text)
        let oneLine = try TestSupport.contract(JSONSerializer.string(compact))
        XCTAssertEqual(oneLine.cases.map(\.line), [1, 1, 1])
    }

    // MARK: - Secrets are masked

    func testCredentialsAndTheTargetsSecretsAreMaskedInFailures() throws {
        let emulator = try TestSupport.notesEmulator()
        var target = ContractTarget.inProcess(emulator)
        let secret = "s3cr3t-from-the-environment-0123456789"
        target.variables["token"] = .string(secret)
        target.secrets = [secret]
        let file = try TestSupport.contract(#"""
        {"contract": "secrets", "dialect": "notes", "fixture": "notes-basic", "source": "inferred: test",
         "cases": [{"name": "echo", "request": {"method": "POST", "path": "/notes/echo",
                    "headers": {"Authorization": "Bearer {{token}}", "Cookie": "session=abcdefgh", "X-Other": "{{token}}"},
                    "json": {"secret": "{{token}}"}},
                    "expect": {"status": 599, "body": {"secret": "{{token}}", "other": 1}}}]}
        """#)
        let report = ContractRunner(target: target).run([file])
        let failure = try XCTUnwrap(TestSupport.onlyFailure(report))
        let everything = report.text + report.junitXML + JSONSerializer.string(report.json)
        XCTAssertFalse(everything.contains(secret), everything)
        XCTAssertFalse(failure.request.contains("abcdefgh"), failure.request)
        XCTAssertTrue(failure.request.contains("\nAuthorization: Bearer s3cr…(38 chars)\n"), failure.request)
        XCTAssertTrue(failure.request.contains("\nCookie: sess…(16 chars)\n"), failure.request)
        XCTAssertTrue(failure.request.contains("\nX-Other: s3cr…(38 chars)\n"), failure.request)
        XCTAssertTrue(failure.mismatches.contains { $0.location == "status" && $0.actual == "200" }, "\(failure.mismatches)")
    }

    // MARK: - $contains shows whole items

    func testAContainsFailureShowsWholeItemsAndCountsTheRest() throws {
        let m = try Matcher(parsing: JSONParser().parse(#"{"$contains": [{"name": "missing"}]}"#),
                            context: FixtureContext(file: "t", path: JSONPath()))
        let items: [JSONValue] = (0..<40).map { .object(["name": .string("permission-\($0)"), "description": .string(String(repeating: "d", count: 30))]) }
        let mismatch = try XCTUnwrap(m.mismatches(.array(items)).first)
        XCTAssertTrue(mismatch.actual.hasPrefix(#"none in [{"name":"permission-0","#), mismatch.actual)
        // Whole items only, then the count of the others: never an item cut in two.
        let shown = try XCTUnwrap(mismatch.actual.range(of: #"…([0-9]+) more of 40 items\]$"#, options: .regularExpression),
                                  mismatch.actual)
        let listed = String(mismatch.actual[mismatch.actual.index(mismatch.actual.startIndex, offsetBy: 8)..<shown.lowerBound])
        let parsed = try JSONParser().parse("[" + listed.dropFirst().dropLast() + "]")
        let count = try XCTUnwrap(parsed.arrayValue?.count)
        XCTAssertGreaterThan(count, 5)
        XCTAssertEqual(Array(items.prefix(count)), parsed.arrayValue)
        XCTAssertTrue(mismatch.actual.hasSuffix("…\(40 - count) more of 40 items]"), mismatch.actual)
        XCTAssertLessThanOrEqual(mismatch.actual.count, 8 + 1_000 + 30)
        // A short array is shown whole, as before.
        XCTAssertEqual(m.mismatches([["name": "a"]]).first?.actual, #"none in [{"name":"a"}]"#)
    }
}
