import TenantMockCore
/// Why a contract file was refused: which file, where in it, and why.
public struct ContractError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file, as given.
    public var file: String
    /// Where in the document.
    public var path: JSONPath
    /// What is wrong, in a sentence.
    public var reason: String

    public init(file: String, path: JSONPath, reason: String) {
        self.file = file
        self.path = path
        self.reason = reason
    }

    init(_ error: FixtureError) {
        self.init(file: error.file, path: error.path, reason: error.reason)
    }

    /// `file: $.path: reason`.
    public var description: String { "\(file): \(path): \(reason)" }
}
