#if canImport(Glibc)
import Glibc
#endif
import Foundation
import TenantMock
import TenantMockContracts
import XCTest

/// `tenantmock verify --target` with a base path, when the target cannot be reached,
/// and with a filter that selects nothing.
final class VerifyTargetTests: XCTestCase {
    func run(_ arguments: [String]) throws -> (status: Int32, output: String) { try TestSupport.runTenantmock(arguments) }

    /// A remote-safe notes contract: unauthenticated, the list is refused.
    func notesContract(_ test: XCTestCase) throws -> URL {
        let folder = try TestSupport.temporaryFolder(test)
        let file = folder.appendingPathComponent("notes.json")
        try #"""
        {"contract": "notes", "dialect": "notes", "fixture": "notes-basic", "source": "inferred: test", "remote_safe": true,
         "cases": [
            {"name": "unauthenticated", "request": {"method": "GET", "path": "/notes", "query": {"page": 2}},
             "expect": {"status": 401, "body": {"error": "unauthorized"}}},
            {"name": "echo", "request": {"method": "POST", "path": "/notes/echo", "json": {}}, "expect": {"status": 200}}
         ]}
        """#.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    func testATargetsPathIsJoinedToEveryRequestsPath() throws {
        let emulator = try TestSupport.notesEmulator()
        let server = try TinyHTTPServer { emulator.handle($0) }
        defer { server.stop() }
        let file = try notesContract(self)
        for base in ["/tenants/notes", "/tenants/notes/"] {
            let (status, output) = try run(["verify", file.path, "--target", "http://127.0.0.1:\(server.port)\(base)"])
            XCTAssertEqual(status, 0, output)
            XCTAssertTrue(output.hasSuffix("2 passed, 0 failed\n"), output)
        }
        let heads = server.heads.withLock { $0 }
        XCTAssertEqual(heads.filter { $0.hasPrefix("GET /tenants/notes/notes?page=2 HTTP/1.1\r\n") }.count, 2, "\(heads)")
        XCTAssertEqual(heads.filter { $0.hasPrefix("POST /tenants/notes/notes/echo HTTP/1.1\r\n") }.count, 2, "\(heads)")
        // The tenant the path names answered (an unknown one is the sandbox's 404).
        XCTAssertEqual(emulator.journalEntries(JournalFilter(tenant: "notes")).entries.count, 4)
        let (status, output) = try run(["verify", file.path, "--target", "http://127.0.0.1:\(server.port)/tenants/nobody"])
        XCTAssertEqual(status, 1, output)
        XCTAssertTrue(output.contains("GET /tenants/nobody/notes?page=2\n"), output)
        XCTAssertTrue(output.contains("X-TenantMock-Error: unknown_tenant"), output)
    }

    func testAnAdminKeyAndABasePathAreRefusedTogether() throws {
        let (status, output) = try run(["verify", "--target", "http://127.0.0.1:9/tenants/acme", "--admin-key", "k"])
        XCTAssertEqual(status, 64, output)
        XCTAssertTrue(output.contains("error: --admin-key runs every case on fresh tenants addressed by Host"), output)
        let (query, message) = try run(["verify", "--target", "http://127.0.0.1:9/?x=1"])
        XCTAssertEqual(query, 64, message)
        XCTAssertTrue(message.contains("--target takes no query or fragment"), message)
    }

    /// Whether the system resolver (getaddrinfo, as `SocketHTTPTransport` uses it) resolves `host`.
    func systemResolves(_ host: String) -> Bool {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        defer { if list != nil { freeaddrinfo(list) } }
        return getaddrinfo(host, "80", &hints, &list) == 0
    }

    func testAnUnresolvableLocalhostNameStopsAtTheFirstErrorWithAdvice() throws {
        guard !systemResolves("acme.localhost") else {
            throw XCTSkip("this machine's resolver resolves acme.localhost (nss-myhostname?)")
        }
        // The bundled suite: its remote-safe cases would each have failed to resolve.
        let (status, output) = try run(["verify", "--target", "http://acme.localhost:8080"])
        XCTAssertEqual(status, 1, output)
        let lines = output.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.filter { $0.hasPrefix("✗ ") }.count, 2, output)   // one case, and the stop
        XCTAssertEqual(output.components(separatedBy: "cannot resolve acme.localhost").count - 1, 2, output)
        XCTAssertTrue(output.contains("\n✗ stopped at the first connection error, to http://acme.localhost:8080: "
                                      + "cannot resolve acme.localhost: "), output)
        XCTAssertTrue(output.contains("--target http://127.0.0.1:8080/tenants/acme"), output)
        XCTAssertTrue(output.contains("not through the system resolver (getaddrinfo)"), output)
        let summary = try XCTUnwrap(lines.last)
        let numbers = summary.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        XCTAssertTrue(summary.hasPrefix("0 passed, 1 failed, ") && summary.hasSuffix(" not run"), summary)
        XCTAssertEqual(numbers.count, 4, summary)
        XCTAssertGreaterThan(numbers.last ?? 0, 20, "the remote-safe cases not run: \(summary)")
    }

    func testARefusedConnectionStopsTheRunWithoutLocalhostAdvice() throws {
        let server = try TinyHTTPServer { _ in .empty(204) }
        let port = server.port
        server.stop()
        let file = try notesContract(self)
        for serial in [false, true] {
            let (status, output) = try run(["verify", file.path, "--target", "http://127.0.0.1:\(port)"] + (serial ? ["--serial"] : []))
            XCTAssertEqual(status, 1, output)
            XCTAssertTrue(output.contains("✗ stopped at the first connection error, to http://127.0.0.1:\(port): "
                                          + "cannot connect to 127.0.0.1:\(port): Connection refused\n"), output)
            XCTAssertFalse(output.contains(".localhost"), output)
            XCTAssertTrue(output.hasSuffix("\n0 passed, 1 failed, 1 not run\n"), output)
            // Nothing was sent, so no request is shown.
            XCTAssertFalse(output.contains("request:"), output)
        }
    }

    func testAFilterThatMatchesNothingFails() throws {
        let file = try notesContract(self)
        let (status, output) = try run(["verify", file.path, "--filter", "no such case"])
        XCTAssertEqual(status, 1, output)
        XCTAssertTrue(output.contains("error: --filter 'no such case' matches no case (2 case(s) in the files loaded)"), output)
        // A filter that matches runs what it matches.
        let (matched, text) = try run(["verify", file.path, "--filter", "ECHO", "--target", "http://127.0.0.1:9"])
        XCTAssertEqual(matched, 1, text)   // nothing listens on port 9: the one case fails, but it ran
        XCTAssertTrue(text.hasSuffix("0 passed, 1 failed, 0 not run\n"), text)
    }
}
