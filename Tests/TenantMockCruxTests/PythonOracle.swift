import Foundation
import TenantMockCore
import XCTest

/// Runs a script in `python3` and returns what it printed as JSON: the tests that compare
/// the emulation with CPython itself (`uuid.UUID`, `json.loads`) get their expectations here.
/// Skips the calling test when `python3` is not installed.
enum PythonOracle {
    static func run(_ script: String) throws -> JSONValue {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let out = Pipe()
        process.standardOutput = out
        do { try process.run() } catch { throw XCTSkip("python3 is not available: \(error)") }
        // Read before waiting: the output is larger than a pipe's buffer.
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "python3 failed")
        return try JSONParser().parse([UInt8](data))
    }
}
