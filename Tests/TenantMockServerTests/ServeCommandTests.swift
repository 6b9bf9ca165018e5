import Foundation
import Synchronization
import TenantMock
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// `tenantmock serve` as a process: the listening line first, answers, SIGTERM exits 0.
final class ServeCommandTests: XCTestCase {
    var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tenantmock")
    }

    func testServeOnAnEphemeralPortAndStopOnSIGTERM() throws {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            XCTFail("the tenantmock binary was not built beside the tests: \(binary.path)")
            return
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = ["serve", "--port", "0", "--log", "--max-body-bytes", "16"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let exited = DispatchSemaphore(value: 0)
        let hasExited = Mutex(false)
        process.terminationHandler = { _ in
            hasExited.withLock { $0 = true }
            exited.signal()
        }
        try process.run()
        // A hung server must fail the test, not hang the suite (and a process that has
        // exited is never signalled: its pid may belong to another by then).
        let pid = process.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + 30) {
            hasExited.withLock { if !$0 { kill(pid, SIGKILL) } }
        }

        // The first line, read byte by byte so nothing after it is consumed.
        var line: [UInt8] = []
        let reader = out.fileHandleForReading
        while line.last != 0x0A {
            let byte = reader.readData(ofLength: 1)
            guard let b = byte.first else { break }
            line.append(b)
        }
        let first = String(decoding: line, as: UTF8.self)
        let prefix = "listening on http://127.0.0.1:"
        XCTAssertTrue(first.hasPrefix(prefix) && first.hasSuffix("\n"), first)
        let port = try XCTUnwrap(Int(first.dropFirst(prefix.count).dropLast()))
        XCTAssertGreaterThan(port, 0)

        let client = try TestClient(port: port)
        client.send("GET /nowhere HTTP/1.1\r\nHost: localhost\r\n\r\n")
        let response = try client.readResponse()
        XCTAssertEqual(response.status, 404)
        XCTAssertEqual(response.headers["X-TenantMock-Error"], "no_route")
        XCTAssertEqual(response.headers["Server"], "TenantMock")

        let upload = try TestClient(port: port)
        upload.send("POST /nowhere HTTP/1.1\r\nHost: localhost\r\nContent-Length: 17\r\n\r\n")
        let refused = try upload.readResponse()
        XCTAssertEqual(refused.status, 413)
        XCTAssertEqual(refused.bodyText,
                       #"{"error":"payload_too_large","message":"The request body of 17 bytes exceeds the limit of 16 bytes."}"#)

        kill(process.processIdentifier, SIGTERM)
        // A server that ignores SIGTERM fails the test instead of hanging it. (Its output is
        // small enough for the pipes, so waiting before reading cannot deadlock.)
        if exited.wait(timeout: .now() + 15) == .timedOut {
            XCTFail("tenantmock did not stop within 15 s of SIGTERM")
            kill(process.processIdentifier, SIGKILL)
        }
        let rest = String(decoding: reader.readDataToEndOfFile(), as: UTF8.self)
        let log = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .exit)
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertTrue(rest.contains("/tenants/{tenant}/"), rest)
        XCTAssertTrue(log.hasPrefix("- GET /nowhere 404 "), log)
        XCTAssertTrue(log.hasSuffix("us\n"), log)
    }

    /// A reader that takes the listening line and goes away (`serve | head -1`) must not take
    /// the server with it: the banner and the `--log` lines written after it are lost, the
    /// answers are not, and SIGTERM still ends it with status 0.
    func testServerOutlivesTheReadersOfItsOutput() throws {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            XCTFail("the tenantmock binary was not built beside the tests: \(binary.path)")
            return
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = ["serve", "--port", "0", "--log"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let exited = DispatchSemaphore(value: 0)
        let hasExited = Mutex(false)
        process.terminationHandler = { _ in
            hasExited.withLock { $0 = true }
            exited.signal()
        }
        try process.run()
        let pid = process.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + 30) {
            hasExited.withLock { if !$0 { kill(pid, SIGKILL) } }
        }
        var line: [UInt8] = []
        let reader = out.fileHandleForReading
        while line.last != 0x0A, let b = reader.readData(ofLength: 1).first { line.append(b) }
        let first = String(decoding: line, as: UTF8.self)
        let port = try XCTUnwrap(Int(first.drop { $0 != ":" }.dropFirst().drop { $0 != ":" }.dropFirst().dropLast()), first)
        // Both readers go away; the parent's write ends were closed when the process started.
        try reader.close()
        try err.fileHandleForReading.close()

        for _ in 0..<3 {
            let client = try TestClient(port: port)
            client.send("GET /nowhere HTTP/1.1\r\nHost: localhost\r\n\r\n")
            XCTAssertEqual(try client.readResponse().status, 404)
            Thread.sleep(forTimeInterval: 0.1)
        }
        XCTAssertFalse(hasExited.withLock { $0 }, "the server stopped when its output's readers went away")
        kill(pid, SIGTERM)
        if exited.wait(timeout: .now() + 15) == .timedOut {
            XCTFail("tenantmock did not stop within 15 s of SIGTERM")
            kill(pid, SIGKILL)
        }
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .exit)
        XCTAssertEqual(process.terminationStatus, 0)
    }

    func testBadFixtureIsReportedWithFileAndPath() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tenantmock-bad-\(getpid()).json")
        try Data(#"{"fixture": "x", "dialect": "nope"}"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = binary
        process.arguments = ["serve", "--port", "0", "--fixtures", file.path]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 1)
        XCTAssertEqual(stdout.count, 0, "nothing listens")
        XCTAssertTrue(stderr.hasPrefix("\(file.path): $"), stderr)
    }
}
