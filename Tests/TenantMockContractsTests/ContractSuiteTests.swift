import Foundation
import TenantMock
import TenantMockContracts
import XCTest

/// The bundled suite in `Contracts/` against the built-in dialects and the
/// repository's fixtures: in-process, and over a socket.
final class ContractSuiteTests: XCTestCase {
    static var contractsFolder: String { TestSupport.repositoryRoot.appendingPathComponent("Contracts").path }
    static var fixturesFolder: String { TestSupport.repositoryRoot.appendingPathComponent("Fixtures").path }

    /// An emulator on the repository's fixtures and the contract files whose
    /// dialect and fixture are in this build (a skip when there are none).
    func suite() throws -> (emulator: Emulator, files: [ContractFile]) {
        let emulator = try Emulator.makeDefault(fixturePaths: [Self.fixturesFolder])
        let (paths, _) = ContractLoader.files(in: [Self.contractsFolder])
        let files = try paths.map { try ContractLoader.load(file: $0) }.filter { file in
            let hasRoutes = !(emulator.dialects[file.dialect]?.routes.isEmpty ?? true)
            let fixtures = [file.fixture] + file.cases.flatMap { $0.extraTenants.map(\.fixture) }
            return hasRoutes && fixtures.allSatisfy { emulator.fixtures.fixture($0) != nil }
        }
        guard !files.isEmpty else { throw XCTSkip("no dialect of the suite has routes and fixtures in this build") }
        return (emulator, files)
    }

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
            for c in contract.cases {
                let source = c.source.lowercased()
                XCTAssertTrue(source.contains("seed") || source.contains("reference") || source.contains("research")
                              || source.hasPrefix("inferred") || source.contains("brief"),
                              "\(file) › \(c.name): source \"\(c.source)\" names no seed, reference or inference")
            }
        }
    }

    func testTheSuitePassesInProcess() throws {
        let (emulator, files) = try suite()
        let before = Set(emulator.tenants.all.map(\.id))
        let report = ContractRunner(target: .inProcess(emulator)).run(files)
        XCTAssertEqual(report.results.count, files.reduce(0) { $0 + $1.cases.count })
        XCTAssertEqual(report.failedCount, 0, report.text)
        XCTAssertEqual(report.skippedCount, 0)
        // Every case cleaned up after itself: only the fixtures' own tenants remain.
        XCTAssertEqual(Set(emulator.tenants.all.map(\.id)), before)
    }

    func testTheSuiteAgreesOverTheNetwork() throws {
        let (emulator, files) = try suite()
        let server = try TinyHTTPServer { emulator.handle($0) }
        defer { server.stop() }
        let local = ContractRunner(target: .inProcess(emulator)).run(files)
        let target = ContractTarget.sandbox(host: "127.0.0.1", port: server.port, adminKey: emulator.configuration.adminKey)
        let remote = ContractRunner(target: target).run(files)
        XCTAssertEqual(remote.results.map(\.fullName), local.results.map(\.fullName))
        XCTAssertEqual(remote.results.map(\.passed), local.results.map(\.passed), remote.text)
        XCTAssertEqual(remote.summaryLine, local.summaryLine)
    }

    func testRemoteSafeCasesRunWithoutProvisioning() throws {
        let (emulator, files) = try suite()
        let target = ContractTarget(label: "remote", transport: EmulatorTransport(emulator: emulator), provisioner: nil)
        let report = ContractRunner(target: target).run(files)
        XCTAssertEqual(report.failedCount, 0, report.text)
        XCTAssertGreaterThan(report.passedCount, 0)
        XCTAssertGreaterThan(report.skippedCount, 0)
        XCTAssertEqual(report.passedCount + report.skippedCount, report.results.count)
    }
}
