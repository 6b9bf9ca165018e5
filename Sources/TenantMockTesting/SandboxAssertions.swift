import XCTest
import TenantMock

extension SandboxTenant {
    /// Asserts that the tenant received a request matching `method`, `path` (exact,
    /// or a prefix ending in `*`) and, if given, answered it with `status`. On
    /// failure the tenant's whole journal is printed in the failure message.
    public func assertReceived(method: String, path: String, status: Int? = nil, count expected: Int? = nil,
                               file: StaticString = #filePath, line: UInt = #line) {
        let matching = journal(JournalFilter(method: method, path: path, status: status))
        let ok = expected.map { matching.count == $0 } ?? !matching.isEmpty
        if !ok {
            let wanted = "\(method) \(path)" + (status.map { " → \($0)" } ?? "")
            let times = expected.map { "\($0) time(s)" } ?? "at least once"
            XCTFail("tenant \(id) did not receive \(wanted) \(times) (found \(matching.count)).\n\(journalReport())",
                    file: file, line: line)
        }
    }

    /// Asserts that the tenant received nothing matching `method` and `path`.
    public func assertNotReceived(method: String, path: String, file: StaticString = #filePath, line: UInt = #line) {
        let matching = journal(JournalFilter(method: method, path: path))
        if !matching.isEmpty {
            XCTFail("tenant \(id) received \(method) \(path) \(matching.count) time(s).\n\(journalReport())", file: file, line: line)
        }
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
