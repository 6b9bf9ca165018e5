import Foundation
import TenantMock
import XCTest

/// `tenantmock verify` as a process: output, exit code, report files.
final class VerifyCommandTests: XCTestCase {
    func run(_ arguments: [String]) throws -> (status: Int32, output: String) { try TestSupport.runTenantmock(arguments) }

    func requireCrux() throws {
        if DialectRegistry.builtIn["crux"]?.routes.isEmpty ?? true { throw XCTSkip("the crux dialect is not in this build") }
    }

    func testAWrongExpectationFailsWithADiffAndExitCode1() throws {
        try requireCrux()
        let folder = try TestSupport.temporaryFolder(self)
        let file = folder.appendingPathComponent("wrong.json")
        try #"""
        {"contract": "wrong", "dialect": "crux", "fixture": "crux-supplier", "source": "inferred: a deliberately wrong expectation",
         "cases": [
            {"name": "right", "request": {"method": "GET", "path": "/organizations/"},
             "expect": {"status": 401, "body": {"detail": "Authentication credentials were not provided."}}},
            {"name": "wrong", "request": {"method": "GET", "path": "/organizations/"},
             "expect": {"status": 401, "headers": {"WWW-Authenticate": "Bearer"}, "body": {"detail": "Not authenticated."}}}
         ]}
        """#.write(to: file, atomically: true, encoding: .utf8)
        let junit = folder.appendingPathComponent("report.xml")
        let json = folder.appendingPathComponent("report.json")
        let (status, output) = try run(["verify", file.path, "--junit", junit.path, "--json", json.path])
        XCTAssertEqual(status, 1, output)
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertTrue(lines.contains { $0.hasPrefix("✓ wrong › right (") }, output)
        XCTAssertTrue(lines.contains { $0.hasPrefix("✗ wrong › wrong (") }, output)
        XCTAssertTrue(output.contains("""
                  header WWW-Authenticate:
                    expected: "Bearer"
                    actual:   "Token"
            """), output)
        XCTAssertTrue(output.contains("""
                  $.detail:
                    expected: "Not authenticated."
                    actual:   "Authentication credentials were not provided."
            """), output)
        XCTAssertTrue(output.contains("    request:\n      GET /organizations/\n"), output)
        XCTAssertEqual(lines.last(where: { !$0.isEmpty }), "1 passed, 1 failed")
        let xml = try String(contentsOf: junit, encoding: .utf8)
        XCTAssertTrue(xml.contains(#"<testcase classname="wrong" name="wrong""#), xml)
        let report = try JSONParser().parse(Array(try Data(contentsOf: json)))
        XCTAssertEqual(report["passed"], 1)
        XCTAssertEqual(report["failed"], 1)
    }

    func testAMalformedFileIsReportedAndTheOthersRun() throws {
        try requireCrux()
        let folder = try TestSupport.temporaryFolder(self)
        try #"{"contract": "ok", "dialect": "crux", "fixture": "crux-supplier", "source": "inferred: test", "cases": [{"name": "unauthenticated", "request": {"method": "GET", "path": "/organizations/"}, "expect": {"status": 401}}]}"#
            .write(to: folder.appendingPathComponent("a.json"), atomically: true, encoding: .utf8)
        try "{\"contract\": \"bad\",\n\"cases\": [}".write(to: folder.appendingPathComponent("b.json"), atomically: true, encoding: .utf8)
        let (status, output) = try run(["verify", folder.path])
        XCTAssertEqual(status, 1, output)
        XCTAssertTrue(output.contains("✗ \(folder.path)/b.json: $.cases[0]: invalid JSON at line 2, column 11: unexpected '}', expected a JSON value"), output)
        XCTAssertTrue(output.contains("✓ ok › unauthenticated ("), output)
        XCTAssertTrue(output.hasSuffix("1 passed, 1 failed\n"), output)
    }

    func testARemoteTargetSkipsCasesThatNeedAFreshTenant() throws {
        let folder = try TestSupport.temporaryFolder(self)
        try #"{"contract": "c", "dialect": "crux", "fixture": "crux-supplier", "source": "inferred: test", "cases": [{"name": "needs a tenant", "request": {"method": "GET", "path": "/organizations/"}, "expect": {"status": 401}}]}"#
            .write(to: folder.appendingPathComponent("c.json"), atomically: true, encoding: .utf8)
        // Nothing listens on port 9 (discard) of 127.0.0.1 here; a skipped case sends nothing.
        let (status, output) = try run(["verify", folder.path, "--target", "http://127.0.0.1:9"])
        XCTAssertEqual(status, 0, output)
        XCTAssertTrue(output.hasSuffix("0 passed, 0 failed, 1 skipped\n"), output)
        let (usage, message) = try run(["verify", "--target", "ftp://x"])
        XCTAssertEqual(usage, 64)
        XCTAssertTrue(message.contains("--target expects http://HOST[:PORT] or https://HOST"), message)
    }
}

/// `tenantmock verify --target` against `tenantmock serve` in another process.
final class VerifyAgainstServeTests: XCTestCase {
    func testRemoteSafeCasesPassAgainstARunningSandbox() throws {
        let serve = Process()
        serve.executableURL = try TestSupport.tenantmockBinary()
        serve.arguments = ["serve", "--port", "0"]
        let pipe = Pipe()
        serve.standardOutput = pipe
        serve.standardError = FileHandle.nullDevice
        try serve.run()
        defer {
            if serve.isRunning { serve.terminate() }
            serve.waitUntilExit()
        }
        // The first line is `listening on http://127.0.0.1:PORT`.
        var first = Data()
        while !first.contains(0x0A) {
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            first.append(chunk)
        }
        let line = String(decoding: first, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
        guard line.hasPrefix("listening on http://") else { return XCTFail("unexpected first line: \(line)") }
        let url = String(line.dropFirst("listening on ".count))

        let (status, output) = try TestSupport.runTenantmock(["verify", "--target", url])
        XCTAssertEqual(status, 0, output)
        let summary = output.split(separator: "\n").last.map(String.init) ?? ""
        let numbers = summary.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        XCTAssertEqual(numbers.count, 3, summary)
        XCTAssertTrue(summary.hasSuffix(" skipped") && summary.contains(" passed, 0 failed, "), summary)
        XCTAssertGreaterThan(numbers.first ?? 0, 20, summary)
        XCTAssertTrue(output.contains("- auth0-scenarios › exhaust the rate limit, see 429, then recover (skipped:"), output)
    }
}
