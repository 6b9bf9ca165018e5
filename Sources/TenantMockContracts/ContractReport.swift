import Foundation
import TenantMockCore

/// The results of one run: every case, every refused file, and the totals.
public struct ContractReport: Sendable {
    /// The target's label.
    public var target: String
    /// Case results, in file and case order.
    public var results: [CaseResult]
    /// Files that could not be loaded (each counts as one failure).
    public var loadErrors: [ContractError]
    /// Wall-clock seconds for the whole run.
    public var duration: Double
    /// Cases of the loaded files that the runner's filter left out.
    public var unselectedCount = 0
    /// Why the run stopped before every case ran, when it did.
    public var stop: Stop?

    /// A run cut short by a connection error.
    public struct Stop: Sendable {
        /// The error, the target, and what to do about it (one or more lines).
        public var message: String
        /// Selected cases that did not run, or failed the same way and are not counted.
        public var notRunCount: Int

        public init(message: String, notRunCount: Int) {
            self.message = message
            self.notRunCount = notRunCount
        }
    }

    public init(target: String, results: [CaseResult], loadErrors: [ContractError], duration: Double) {
        self.target = target
        self.results = results
        self.loadErrors = loadErrors
        self.duration = duration
    }

    public var passedCount: Int { results.filter(\.passed).count }
    /// Failed cases plus refused files.
    public var failedCount: Int { results.filter(\.failed).count + loadErrors.count }
    public var skippedCount: Int { results.filter(\.skipped).count }
    /// Whether everything that ran passed and every file loaded.
    public var succeeded: Bool { failedCount == 0 }

    /// `N passed, N failed` (and `, N skipped` when any were, `, N not run` when a
    /// connection error stopped the run).
    public var summaryLine: String {
        var line = "\(passedCount) passed, \(failedCount) failed"
        if skippedCount > 0 { line += ", \(skippedCount) skipped" }
        if let stop { line += ", \(stop.notRunCount) not run" }
        return line
    }

    /// The human report: one line per case with its mark and duration, a
    /// failure's step, request and differences indented below it, refused
    /// files, and the summary line last.
    public var text: String {
        var lines: [String] = []
        for error in loadErrors { lines.append("✗ \(error.description)") }
        for r in results {
            let ms = String(format: "%.1f ms", r.duration * 1000)
            switch r.outcome {
            case .passed:
                lines.append("✓ \(r.fullName) (\(ms))")
            case .failed(let failure):
                lines.append("✗ \(r.fullName) (\(ms))  [\(r.location)]")
                lines += failure.explanation.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }
            case .skipped(let reason):
                lines.append("- \(r.fullName) (skipped: \(reason))")
            }
        }
        if let stop {
            let message = stop.message.split(separator: "\n", omittingEmptySubsequences: false)
            lines.append("✗ " + message[0])
            lines += message.dropFirst().map { "  " + $0 }
        }
        lines.append(summaryLine)
        return lines.joined(separator: "\n")
    }

    /// A JUnit XML report: one `testsuite` per contract file, one `testcase` per case.
    public var junitXML: String {
        var byFile: [(file: String, results: [CaseResult])] = []
        for r in results {
            if let i = byFile.firstIndex(where: { $0.file == r.file }) { byFile[i].results.append(r) }
            else { byFile.append((r.file, [r])) }
        }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"tenantmock verify\" tests=\"\(results.count + loadErrors.count)\" "
            + "failures=\"\(failedCount)\" skipped=\"\(skippedCount)\" time=\"\(Self.seconds(duration))\">\n"
        for error in loadErrors {
            out += "  <testsuite name=\"\(xml(error.file))\" tests=\"1\" failures=\"1\" skipped=\"0\" time=\"0\">\n"
            out += "    <testcase classname=\"\(xml(error.file))\" name=\"load\" time=\"0\">\n"
            out += "      <failure message=\"\(xml(error.description))\">\(xml(error.description))</failure>\n"
            out += "    </testcase>\n  </testsuite>\n"
        }
        for (file, results) in byFile {
            let time = results.reduce(0) { $0 + $1.duration }
            out += "  <testsuite name=\"\(xml(file))\" tests=\"\(results.count)\" "
                + "failures=\"\(results.filter(\.failed).count)\" skipped=\"\(results.filter(\.skipped).count)\" "
                + "time=\"\(Self.seconds(time))\">\n"
            for r in results {
                out += "    <testcase classname=\"\(xml(r.contract))\" name=\"\(xml(r.name))\" file=\"\(xml(r.file))\""
                    + (r.line.map { " line=\"\($0)\"" } ?? "") + " time=\"\(Self.seconds(r.duration))\">"
                switch r.outcome {
                case .passed:
                    break
                case .failed(let failure):
                    let summary = failure.message ?? failure.mismatches.first?.description ?? "failed"
                    out += "\n      <failure message=\"\(xml(summary))\">\(xml(failure.explanation))</failure>\n    "
                case .skipped(let reason):
                    out += "\n      <skipped message=\"\(xml(reason))\"/>\n    "
                }
                out += "</testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        out += "</testsuites>\n"
        return out
    }

    /// A machine-readable report.
    public var json: JSONValue {
        var cases: [JSONValue] = []
        for r in results {
            var o: JSONObject = [
                "file": .string(r.file), "line": r.line.map { .int($0) } ?? .null,
                "contract": .string(r.contract), "case": .string(r.name),
                "source": .string(r.source), "steps": .int(r.stepCount),
                "duration_ms": .number(.double((r.duration * 1e6).rounded() / 1000)),
            ]
            switch r.outcome {
            case .passed:
                o["outcome"] = "passed"
            case .skipped(let reason):
                o["outcome"] = "skipped"
                o["reason"] = .string(reason)
            case .failed(let f):
                o["outcome"] = "failed"
                var failure: JSONObject = ["step": .int(f.step), "step_name": .string(f.stepName)]
                if let repeatIndex = f.repeatIndex { failure["repeat"] = .int(repeatIndex) }
                if let message = f.message { failure["message"] = .string(message) }
                failure["request"] = .string(f.request)
                failure["response"] = .string(f.response)
                failure["differences"] = .array(f.mismatches.map {
                    ["location": .string($0.location), "expected": .string($0.expected), "actual": .string($0.actual)]
                })
                o["failure"] = .object(failure)
            }
            cases.append(.object(o))
        }
        var report: JSONObject = [
            "target": .string(target),
            "passed": .int(passedCount), "failed": .int(failedCount), "skipped": .int(skippedCount),
            "duration_ms": .number(.double((duration * 1e6).rounded() / 1000)),
            "load_errors": .array(loadErrors.map {
                ["file": .string($0.file), "path": .string($0.path.description), "reason": .string($0.reason)]
            }),
            "cases": .array(cases),
        ]
        if let stop {
            report["not_run"] = .int(stop.notRunCount)
            report["stopped"] = .string(stop.message)
        }
        return .object(report)
    }

    static func seconds(_ value: Double) -> String { String(format: "%.6f", value) }

    func xml(_ text: String) -> String { Self.xmlEscape(text) }

    /// Escapes text for an XML attribute or element, dropping characters XML 1.0 forbids.
    static func xmlEscape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += "&#10;"
            case "\t", "\r": out += "&#\(scalar.value);"
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
