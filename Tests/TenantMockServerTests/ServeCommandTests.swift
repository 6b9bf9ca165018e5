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
        let serve = try ServeProcess(binary: binary, arguments: ["serve", "--port", "0", "--log", "--max-body-bytes", "16"])
        let first = serve.firstLine()
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

        // Its output is small enough for the pipes, so waiting before reading cannot deadlock.
        XCTAssertTrue(serve.terminate(), "tenantmock did not stop within 15 s of SIGTERM")
        let rest = String(decoding: serve.out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let log = String(decoding: serve.err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        serve.process.waitUntilExit()
        XCTAssertEqual(serve.process.terminationReason, .exit)
        XCTAssertEqual(serve.process.terminationStatus, 0)
        XCTAssertTrue(rest.contains("/tenants/{tenant}/"), rest)
        XCTAssertTrue(log.hasPrefix("- GET /nowhere 404 "), log)
        XCTAssertTrue(log.hasSuffix("us\n"), log)
    }

    /// A reader that takes the listening line and goes away (`serve | head -1`) must not take
    /// the server with it: the banner and the `--log` lines written after it are lost, the
    /// answers are not, and SIGTERM still ends it with status 0.
    func testServerOutlivesTheReadersOfItsOutput() throws {
        let serve = try ServeProcess(binary: binary, arguments: ["serve", "--port", "0", "--log"])
        let first = serve.firstLine()
        let port = try XCTUnwrap(Int(first.drop { $0 != ":" }.dropFirst().drop { $0 != ":" }.dropFirst().dropLast()), first)
        // Both readers go away; the parent's write ends were closed when the process started.
        try serve.out.fileHandleForReading.close()
        try serve.err.fileHandleForReading.close()

        for _ in 0..<3 {
            let client = try TestClient(port: port)
            client.send("GET /nowhere HTTP/1.1\r\nHost: localhost\r\n\r\n")
            XCTAssertEqual(try client.readResponse().status, 404)
            Thread.sleep(forTimeInterval: 0.1)
        }
        XCTAssertFalse(serve.hasExited, "the server stopped when its output's readers went away")
        XCTAssertTrue(serve.terminate(), "tenantmock did not stop within 15 s of SIGTERM")
        serve.process.waitUntilExit()
        XCTAssertEqual(serve.process.terminationReason, .exit)
        XCTAssertEqual(serve.process.terminationStatus, 0)
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

/// `tenantmock serve` started as a process with its output piped. A watchdog kills it after
/// 30 s, so a hung server fails its test instead of hanging the suite (and a process that
/// has exited is never signalled: its pid may belong to another by then).
final class ServeProcess {
    let process = Process()
    let out = Pipe()
    let err = Pipe()
    private let exited = DispatchSemaphore(value: 0)
    private let exitedFlag = ExitFlag()

    private final class ExitFlag: Sendable {
        private let value = Mutex(false)
        func set() { value.withLock { $0 = true } }
        var isSet: Bool { value.withLock { $0 } }
    }

    /// Runs `binary`; a process still running after `killAfter` seconds is killed.
    init(binary: URL, arguments: [String], killAfter: Double = 30) throws {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            // A failure, not a skip: `swift build --build-tests` builds the binary beside the tests.
            throw MissingBinary(path: binary.path)
        }
        process.executableURL = binary
        process.arguments = arguments
        process.standardOutput = out
        process.standardError = err
        process.terminationHandler = { [exited, exitedFlag] _ in
            exitedFlag.set()
            exited.signal()
        }
        try process.run()
        let pid = process.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + killAfter) { [exitedFlag] in
            if !exitedFlag.isSet { kill(pid, SIGKILL) }
        }
    }

    var hasExited: Bool { exitedFlag.isSet }

    struct MissingBinary: Error, CustomStringConvertible {
        var path: String
        var description: String { "the tenantmock binary was not built beside the tests: \(path)" }
    }

    /// The first line of stdout, read byte by byte so nothing after it is consumed.
    func firstLine() -> String {
        var line: [UInt8] = []
        while line.last != 0x0A, let byte = out.fileHandleForReading.readData(ofLength: 1).first { line.append(byte) }
        return String(decoding: line, as: UTF8.self)
    }

    /// Sends SIGTERM and waits up to 15 s for the exit; `false` (and SIGKILL) if it did not come.
    func terminate() -> Bool {
        kill(process.processIdentifier, SIGTERM)
        if exited.wait(timeout: .now() + 15) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            return false
        }
        return true
    }
}
