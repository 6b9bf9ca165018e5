import XCTest
#if canImport(Testing)
import Testing
#endif
import TenantMock

extension SandboxTenant {
    /// Asserts that the tenant received a request matching `method`, `path` (exact,
    /// or a prefix ending in `*`) and, if given, answered it with `status`. On
    /// failure the tenant's whole journal is printed in the failure message.
    ///
    /// A failure is recorded under whichever framework runs the test: an issue at
    /// the caller's line and column inside a Swift Testing `@Test`, an `XCTFail`
    /// at the caller's line in an `XCTestCase`.
    public func assertReceived(method: String, path: String, status: Int? = nil, count expected: Int? = nil,
                               fileID: String = #fileID, filePath: StaticString = #filePath,
                               line: UInt = #line, column: UInt = #column) {
        let matching = journal(JournalFilter(method: method, path: path, status: status))
        let ok = expected.map { matching.count == $0 } ?? !matching.isEmpty
        if !ok {
            let wanted = "\(method) \(path)" + (status.map { " → \($0)" } ?? "")
            let times = expected.map { "\($0) time(s)" } ?? "at least once"
            AssertionFailure.record("tenant \(id) did not receive \(wanted) \(times) (found \(matching.count)).\n\(journalReport())",
                                    fileID: fileID, filePath: filePath, line: line, column: column)
        }
    }

    /// ``assertReceived(method:path:status:count:fileID:filePath:line:column:)`` for XCTest
    /// helpers that pass their caller's `file` and `line` on (`file: file, line: line`).
    public func assertReceived(method: String, path: String, status: Int? = nil, count expected: Int? = nil,
                               file: StaticString, line: UInt = #line) {
        assertReceived(method: method, path: path, status: status, count: expected,
                       fileID: AssertionFailure.fileID(of: file), filePath: file, line: line, column: 1)
    }

    /// Asserts that the tenant received nothing matching `method` and `path`; a failure is
    /// recorded as by ``assertReceived(method:path:status:count:fileID:filePath:line:column:)``.
    public func assertNotReceived(method: String, path: String, fileID: String = #fileID, filePath: StaticString = #filePath,
                                  line: UInt = #line, column: UInt = #column) {
        let matching = journal(JournalFilter(method: method, path: path))
        if !matching.isEmpty {
            AssertionFailure.record("tenant \(id) received \(method) \(path) \(matching.count) time(s).\n\(journalReport())",
                                    fileID: fileID, filePath: filePath, line: line, column: column)
        }
    }

    /// ``assertNotReceived(method:path:fileID:filePath:line:column:)`` for XCTest helpers that
    /// pass their caller's `file` and `line` on.
    public func assertNotReceived(method: String, path: String, file: StaticString, line: UInt = #line) {
        assertNotReceived(method: method, path: path, fileID: AssertionFailure.fileID(of: file), filePath: file,
                          line: line, column: 1)
    }

    /// The journal as readable lines: `#seq METHOD path?query → status (µs)` and the bodies.
    public func journalReport() -> String {
        let entries = journal()
        guard !entries.isEmpty else { return "journal of \(id): empty" }
        var lines = ["journal of \(id) (\(entries.count) request(s)):"]
        for e in entries {
            let target = e.request.rawQuery.isEmpty ? e.request.path : e.request.path + "?" + e.request.rawQuery
            lines.append("  #\(e.sequence) \(e.request.method) \(target) → \(e.response.status) (\(e.durationMicroseconds) µs)")
            if !e.request.body.isEmpty { lines.append("      request:  \(e.request.bodyText.prefix(300))") }
            if !e.response.body.isEmpty { lines.append("      response: \(e.response.bodyText.prefix(300))") }
        }
        return lines.joined(separator: "\n")
    }
}

/// Records a failed assertion with the framework running the current test.
///
/// XCTest's `XCTFail` does nothing outside an `XCTestCase` (a Swift Testing `@Test`
/// that calls it passes), and Swift Testing's `Issue.record` does nothing for an
/// XCTest test; so the failure goes to Swift Testing when a Swift Testing test is
/// running on this task (`Test.current`), to XCTest otherwise.
enum AssertionFailure {
    static func record(_ message: String, fileID: String, filePath: StaticString, line: UInt, column: UInt) {
        #if canImport(Testing)
        if Test.current != nil {
            let location = SourceLocation(fileID: fileID, filePath: "\(filePath)", line: max(1, Int(line)),
                                          column: max(1, Int(column)))
            Issue.record(Comment(rawValue: message), sourceLocation: location)
            return
        }
        #endif
        XCTFail(message, file: filePath, line: line)
    }

    /// A `Module/File.swift` file ID for a path: SwiftPM keeps a target's sources in a
    /// folder named after the module, so the folder stands for the module.
    static func fileID(of filePath: StaticString) -> String {
        let parts = "\(filePath)".split(separator: "/")
        return parts.suffix(2).joined(separator: "/")
    }
}
