import XCTest
import Foundation

/// Runs the built `tenantmock` binary (it sits beside the test bundle).
func runTenantMock(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tenantmock")
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read before waiting: a full pipe would block the child.
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
}

final class CommandLineTests: XCTestCase {
    func testEveryCommandHasHelp() throws {
        for command in [["serve"], ["verify"], ["routes"], ["fixtures", "validate"], ["fixtures", "embed"]] {
            let result = try runTenantMock(command + ["--help"])
            XCTAssertEqual(result.status, 0, command.joined(separator: " "))
            XCTAssertTrue(result.stdout.hasPrefix("OVERVIEW: "), result.stdout)
            XCTAssertTrue(result.stdout.contains("USAGE: tenantmock \(command.joined(separator: " "))"), result.stdout)
        }
        let top = try runTenantMock(["--help"])
        XCTAssertEqual(top.status, 0)
        XCTAssertTrue(top.stdout.contains("fixtures validate"))
    }

    func testUsageErrorsExit64() throws {
        let unknown = try runTenantMock(["frobnicate"])
        XCTAssertEqual(unknown.status, 64)
        XCTAssertTrue(unknown.stderr.contains("unknown command 'frobnicate'"), unknown.stderr)
        let badOption = try runTenantMock(["routes", "--nope"])
        XCTAssertEqual(badOption.status, 64)
        XCTAssertTrue(badOption.stderr.contains("unknown option '--nope' for 'routes'"), badOption.stderr)
        let missingSub = try runTenantMock(["fixtures"])
        XCTAssertEqual(missingSub.status, 64)
    }

    func testRoutesListsEveryDialect() throws {
        let result = try runTenantMock(["routes"])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.stdout.contains("auth0: "), result.stdout)
        XCTAssertTrue(result.stdout.contains("crux: "), result.stdout)
    }

    func testFixturesValidateReportsFilePathAndReason() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tm-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let bad = folder.appendingPathComponent("bad.json")
        try Data(#"{"fixture":"bad","dialect":"auth0","data":[]}"#.utf8).write(to: bad)
        let result = try runTenantMock(["fixtures", "validate", bad.path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.contains("FAIL \(bad.path): $.data: expected an object, found array"), result.stdout)

        let good = try runTenantMock(["fixtures", "validate", DefaultFixturesTests.fixturesFolder.path])
        XCTAssertEqual(good.status, 0, good.stdout)
        XCTAssertTrue(good.stdout.hasSuffix(" refused\n"), good.stdout)
        XCTAssertTrue(good.stdout.contains(", 0 refused"), good.stdout)
    }
}
