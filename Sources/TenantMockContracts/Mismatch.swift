import TenantMockCore
/// One difference between what a step expected and what it got.
public struct Mismatch: Sendable, Equatable, CustomStringConvertible {
    /// What differs: `status`, `header Content-Type`, a body path such as `$.message`, or `body`.
    public var location: String
    /// The expectation, as written for a reader.
    public var expected: String
    /// What was received, as written for a reader.
    public var actual: String

    public init(location: String, expected: String, actual: String) {
        self.location = location
        self.expected = expected
        self.actual = actual
    }

    /// `location: expected X, got Y`.
    public var description: String { "\(location): expected \(expected), got \(actual)" }
}
