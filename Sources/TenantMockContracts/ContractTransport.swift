import TenantMockCore
/// Carries a contract's requests to the system under test.
///
/// Implementations: `EmulatorTransport` (an `Emulator` in this process),
/// `SocketHTTPTransport` (plain `http://` over a POSIX socket, sending exactly
/// the headers given), `URLSessionTransport` (`https://`, redirects not followed).
public protocol ContractTransport: Sendable {
    /// Sends `request` (its path relative to the target's base) and returns the answer.
    func send(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse
}

/// Why a request got no HTTP answer at all.
public struct TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// Hands requests straight to an `Emulator`, with no socket in between.
public struct EmulatorTransport: ContractTransport {
    public let emulator: Emulator

    public init(emulator: Emulator) { self.emulator = emulator }

    public func send(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse {
        emulator.handle(request)
    }
}
