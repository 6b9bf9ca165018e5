import Foundation
import TenantMock
import TenantMockContracts
import XCTest

/// The bundled suite in `Contracts/` against the built-in dialects and the
/// repository's fixtures, in-process (`LiveServerTests` runs it over the server).
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
            for c in contract.cases {
                let source = c.source.lowercased()
                XCTAssertTrue(source.contains("seed") || source.contains("reference") || source.contains("research")
                              || source.hasPrefix("inferred") || source.contains("brief"),
                              "\(file) › \(c.name): source \"\(c.source)\" names no seed, reference or inference")
            }
        }
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
}
