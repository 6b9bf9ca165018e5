import TenantMock
import TenantMockContracts
import XCTest

final class LoaderTests: XCTestCase {
    func refusal(_ text: String) -> ContractError? {
        do {
            _ = try TestSupport.contract(text, file: "bad.json")
            XCTFail("accepted: \(text)")
            return nil
        } catch {
            return error as? ContractError
        }
    }

    static let head = #""contract": "c", "dialect": "notes", "fixture": "notes-basic", "source": "inferred: test""#

    func testInvalidJSONIsReportedWithLineAndColumn() {
        let e = refusal("{\n  \"contract\": \"c\",\n  \"cases\": [1,]\n}")
        XCTAssertEqual(e?.description, "bad.json: $.cases: invalid JSON at line 3, column 15: trailing comma in an array")
    }

    func testDuplicateKeysAreRefused() {
        let e = refusal(#"{"contract": "c", "contract": "d"}"#)
        XCTAssertEqual(e?.description, #"bad.json: $: invalid JSON at line 1, column 19: duplicate key "contract""#)
    }

    func testStructuralErrorsNameTheirPath() {
        XCTAssertEqual(refusal(#"{"contract": "c", "dialect": "notes", "fixture": "f"}"#)?.description,
                       #"bad.json: $: missing required key "source""#)
        XCTAssertEqual(refusal("{\(Self.head), \"cases\": []}")?.description, "bad.json: $.cases: must hold at least one case")
        XCTAssertEqual(refusal("""
            {\(Self.head), "cases": [{"name": "a", "steps": [
              {"request": {"method": "GET", "path": "/x"}, "expect": {"status": 200}},
              {"request": {"method": "GET", "path": "/x"}, "expec": {"status": 200}}]}]}
            """)?.description,
            #"bad.json: $.cases[0].steps[1].expec: unknown key "expec"; expected one of: advance_clock, capture, expect, expect_repeats, name, repeat, request, tenant"#)
        XCTAssertEqual(refusal("""
            {\(Self.head), "cases": [{"name": "a", "request": {"method": "GET", "path": "/x"}, "expect": {"status": "200"}}]}
            """)?.description, "bad.json: $.cases[0].expect.status: expected an integer, found string")
        XCTAssertEqual(refusal("""
            {\(Self.head), "cases": [{"name": "a", "request": {"method": "get", "path": "/x"}, "expect": {}}]}
            """)?.description, "bad.json: $.cases[0].request.method: expected an upper-case method such as GET or DELETE")
        XCTAssertEqual(refusal("""
            {\(Self.head), "cases": [{"name": "a", "request": {"method": "GET", "path": "/x?a=1"}, "expect": {}}]}
            """)?.description, #"bad.json: $.cases[0].request.path: expected a path starting with '/', without a query (use "query")"#)
        XCTAssertEqual(refusal("""
            {\(Self.head), "cases": [{"name": "a", "request": {"method": "GET", "path": "/x"}, "expect": {},
             "capture": {"t": "access_token"}}]}
            """)?.description,
            #"bad.json: $.cases[0].capture.t: "access_token" is neither a JSON path such as $.access_token or $[0].id nor header:<name>"#)
        XCTAssertEqual(refusal("""
            {\(Self.head), "cases": [{"name": "a", "request": {"method": "GET", "path": "/x"}, "expect": {}},
                                     {"name": "a", "request": {"method": "GET", "path": "/x"}, "expect": {}}]}
            """)?.description, #"bad.json: $.cases[1].name: duplicate case name "a""#)
        XCTAssertEqual(refusal("""
            {\(Self.head), "cases": [{"name": "a", "request": {"method": "GET", "path": "/x"},
             "expect": {"body": {"x": {"$regex": "("}}}}]}
            """)?.description, #"bad.json: $.cases[0].expect.body.x["$regex"]: invalid regular expression "(""#)
        XCTAssertEqual(refusal("""
            {\(Self.head), "cases": [{"name": "a", "tenant": "other", "request": {"method": "GET", "path": "/x"}, "expect": {}}]}
            """)?.description, #"bad.json: $.cases[0].tenant: unknown tenant alias "other"; declare it in the case's "tenants""#)
        XCTAssertEqual(refusal("""
            {\(Self.head), "cases": [{"name": "a", "request": {"method": "GET", "path": "/x"}, "expect": {},
             "expect_repeats": {"status": 200}}]}
            """)?.description, #"bad.json: $.cases[0].expect_repeats: needs "repeat" greater than 1"#)
        XCTAssertEqual(refusal("""
            {\(Self.head), "cases": [{"name": "a", "request": {"method": "GET", "path": "/x"},
             "expect": {"headers": {"Allow": 3}}}]}
            """)?.description,
            #"bad.json: $.cases[0].expect.headers.Allow: expected a string (exact value), {"$regex": …}, {"$any": "string"} (present) or null (absent)"#)
    }

    func testAMalformedFileIsReportedAndTheOthersStillRun() throws {
        let folder = try TestSupport.temporaryFolder(self)
        let good = #"""
        {"contract": "good", "dialect": "notes", "fixture": "notes-basic", "source": "inferred: test",
         "cases": [{"name": "unauthenticated", "request": {"method": "GET", "path": "/notes"},
                    "expect": {"status": 401, "body": {"error": "unauthorized"}}}]}
        """#
        try good.write(to: folder.appendingPathComponent("a-good.json"), atomically: true, encoding: .utf8)
        try "{\"contract\": \"broken\",\n \"cases\": {}\n}".write(to: folder.appendingPathComponent("b-broken.json"),
                                                                   atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("nested"), withIntermediateDirectories: true)
        try good.replacingOccurrences(of: "\"good\"", with: "\"nested\"")
            .write(to: folder.appendingPathComponent("nested/c.json"), atomically: true, encoding: .utf8)
        try "not a contract".write(to: folder.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)

        let runner = ContractRunner(target: .inProcess(try TestSupport.notesEmulator()))
        let report = runner.run(paths: [folder.path, folder.appendingPathComponent("missing.json").path])
        XCTAssertEqual(report.results.map(\.fullName), ["good › unauthenticated", "nested › unauthenticated"])
        XCTAssertTrue(report.results.allSatisfy(\.passed), report.text)
        XCTAssertEqual(report.loadErrors.map(\.description), [
            "\(folder.path)/missing.json: $: no such file or folder",
            "\(folder.path)/b-broken.json: $: missing required key \"dialect\"",
        ])
        XCTAssertEqual(report.summaryLine, "2 passed, 2 failed")
        XCTAssertFalse(report.succeeded)
        XCTAssertTrue(report.text.hasPrefix("✗ \(folder.path)/missing.json: $: no such file or folder\n"), report.text)
    }
}
