import Foundation
import TenantMock
import TenantMockContracts
import XCTest

/// Shared helpers of the contract engine tests.
enum TestSupport {
    /// An emulator of the built-in dialects plus the notes dialect, with the
    /// `notes-basic` fixture (two notes) loaded and started.
    static func notesEmulator() throws -> Emulator {
        var registry = DialectRegistry.builtIn
        registry.register(NotesDialect())
        let emulator = Emulator(dialects: registry)
        let fixture = #"{"fixture": "notes-basic", "dialect": "notes", "tenant": "notes", "default": true, "data": {"notes": ["first", "second"]}}"#
        try emulator.loadFixtures(documents: [(file: "notes-basic.json", bytes: Array(fixture.utf8))])
        emulator.startFixtureTenants()
        return emulator
    }

    /// A contract file from JSON text.
    static func contract(_ text: String, file: String = "test.json") throws -> ContractFile {
        try ContractLoader.load(bytes: Array(text.utf8), file: file)
    }

    /// Runs the cases of `text` in-process on the notes emulator.
    static func run(_ text: String, emulator: Emulator? = nil) throws -> ContractReport {
        let emulator = try emulator ?? notesEmulator()
        return ContractRunner(target: .inProcess(emulator)).run([try contract(text)])
    }

    /// A fresh temporary folder, removed at the end of the test.
    static func temporaryFolder(_ test: XCTestCase) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("contracts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// The failure of the only case of `report`.
    static func onlyFailure(_ report: ContractReport, file: StaticString = #filePath, line: UInt = #line) -> CaseFailure? {
        XCTAssertEqual(report.results.count, 1, file: file, line: line)
        guard case .failed(let failure)? = report.results.first?.outcome else {
            XCTFail("expected a failure, got \(report.text)", file: file, line: line)
            return nil
        }
        return failure
    }

    static var contractsFolder: String { repositoryRoot.appendingPathComponent("Contracts").path }
    static var fixturesFolder: String { repositoryRoot.appendingPathComponent("Fixtures").path }

    /// An emulator on the repository's fixtures and the bundled contract files
    /// whose dialect and fixtures are in this build (a skip when there are none).
    static func bundledSuite() throws -> (emulator: Emulator, files: [ContractFile]) {
        let emulator = try Emulator.makeDefault(fixturePaths: [fixturesFolder])
        let (paths, _) = ContractLoader.files(in: [contractsFolder])
        let files = try paths.map { try ContractLoader.load(file: $0) }.filter { file in
            let hasRoutes = !(emulator.dialects[file.dialect]?.routes.isEmpty ?? true)
            let fixtures = [file.fixture] + file.cases.flatMap { $0.extraTenants.map(\.fixture) }
            return hasRoutes && fixtures.allSatisfy { emulator.fixtures.fixture($0) != nil }
        }
        guard !files.isEmpty else { throw XCTSkip("no dialect of the suite has routes and fixtures in this build") }
        return (emulator, files)
    }

    /// The built `tenantmock` binary beside the test bundle (a skip when absent).
    static func tenantmockBinary() throws -> URL {
        var folder = Bundle.main.bundleURL
        for _ in 0..<3 {
            let candidate = folder.appendingPathComponent("tenantmock")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        throw XCTSkip("the tenantmock binary is not built next to the tests")
    }

    /// Runs `tenantmock` with `arguments` in the repository root; its exit status and combined output.
    static func runTenantmock(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = try tenantmockBinary()
        process.arguments = arguments
        process.currentDirectoryURL = repositoryRoot
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        // Read before waiting: a full pipe would block the child.
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The repository's root (the folder holding Package.swift).
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
}
