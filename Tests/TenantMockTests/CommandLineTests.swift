import XCTest
import Foundation
import TenantMock

/// Runs the built `tenantmock` binary (it sits beside the test bundle).
func runTenantMock(_ arguments: [String], in directory: URL? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = tenantMockBinary
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
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

    /// A scratch folder, removed by the caller's `defer`.
    private func scratch() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tm-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A copy of the default `auth0-acme` fixture named `name`, for tenant `tenant`.
    private func acmeCopy(name: String, tenant: String) throws -> Data {
        let text = try String(contentsOf: DefaultFixturesTests.fixturesFolder.appendingPathComponent("auth0-acme.json"), encoding: .utf8)
        return Data(text.replacingOccurrences(of: #""fixture": "auth0-acme""#, with: #""fixture": "\#(name)""#)
            .replacingOccurrences(of: #""tenant": "acme""#, with: #""tenant": "\#(tenant)""#).utf8)
    }

    /// `--add-fixtures` keeps the defaults and adds to them; on a clash (here a tenant id) the
    /// added fixture wins, and stderr says which it replaced. `--fixtures` alone replaces them.
    func testServeAddFixturesAddsToTheDefaultsAndWinsAClash() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        try acmeCopy(name: "my-acme", tenant: "acme").write(to: folder.appendingPathComponent("my-acme.json"))
        try acmeCopy(name: "auth0-extra", tenant: "extra").write(to: folder.appendingPathComponent("extra.json"))

        let added = try ServeProcess(["--add-fixtures", folder.path])
        XCTAssertEqual(added.stop(), 0)
        let tenants = added.stdout.components(separatedBy: "\n\naddress")[0]
        XCTAssertTrue(tenants.contains("fixture my-acme"), tenants)         // the added one won the tenant id acme
        XCTAssertFalse(tenants.contains("fixture auth0-acme"), tenants)
        XCTAssertTrue(tenants.contains("fixture auth0-extra"), tenants)     // added
        XCTAssertTrue(tenants.contains("fixture auth0-globex"), tenants)    // defaults kept
        XCTAssertTrue(tenants.contains("fixture crux-supplier"), tenants)
        XCTAssertTrue(added.stderr.contains("replaces the fixture auth0-acme"), added.stderr)

        let replaced = try ServeProcess(["--fixtures", folder.path + "/extra.json"])
        XCTAssertEqual(replaced.stop(), 0)
        XCTAssertTrue(replaced.stdout.contains("fixture auth0-extra"), replaced.stdout)
        XCTAssertFalse(replaced.stdout.contains("fixture auth0-globex"), replaced.stdout)
    }

    /// `fixtures validate` without a path checks ./Fixtures when the folder is there, else the
    /// embedded defaults.
    func testFixturesValidateWithoutAPathChecksTheFixturesFolderHere() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let embedded = try runTenantMock(["fixtures", "validate"], in: folder)
        XCTAssertEqual(embedded.status, 0, embedded.stdout)
        XCTAssertTrue(embedded.stdout.contains("ok   embedded:auth0-acme.json"), embedded.stdout)

        try FileManager.default.createDirectory(at: folder.appendingPathComponent("Fixtures"), withIntermediateDirectories: true)
        try Data(#"{"fixture":"bad","dialect":"auth0","data":[]}"#.utf8).write(to: folder.appendingPathComponent("Fixtures/bad.json"))
        let local = try runTenantMock(["fixtures", "validate"], in: folder)
        XCTAssertEqual(local.status, 1, local.stdout)
        XCTAssertTrue(local.stdout.hasPrefix("checking ./Fixtures (no path given)\n"), local.stdout)
        XCTAssertTrue(local.stdout.contains("FAIL Fixtures/bad.json: $.data: expected an object, found array"), local.stdout)
    }

    /// `fixtures embed` outside the repository names the folder and file it expects.
    func testFixturesEmbedOutsideTheRepositorySaysWhatItExpects() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bare = try runTenantMock(["fixtures", "embed"], in: folder)
        XCTAssertEqual(bare.status, 1)
        XCTAssertTrue(bare.stderr.hasPrefix("error: no folder Fixtures/ in "), bare.stderr)
        XCTAssertTrue(bare.stderr.contains("runs from the root of the TenantMock repository"), bare.stderr)

        try FileManager.default.createDirectory(at: folder.appendingPathComponent("Fixtures"), withIntermediateDirectories: true)
        let noSources = try runTenantMock(["fixtures", "embed"], in: folder)
        XCTAssertEqual(noSources.status, 1)
        XCTAssertTrue(noSources.stderr.hasPrefix("error: no folder Sources/TenantMock/ in "), noSources.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("Sources").path))
    }

    /// docs/fixtures.md's sample of `fixtures validate` output is what the command prints on
    /// the files it describes (one good, a dangling role, a missing comma).
    func testFixturesDocShowsTheRealValidateOutput() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fixtures = folder.appendingPathComponent("Fixtures")
        try FileManager.default.createDirectory(at: fixtures, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: DefaultFixturesTests.fixturesFolder.appendingPathComponent("auth0-globex.json"),
                                         to: fixtures.appendingPathComponent("auth0-globex.json"))
        var acme = try XCTUnwrap(JSONParser().parse(Array(acmeCopy(name: "bad-role", tenant: "bad-role"))).objectValue)
        var data = try XCTUnwrap(acme["data"]?.objectValue)
        var users = try XCTUnwrap(data["users"]?.arrayValue)
        var third = try XCTUnwrap(users[2].objectValue)
        third["roles"] = ["rol_missing"]
        users[2] = .object(third)
        data["users"] = .array(users)
        acme["data"] = .object(data)
        try Data(JSONSerializer.bytes(.object(acme))).write(to: fixtures.appendingPathComponent("bad-role.json"))
        try Data("{\n  \"fixture\": \"broken\",\n  \"dialect\": \"auth0\"\n  \"data\": {}\n}\n".utf8)
            .write(to: fixtures.appendingPathComponent("broken.json"))

        let doc = try String(contentsOf: DefaultFixturesTests.fixturesFolder.deletingLastPathComponent()
            .appendingPathComponent("docs/fixtures.md"), encoding: .utf8)
        let open = try XCTUnwrap(doc.range(of: "```text\n"))
        let close = try XCTUnwrap(doc[open.upperBound...].range(of: "```\n"))
        let result = try runTenantMock(["fixtures", "validate", "Fixtures/"], in: folder)
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stdout, String(doc[open.upperBound..<close.lowerBound]))
    }
}
