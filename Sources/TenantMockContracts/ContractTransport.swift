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
    /// How far the request got.
    public enum Kind: Sendable, Equatable {
        /// No connection was made (the name did not resolve, or nothing accepted the
        /// connection): nothing was sent, and no other request to the same target will fare
        /// better, so a run stops at the first one.
        case noConnection
        /// A connection was made, but the exchange failed (a reset, a timeout, a malformed answer).
        case exchange
    }

    public var message: String
    public var kind: Kind

    public init(_ message: String, kind: Kind = .exchange) {
        self.message = message
        self.kind = kind
    }

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
