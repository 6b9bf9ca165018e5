import TenantMockCore

/// The outcome of one case.
public struct CaseResult: Sendable {
    /// How the case ended.
    public enum Outcome: Sendable {
        case passed
        case failed(CaseFailure)
        case skipped(reason: String)
    }

    /// The contract file.
    public var file: String
    /// The 1-based line of the file on which the case begins (`nil` when unknown).
    public var line: Int?
    /// The file's `contract` name.
    public var contract: String
    /// The case's name.
    public var name: String
    /// What the case verifies.
    public var source: String
    /// How many steps the case has.
    public var stepCount: Int
    public var outcome: Outcome
    /// Wall-clock seconds the case took.
    public var duration: Double

    public var passed: Bool { if case .passed = outcome { return true } else { return false } }
    public var failed: Bool { if case .failed = outcome { return true } else { return false } }
    public var skipped: Bool { if case .skipped = outcome { return true } else { return false } }

    /// `contract › case`, the name reports use.
    public var fullName: String { "\(contract) › \(name)" }

    /// `file:line`, or the file alone when the line is unknown.
    public var location: String { line.map { "\(file):\($0)" } ?? file }
}

/// Why a case failed: which step, the request sent, and what differed.
public struct CaseFailure: Sendable {
    /// 1-based index of the failing step (0 when the case failed before any step ran).
    public var step: Int
    /// The step's label.
    public var stepName: String
    /// Which repeat of the step failed (1-based), when it was repeated.
    public var repeatIndex: Int?
    /// The request as sent, in HTTP/1.1 form (body shortened).
    public var request: String
    /// The answer received, in HTTP/1.1 form (body shortened); empty when none came.
    public var response: String
    /// Each difference between the expectation and the answer.
    public var mismatches: [Mismatch]
    /// A failure that is not a difference (transport, provisioning, unknown placeholder).
    public var message: String?
    /// The transport error, when the request (or the provisioning before it) got no answer.
    public var transportError: TransportError? = nil

    /// A multi-line, readable account of the failure.
    public var explanation: String {
        var lines: [String] = []
        if step > 0 {
            var heading = "step \(step) (\(stepName))"
            if let repeatIndex { heading += ", repeat \(repeatIndex)" }
            lines.append(heading)
        }
        if let message { lines.append(message) }
        if !request.isEmpty {
            lines.append("request:")
            lines += request.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }
        }
        if !response.isEmpty {
            lines.append("response:")
            lines += response.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }
        }
        if !mismatches.isEmpty {
            lines.append("differences:")
            for m in mismatches {
                lines.append("  \(m.location):")
                lines.append("    expected: \(m.expected)")
                lines.append("    actual:   \(m.actual)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
