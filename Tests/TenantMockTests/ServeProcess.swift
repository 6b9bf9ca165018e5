import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The built `tenantmock` binary (it sits beside the test bundle).
let tenantMockBinary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tenantmock")

/// A `tenantmock serve` child process on 127.0.0.1, its output collected as it comes.
final class ServeProcess: Sendable {
    let process: Process
    private let output = Output()

    /// What the child printed so far.
    final class Output: Sendable {
        let text = Mutex((stdout: "", stderr: ""))
    }

    /// Starts `tenantmock serve --port 0` with `arguments`, in `directory` when given, and
    /// waits (up to 20 s) for its `listening on` line.
    init(_ arguments: [String], directory: URL? = nil) throws {
        process = Process()
        process.executableURL = tenantMockBinary
        process.arguments = ["serve", "--port", "0"] + arguments
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        out.fileHandleForReading.readabilityHandler = { [output] handle in
            let text = String(decoding: handle.availableData, as: UTF8.self)
            output.text.withLock { $0.stdout += text }
        }
        err.fileHandleForReading.readabilityHandler = { [output] handle in
            let text = String(decoding: handle.availableData, as: UTF8.self)
            output.text.withLock { $0.stderr += text }
        }
        try process.run()
        _ = waitFor("\n\ncredentials:")
    }

    var stdout: String { output.text.withLock { $0.stdout } }
    var stderr: String { output.text.withLock { $0.stderr } }

    /// The port of the `listening on http://127.0.0.1:PORT` line, if printed.
    var port: Int? {
        guard let line = stdout.split(separator: "\n").first, line.hasPrefix("listening on http://") else { return nil }
        return line.split(separator: ":").last.flatMap { Int($0) }
    }

    /// Waits until stdout contains `text` or the process ends; whether it appeared.
    @discardableResult
    func waitFor(_ text: String, seconds: Double = 20) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if stdout.contains(text) { return true }
            if !process.isRunning { return stdout.contains(text) }
            usleep(10_000)
        }
        return false
    }

    /// SIGTERM, then waits for the exit; the exit status.
    @discardableResult
    func stop() -> Int32 {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit { if process.isRunning { process.terminate(); process.waitUntilExit() } }
}
