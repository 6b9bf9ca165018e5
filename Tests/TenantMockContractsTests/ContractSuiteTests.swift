import Foundation
import TenantMock
import TenantMockContracts
import XCTest

/// The bundled suite in `Contracts/` against the built-in dialects and the
/// repository's fixtures: in-process here, and against `tenantmock serve` in another
/// process with fresh tenants made through its admin API (`LiveServerTests` runs it
/// over `HTTPServer` in this process).
final class ContractSuiteTests: XCTestCase {
    static var contractsFolder: String { TestSupport.contractsFolder }

    func testEveryContractFileLoads() throws {
        let (files, missing) = ContractLoader.files(in: [Self.contractsFolder])
        XCTAssertEqual(missing, [])
        XCTAssertGreaterThanOrEqual(files.count, 20)
        for file in files {
            XCTAssertNoThrow(try ContractLoader.load(file: file), file)
        }
    }

    func testEveryCaseNamesItsSource() throws {
        let (files, _) = ContractLoader.files(in: [Self.contractsFolder])
        for file in files {
            let contract = try ContractLoader.load(file: file)
            XCTAssertTrue(["auth0", "crux"].contains(contract.dialect), file)
            let sources = [("file", contract.source)] + contract.cases.map { ($0.name, $0.source) }
            for (name, source) in sources {
                XCTAssertTrue(Self.namesAPublicSource(source),
                              "\(file) › \(name): source \"\(source)\" names no vendor page, recording, "
                              + "vendor document, issue, framework source or inference")
                let forms = Self.internalCitations(in: source)
                XCTAssertEqual(forms, [], "\(file) › \(name): source \"\(source)\" cites what a user "
                               + "cannot open (\(forms.joined(separator: ", "))); cite its public source or say inferred")
            }
        }
    }

    /// A vendor page (URL or title), a recording file, a vendor document, a framework's source
    /// file at a version, or an inference.
    static func namesAPublicSource(_ source: String) -> Bool {
        let lower = source.lowercased()
        let markers = ["http", "test/data/recordings", "openapi document", "auth0 docs", "crux-docs",
                       "django-rest-framework", "django 2.0", "auth0-python", "docs-v2", "z-schema", "auth0-cli"]
        return lower.hasPrefix("inferred") || markers.contains { lower.contains($0) }
    }

    /// The internal citation forms a user cannot open: the project's notes (`reference auth0.md`,
    /// `reference cruxconnect.md`, `auth0-research`, their `§` sections, `auth0-oas-in-scope.txt`),
    /// the task brief, `shared/` paths and seed files (`seed 002`, `002_82edcf1324709ff7.txt`).
    /// A section of an RFC (`RFC 6749 §5.2`) is public.
    static func internalCitations(in text: String) -> [String] {
        let lower = text.lowercased()
        var found = ["shared/", "reference auth0", "reference cruxconnect", "reference/", "research",
                     "auth0-oas-in-scope"].filter { lower.contains($0) }
        let patterns = [(#"\bbrief\b"#, "brief"), (#"\bseeds? \d{3}"#, "seed NNN"), (#"\d{3}_[0-9a-f]{16}"#, "a seed file")]
        for (pattern, form) in patterns where lower.firstMatch(of: try! Regex(pattern)) != nil {
            found.append(form)
        }
        let withoutRFCs = lower.replacing(try! Regex(#"rfc \d+ §[0-9.]+"#), with: "")
        if withoutRFCs.contains("§") { found.append("§ of an internal note") }
        return found
    }

    func testTheSuitePassesInProcess() throws {
        let (emulator, files) = try TestSupport.bundledSuite()
        let before = Set(emulator.tenants.all.map(\.id))
        let report = ContractRunner(target: .inProcess(emulator)).run(files)
        XCTAssertEqual(report.results.count, files.reduce(0) { $0 + $1.cases.count })
        XCTAssertEqual(report.failedCount, 0, report.text)
        XCTAssertEqual(report.skippedCount, 0)
        // Every case cleaned up after itself: only the fixtures' own tenants remain.
        XCTAssertEqual(Set(emulator.tenants.all.map(\.id)), before)
    }

    func testRemoteSafeCasesRunWithoutProvisioning() throws {
        let (emulator, files) = try TestSupport.bundledSuite()
        let target = ContractTarget(label: "remote", transport: EmulatorTransport(emulator: emulator), provisioner: nil)
        let report = ContractRunner(target: target).run(files)
        XCTAssertEqual(report.failedCount, 0, report.text)
        XCTAssertGreaterThan(report.passedCount, 0)
        XCTAssertGreaterThan(report.skippedCount, 0)
        XCTAssertEqual(report.passedCount + report.skippedCount, report.results.count)
    }

    /// `tenantmock verify --target URL --admin-key KEY` against `tenantmock serve --port 0
    /// --admin-key KEY` runs every case of the bundled suite: none skipped, none failed.
    func testVerifyRunsTheWholeSuiteAgainstServeWithItsAdminKey() throws {
        let (paths, _) = ContractLoader.files(in: [Self.contractsFolder])
        let caseCount = try paths.reduce(0) { $0 + (try ContractLoader.load(file: $1)).cases.count }
        let key = "suite-" + Emulator.Configuration.randomKey()

        let serve = Process()
        serve.executableURL = try TestSupport.tenantmockBinary()
        serve.arguments = ["serve", "--port", "0", "--admin-key", key]
        let pipe = Pipe()
        serve.standardOutput = pipe
        serve.standardError = FileHandle.nullDevice
        try serve.run()
        defer {
            if serve.isRunning { serve.terminate() }
            serve.waitUntilExit()
        }
        // `listening on http://127.0.0.1:PORT`, then `admin key: KEY`.
        var bytes: [UInt8] = []
        let reader = pipe.fileHandleForReading
        while bytes.filter({ $0 == 0x0A }).count < 2, let b = reader.readData(ofLength: 1).first { bytes.append(b) }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
        guard lines.count == 2, lines[0].hasPrefix("listening on http://") else { return XCTFail("unexpected start: \(lines)") }
        XCTAssertEqual(lines[1], "admin key: \(key)")
        let url = String(lines[0].dropFirst("listening on ".count))

        let (status, output) = try TestSupport.runTenantmock(["verify", "--target", url, "--admin-key", key])
        XCTAssertEqual(status, 0, output)
        XCTAssertGreaterThan(caseCount, 100)
        XCTAssertEqual(output.split(separator: "\n").last.map(String.init), "\(caseCount) passed, 0 failed", output)
        XCTAssertFalse(output.contains("(skipped:"), output)
    }
}
