import Foundation
import TenantMock
import TenantMockContracts
import TenantMockServer
import XCTest

/// The bundled suite against the sandbox server on an ephemeral port: the
/// requests travel the server's socket path, the tenants are provisioned
/// through its admin API, and every case must end as it does in-process.
final class LiveServerTests: XCTestCase {
    /// The sandbox server for `emulator` on an ephemeral port.
    func startServer(_ emulator: Emulator) throws -> (HTTPServer, Int) {
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        let server = HTTPServer(configuration: configuration) { emulator.handle($0) }
        return (server, try server.start())
    }

    func stop(_ server: HTTPServer) {
        server.shutdown()
        server.waitUntilStopped()
    }

    func testTheSuiteAgreesAgainstTheSandboxServer() throws {
        let (emulator, files) = try TestSupport.bundledSuite()
        let (server, port) = try startServer(emulator)
        defer { stop(server) }
        let local = ContractRunner(target: .inProcess(emulator)).run(files)
        let remote = ContractRunner(target: .sandbox(host: "127.0.0.1", port: port, adminKey: emulator.configuration.adminKey))
            .run(files)
        XCTAssertEqual(remote.results.map(\.fullName), local.results.map(\.fullName))
        for (l, r) in zip(local.results, remote.results) where l.passed != r.passed {
            XCTFail("\(l.fullName): in-process \(l.passed ? "passed" : "failed"), over the server \(r.passed ? "passed" : "failed")\n"
                    + remote.text)
        }
        XCTAssertEqual(remote.summaryLine, local.summaryLine)
        XCTAssertEqual(local.failedCount, 0, local.text)
    }

    func testLiveSandboxTargetProvisionsOnTheSameEmulator() throws {
        let (emulator, files) = try TestSupport.bundledSuite()
        let (server, port) = try startServer(emulator)
        defer { stop(server) }
        let before = Set(emulator.tenants.all.map(\.id))
        let report = ContractRunner(target: .liveSandbox(port: port, emulator: emulator)).run(files)
        XCTAssertEqual(report.results.count, files.reduce(0) { $0 + $1.cases.count })
        XCTAssertEqual(report.skippedCount, 0)
        XCTAssertEqual(report.failedCount, 0, report.text)
        XCTAssertEqual(Set(emulator.tenants.all.map(\.id)), before)
    }
}
