import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import TenantMock
import TenantMockContracts
import XCTest

final class ReportTests: XCTestCase {
    /// One passing, one failing (with characters XML must escape), one skipped case, and one refused file.
    func mixedReport() throws -> ContractReport {
        let emulator = try TestSupport.notesEmulator()
        let file = try TestSupport.contract(#"""
        {"contract": "mixed <&>", "dialect": "notes", "fixture": "notes-basic", "source": "inferred: test",
         "cases": [
            {"name": "passes", "request": {"method": "GET", "path": "/notes"}, "expect": {"status": 401}},
            {"name": "fails \"quoted\" & <tagged>", "request": {"method": "GET", "path": "/notes"},
             "expect": {"status": 401, "body": {"error": "<wrong> & \"x\""}}},
            {"name": "remote only", "remote_safe": false, "request": {"method": "GET", "path": "/notes"}, "expect": {}}
         ]}
        """#, file: "mixed.json")
        var report = ContractRunner(target: .inProcess(emulator)).run([file],
            loadErrors: [ContractError(file: "broken.json", path: JSONPath().key("cases"), reason: "expected an array")])
        // Mark the third case skipped as a remote target would.
        report.results[2].outcome = .skipped(reason: "not marked remote_safe")
        return report
    }

    func testSummaryLine() throws {
        let report = try mixedReport()
        XCTAssertEqual(report.summaryLine, "1 passed, 2 failed, 1 skipped")
        XCTAssertEqual(report.text.split(separator: "\n").last, "1 passed, 2 failed, 1 skipped")
        XCTAssertTrue(report.text.contains("\n✓ mixed <&> › passes ("), report.text)
        XCTAssertTrue(report.text.contains("\n- mixed <&> › remote only (skipped: not marked remote_safe)"), report.text)
    }

    func testJUnitXMLParsesBack() throws {
        let report = try mixedReport()
        let document = try XMLDocument(data: Data(report.junitXML.utf8))
        let root = try XCTUnwrap(document.rootElement())
        XCTAssertEqual(root.name, "testsuites")
        XCTAssertEqual(root.attribute(forName: "tests")?.stringValue, "4")
        XCTAssertEqual(root.attribute(forName: "failures")?.stringValue, "2")
        XCTAssertEqual(root.attribute(forName: "skipped")?.stringValue, "1")
        let suites = root.elements(forName: "testsuite")
        XCTAssertEqual(suites.map { $0.attribute(forName: "name")?.stringValue }, ["broken.json", "mixed.json"])
        let cases = suites[1].elements(forName: "testcase")
        XCTAssertEqual(cases.map { $0.attribute(forName: "name")?.stringValue },
                       ["passes", "fails \"quoted\" & <tagged>", "remote only"])
        XCTAssertEqual(cases[0].attribute(forName: "classname")?.stringValue, "mixed <&>")
        XCTAssertTrue(cases[0].children?.isEmpty ?? true)
        let failure = try XCTUnwrap(cases[1].elements(forName: "failure").first)
        XCTAssertEqual(failure.attribute(forName: "message")?.stringValue,
                       #"$.error: expected "<wrong> & \"x\"", got "unauthorized""#)
        XCTAssertTrue(failure.stringValue?.contains("differences:\n  $.error:\n") == true, failure.stringValue ?? "")
        XCTAssertEqual(cases[2].elements(forName: "skipped").first?.attribute(forName: "message")?.stringValue,
                       "not marked remote_safe")
        let loadFailure = suites[0].elements(forName: "testcase").first?.elements(forName: "failure").first
        XCTAssertEqual(loadFailure?.attribute(forName: "message")?.stringValue, "broken.json: $.cases: expected an array")
    }

    func testJSONReport() throws {
        let report = try mixedReport()
        let parsed = try JSONParser(options: .strict).parse(JSONSerializer.prettyString(report.json))
        XCTAssertEqual(parsed["passed"], 1)
        XCTAssertEqual(parsed["failed"], 2)
        XCTAssertEqual(parsed["skipped"], 1)
        XCTAssertEqual(parsed["target"], "in-process")
        XCTAssertEqual(parsed["load_errors"], [["file": "broken.json", "path": "$.cases", "reason": "expected an array"]])
        let cases = try XCTUnwrap(parsed["cases"]?.arrayValue)
        XCTAssertEqual(cases.map { $0["outcome"] }, ["passed", "failed", "skipped"])
        XCTAssertEqual(cases[1]["failure"]?["differences"],
                       [["location": "$.error", "expected": #""<wrong> & \"x\"""#, "actual": #""unauthorized""#]])
        XCTAssertEqual(cases[1]["failure"]?["step"], 1)
        XCTAssertEqual(cases[1]["source"], "inferred: test")
        XCTAssertEqual(cases[2]["reason"], "not marked remote_safe")
    }
}
