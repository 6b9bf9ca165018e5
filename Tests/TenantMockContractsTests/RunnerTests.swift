import TenantMock
import TenantMockContracts
import XCTest

final class RunnerTests: XCTestCase {
    func testCapturesCarryValuesIntoLaterSteps() throws {
        let report = try TestSupport.run(#"""
        {"contract": "notes-lifecycle", "dialect": "notes", "fixture": "notes-basic", "source": "inferred: test",
         "cases": [{"name": "add then remove", "steps": [
            {"request": {"method": "POST", "path": "/notes/login"},
             "expect": {"status": 200, "body": {"access_token": "tok-{{tenant}}", "expires_in": {"$any": "integer"}}},
             "capture": {"token": "$.access_token"}},
            {"request": {"method": "POST", "path": "/notes", "headers": {"Authorization": "Bearer {{token}}"},
                         "json": {"text": "third"}},
             "expect": {"status": 201, "body": {"id": {"$regex": "^n[0-9]+$"}, "text": "third", "pinned": false}},
             "capture": {"id": "$.id", "pinned": "$.pinned"}},
            {"request": {"method": "GET", "path": "/notes", "headers": {"Authorization": "Bearer {{token}}"}},
             "expect": {"status": 200, "body": {"$contains": [{"id": "{{id}}", "text": "third"}]}},
             "capture": {"firstID": "$[0].id"}},
            {"request": {"method": "DELETE", "path": "/notes/{{id}}", "headers": {"Authorization": "Bearer {{token}}"}},
             "expect": {"status": 204, "empty_body": true}},
            {"request": {"method": "DELETE", "path": "/notes/{{firstID}}", "headers": {"Authorization": "Bearer {{token}}"}},
             "expect": {"status": 204}},
            {"request": {"method": "GET", "path": "/notes", "headers": {"Authorization": "Bearer {{token}}"}},
             "expect": {"status": 200, "body": [{"id": "n2", "text": "second"}]}},
            {"name": "a capture keeps its type",
             "request": {"method": "POST", "path": "/notes/echo", "json": {"pinned": "{{pinned}}", "s": "is {{pinned}}"}},
             "expect": {"status": 200, "body": {"$partial": {"body": "{\"pinned\":false,\"s\":\"is false\"}"}}}}
         ]}]}
        """#)
        XCTAssertEqual(report.summaryLine, "1 passed, 0 failed", report.text)
        XCTAssertEqual(report.results.first?.stepCount, 7)
    }

    func testACaptureCanBeNarrowedByARegex() throws {
        let report = try TestSupport.run(#"""
        {"contract": "c", "dialect": "notes", "fixture": "notes-basic", "source": "inferred: test",
         "cases": [{"name": "regex", "steps": [
            {"request": {"method": "POST", "path": "/notes/login"}, "expect": {"status": 200},
             "capture": {"id": {"from": "$.access_token", "regex": "^tok-(.+)$"}, "all": {"from": "header:Content-Type", "regex": "json"}}},
            {"request": {"method": "POST", "path": "/notes/echo", "headers": {"X-Id": "{{id}}", "X-All": "{{all}}"}},
             "expect": {"status": 200, "body": {"$partial": {"headers": {"x-id": "{{tenant}}", "x-all": "json"}}}}},
            {"request": {"method": "POST", "path": "/notes/login"}, "expect": {"status": 200},
             "capture": {"none": {"from": "$.access_token", "regex": "^nope"}}}
         ]}]}
        """#)
        let failure = try XCTUnwrap(TestSupport.onlyFailure(report))
        XCTAssertEqual(failure.step, 3, report.text)
        XCTAssertTrue(failure.message?.hasPrefix("capture \"none\": /^nope/ does not match tok-ct-") == true, failure.message ?? "")
    }

    func testMissingCaptureFailsTheStep() throws {
        let report = try TestSupport.run(#"""
        {"contract": "c", "dialect": "notes", "fixture": "notes-basic", "source": "inferred: test",
         "cases": [{"name": "capture", "request": {"method": "POST", "path": "/notes/login"},
                    "expect": {"status": 200}, "capture": {"token": "$.token"}}]}
        """#)
        let failure = try XCTUnwrap(TestSupport.onlyFailure(report))
        XCTAssertEqual(failure.step, 1)
        XCTAssertEqual(failure.message, "capture \"token\": nothing at $.token in the answer")
    }

    func testAWrongExpectationFailsWithADiffOfEachDifference() throws {
        let report = try TestSupport.run(#"""
        {"contract": "wrong", "dialect": "notes", "fixture": "notes-basic", "source": "inferred: test",
         "cases": [{"name": "deliberately wrong", "steps": [
            {"request": {"method": "POST", "path": "/notes/login"}, "expect": {"status": 200}, "capture": {"t": "$.access_token"}},
            {"name": "list", "request": {"method": "GET", "path": "/notes", "headers": {"Authorization": "Bearer {{t}}"}},
             "expect": {"status": 201,
                        "headers": {"content-type": "text/plain", "X-Absent": {"$any": "string"}, "Content-Length": null},
                        "body": [{"id": "n1", "text": "FIRST"}, {"id": "n2", "text": "second"}]}}
         ]}]}
        """#)
        XCTAssertEqual(report.summaryLine, "0 passed, 1 failed")
        let failure = try XCTUnwrap(TestSupport.onlyFailure(report))
        XCTAssertEqual(failure.step, 2)
        XCTAssertEqual(failure.stepName, "list")
        XCTAssertNil(failure.repeatIndex)
        XCTAssertEqual(failure.mismatches, [
            Mismatch(location: "status", expected: "201", actual: "200"),
            Mismatch(location: "header content-type", expected: "\"text/plain\"", actual: "\"application/json\""),
            Mismatch(location: "header X-Absent", expected: "present", actual: "absent"),
            Mismatch(location: "$[0].text", expected: "\"FIRST\"", actual: "\"first\""),
        ])
        XCTAssertTrue(failure.request.hasPrefix("GET /notes\nHost: ct-"), failure.request)
        // The token is masked as the request journal masks it: scheme, four characters, length.
        XCTAssertNotNil(failure.request.range(of: #"\nAuthorization: Bearer tok-…\([0-9]+ chars\)$"#, options: .regularExpression),
                        failure.request)
        XCTAssertFalse(failure.request.contains("tok-ct-"), failure.request)
        XCTAssertTrue(failure.response.hasPrefix("200 OK\n"), failure.response)
        let text = report.text
        XCTAssertTrue(text.contains("✗ wrong › deliberately wrong ("), text)
        XCTAssertTrue(text.contains("    step 2 (list)\n"), text)
        XCTAssertTrue(text.contains("      $[0].text:\n        expected: \"FIRST\"\n        actual:   \"first\""), text)
        XCTAssertTrue(text.hasSuffix("\n0 passed, 1 failed"), text)
    }

    func testRepeatDrivesTheRateLimitToItsLimit() throws {
        // Frozen clock: 3 requests per 60 s, so the bucket is full again 60 s after the first.
        let report = try TestSupport.run(#"""
        {"contract": "limit", "dialect": "notes", "fixture": "notes-basic", "source": "inferred: test",
         "cases": [{"name": "exhaust and recover", "freeze_clock": 1700000000, "steps": [
            {"request": {"method": "GET", "path": "/notes/limited"}, "repeat": 4,
             "expect_repeats": {"status": 200},
             "expect": {"status": 429, "body": {"error": "slow down"},
                        "headers": {"X-RateLimit-Limit": "3", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1700000060"}}},
            {"advance_clock": 20, "request": {"method": "GET", "path": "/notes/limited"},
             "expect": {"status": 200, "headers": {"X-RateLimit-Remaining": "0"}}},
            {"request": {"method": "GET", "path": "/notes/limited"}, "expect": {"status": 429}}
         ]}]}
        """#)
        XCTAssertEqual(report.summaryLine, "1 passed, 0 failed", report.text)
    }

    func testARepeatThatFailsEarlyNamesTheRepeat() throws {
        let report = try TestSupport.run(#"""
        {"contract": "limit", "dialect": "notes", "fixture": "notes-basic", "source": "inferred: test",
         "cases": [{"name": "too few", "rate_limit": {"limit": 2, "window_seconds": 3600}, "steps": [
            {"request": {"method": "GET", "path": "/notes/limited"}, "repeat": 5,
             "expect_repeats": {"status": 200}, "expect": {"status": 429}}
         ]}]}
        """#)
        let failure = try XCTUnwrap(TestSupport.onlyFailure(report))
        XCTAssertEqual(failure.repeatIndex, 3)
        XCTAssertEqual(failure.mismatches, [Mismatch(location: "status", expected: "200", actual: "429")])
    }

    func testBodiesAreSentAsWritten() throws {
        let report = try TestSupport.run(#"""
        {"contract": "bodies", "dialect": "notes", "fixture": "notes-basic", "source": "inferred: test",
         "cases": [
            {"name": "json adds a content type", "request": {"method": "POST", "path": "/notes/echo", "json": {"a": [1, true]}},
             "expect": {"status": 200, "body": {"headers": {"content-type": "application/json"}, "body": "{\"a\":[1,true]}", "query": ""}}},
            {"name": "json with content type suppressed",
             "request": {"method": "POST", "path": "/notes/echo", "headers": {"Content-Type": null}, "json": {"a": 1}},
             "expect": {"status": 200, "body": {"headers": {}, "body": "{\"a\":1}", "query": ""}}},
            {"name": "raw body, no content type", "request": {"method": "POST", "path": "/notes/echo", "body": "{\"a\": "},
             "expect": {"status": 200, "body": {"headers": {}, "body": "{\"a\": ", "query": ""}}},
            {"name": "query object and headers",
             "request": {"method": "POST", "path": "/notes/echo", "query": {"page": 0, "include_totals": true, "q": "a b"},
                         "headers": {"X-Custom": "v{{tenant}}"}},
             "expect": {"status": 200, "body": {"headers": {"x-custom": "v{{tenant}}"}, "body": "",
                                                "query": "page=0&include_totals=true&q=a%20b"}}},
            {"name": "raw query", "request": {"method": "POST", "path": "/notes/echo", "query": "per_page=abc&x"},
             "expect": {"status": 200, "body": {"$partial": {"query": "per_page=abc&x"}}}}
         ]}
        """#)
        XCTAssertEqual(report.summaryLine, "5 passed, 0 failed", report.text)
    }

    func testEachCaseRunsOnAFreshTenantThatIsDeletedAfterwards() throws {
        let emulator = try TestSupport.notesEmulator()
        let before = emulator.tenants.all.map(\.id)
        var cases: [String] = []
        for i in 0..<40 {
            cases.append(#"""
            {"name": "remove n1 #\#(i)", "steps": [
               {"request": {"method": "POST", "path": "/notes/login"}, "expect": {"status": 200}, "capture": {"t": "$.access_token"}},
               {"request": {"method": "GET", "path": "/notes", "headers": {"Authorization": "Bearer {{t}}"}},
                "expect": {"status": 200, "body": {"$unordered": [{"id": "n2", "text": "second"}, {"id": "n1", "text": "first"}]}}},
               {"request": {"method": "DELETE", "path": "/notes/n1", "headers": {"Authorization": "Bearer {{t}}"}},
                "expect": {"status": 204}}
            ]}
            """#)
        }
        let report = try TestSupport.run(#"""
            {"contract": "isolation", "dialect": "notes", "fixture": "notes-basic", "source": "inferred: test", "cases": [
            """# + cases.joined(separator: ",") + "]}", emulator: emulator)
        XCTAssertEqual(report.summaryLine, "40 passed, 0 failed", report.text)
        XCTAssertEqual(emulator.tenants.all.map(\.id), before)
        // The fixture's own tenant was never touched.
        let untouched = emulator.handle(HTTPRequest(method: "GET", target: "/notes",
                                                    headers: ["Host": "notes.localhost", "Authorization": "Bearer tok-notes"]))
        XCTAssertEqual(untouched.jsonBody, [["id": "n1", "text": "first"], ["id": "n2", "text": "second"]])
    }

    func testATokenOfOneTenantIsRefusedByAnother() throws {
        let report = try TestSupport.run(#"""
        {"contract": "cross", "dialect": "notes", "fixture": "notes-basic", "source": "inferred: test",
         "cases": [{"name": "cross tenant", "tenants": {"other": "notes-basic"}, "steps": [
            {"request": {"method": "POST", "path": "/notes/login"}, "expect": {"status": 200}, "capture": {"t": "$.access_token"}},
            {"tenant": "other", "request": {"method": "GET", "path": "/notes", "headers": {"Authorization": "Bearer {{t}}"}},
             "expect": {"status": 401, "body": {"error": "unauthorized"}}},
            {"tenant": "other", "request": {"method": "POST", "path": "/notes/login"},
             "expect": {"status": 200, "body": {"access_token": "tok-{{tenant.other}}", "expires_in": 60}}}
         ]}]}
        """#)
        XCTAssertEqual(report.summaryLine, "1 passed, 0 failed", report.text)
    }

    func testUnknownPlaceholdersAndFixturesFailTheCase() throws {
        let report = try TestSupport.run(#"""
        {"contract": "c", "dialect": "notes", "fixture": "notes-basic", "source": "inferred: test",
         "cases": [{"name": "unknown", "request": {"method": "GET", "path": "/notes/{{nope}}"}, "expect": {"status": 200}}]}
        """#)
        XCTAssertEqual(TestSupport.onlyFailure(report)?.message, "unknown placeholder(s): {{nope}}")
        let missing = try TestSupport.run(#"""
        {"contract": "c", "dialect": "notes", "fixture": "notes-gone", "source": "inferred: test",
         "cases": [{"name": "no fixture", "request": {"method": "GET", "path": "/notes"}, "expect": {"status": 200}}]}
        """#)
        XCTAssertEqual(TestSupport.onlyFailure(missing)?.message,
                       "cannot provision the case's tenants: no fixture named \"notes-gone\"; loaded: notes-basic")
        let dialect = try TestSupport.run(#"""
        {"contract": "c", "dialect": "crux", "fixture": "notes-basic", "source": "inferred: test",
         "cases": [{"name": "wrong dialect", "request": {"method": "GET", "path": "/notes"}, "expect": {"status": 200}}]}
        """#)
        XCTAssertEqual(TestSupport.onlyFailure(dialect)?.message,
                       "cannot provision the case's tenants: fixture \"notes-basic\" is of dialect notes, not crux")
    }

    func testARemoteTargetRunsOnlyRemoteSafeCases() throws {
        let emulator = try TestSupport.notesEmulator()
        let target = ContractTarget(label: "remote", transport: EmulatorTransport(emulator: emulator), provisioner: nil,
                                    variables: ["token": "tok-notes"])
        let file = try TestSupport.contract(#"""
        {"contract": "remote", "dialect": "notes", "fixture": "notes-basic", "source": "inferred: test",
         "variables": {"token": "not-this-one"},
         "cases": [
            {"name": "safe", "remote_safe": true,
             "request": {"method": "GET", "path": "/notes", "headers": {"Authorization": "Bearer {{token}}"}},
             "expect": {"status": 200}},
            {"name": "needs a tenant", "request": {"method": "GET", "path": "/notes"}, "expect": {"status": 401}},
            {"name": "drives the clock", "remote_safe": true, "freeze_clock": 1,
             "request": {"method": "GET", "path": "/notes"}, "expect": {"status": 401}}
         ]}
        """#)
        let report = ContractRunner(target: target).run([file])
        XCTAssertEqual(report.summaryLine, "1 passed, 0 failed, 2 skipped", report.text)
        XCTAssertTrue(report.text.contains("- remote › needs a tenant (skipped: needs a fresh tenant from fixture notes-basic; not marked remote_safe)"), report.text)
    }

    func testFilterSelectsCases() throws {
        let emulator = try TestSupport.notesEmulator()
        let file = try TestSupport.contract(#"""
        {"contract": "f", "dialect": "notes", "fixture": "notes-basic", "source": "inferred: test", "cases": [
            {"name": "alpha", "request": {"method": "GET", "path": "/notes"}, "expect": {"status": 401}},
            {"name": "beta", "request": {"method": "GET", "path": "/notes"}, "expect": {"status": 401}}]}
        """#)
        let report = ContractRunner(target: .inProcess(emulator), filter: "ALPHA").run([file])
        XCTAssertEqual(report.results.map(\.name), ["alpha"])
    }
}
