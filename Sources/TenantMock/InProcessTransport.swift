import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// Connects `URLSession` clients to an `Emulator` with no socket.
///
/// Each transport owns a base URL of the form `http://localhost:PORT`, where
/// the port is not a real one: it only tells `InProcessURLProtocol` which
/// emulator answers. Tenant addressing works as on the network:
/// `http://acme.localhost:PORT/…` (by host) or `…/tenants/acme/…` (by prefix).
///
/// ```swift
/// let emulator = try Emulator.makeDefault()
/// let transport = InProcessTransport(emulator: emulator)
/// let session = transport.makeSession()
/// var request = URLRequest(url: transport.baseURL.appendingPathComponent("api/v2/users/auth0%7C1/roles"))
/// let (data, response) = try await session.data(for: request)
/// ```
///
/// Set headers on each `URLRequest`: on Linux, a session configuration's
/// `httpAdditionalHeaders` never reach a `URLProtocol`.
public final class InProcessTransport: Sendable {
    /// The emulator that answers.
    public let emulator: Emulator
    /// The base URL that reaches `emulator` through `makeSession()`'s sessions.
    public let baseURL: URL
    /// The fake port in `baseURL`.
    public let port: Int

    /// Registers a transport for `emulator`. It stays reachable until the transport is released.
    public init(emulator: Emulator) {
        self.emulator = emulator
        self.port = InProcessURLProtocol.register(emulator)
        self.baseURL = URL(string: "http://localhost:\(port)")!
    }

    deinit { InProcessURLProtocol.unregister(port) }

    /// The base URL addressing tenant `id` by host: `http://{id}.localhost:PORT`.
    public func baseURL(forTenant id: String) -> URL {
        URL(string: "http://\(id).localhost:\(port)")!
    }

    /// A configuration whose requests to this transport's URLs are answered in-process.
    public func makeConfiguration(_ base: URLSessionConfiguration = .ephemeral) -> URLSessionConfiguration {
        let configuration = base
        configuration.protocolClasses = [InProcessURLProtocol.self] + (configuration.protocolClasses ?? [])
        return configuration
    }

    /// A session whose requests to this transport's URLs are answered in-process.
    public func makeSession(delegate: (any URLSessionDelegate)? = nil) -> URLSession {
        URLSession(configuration: makeConfiguration(), delegate: delegate, delegateQueue: nil)
    }

    /// Answers `request` directly (no `URLSession`): the same as `emulator.handle(_:)`.
    public func handle(_ request: HTTPRequest) -> HTTPResponse { emulator.handle(request) }
}

/// The `URLProtocol` that hands `URLRequest`s to an `Emulator`.
///
/// It answers requests whose URL is `http(s)://…:PORT/…` for a port registered by an
/// `InProcessTransport`, and leaves every other request alone.
public final class InProcessURLProtocol: URLProtocol {
    static let emulators = Mutex<(next: Int, table: [Int: Emulator])>((next: 41_000, table: [:]))

    static func register(_ emulator: Emulator) -> Int {
        emulators.withLock { state in
            let port = state.next
            state.next += 1
            state.table[port] = emulator
            return port
        }
    }

    static func unregister(_ port: Int) {
        _ = emulators.withLock { $0.table.removeValue(forKey: port) }
    }

    static func emulator(for url: URL?) -> Emulator? {
        guard let url, let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let port = url.port else { return nil }
        return emulators.withLock { $0.table[port] }
    }

    public override class func canInit(with request: URLRequest) -> Bool { emulator(for: request.url) != nil }

    public override class func canonicalRequest(for request: URLRequest) -> URLRequest { request }

    public override func startLoading() {
        guard let url = request.url, let emulator = Self.emulator(for: url) else {
            client?.urlProtocol(self, didFailWithError: URLError(.cannotConnectToHost))
            return
        }
        let httpRequest = Self.httpRequest(from: request, url: url)
        var answer = emulator.handle(httpRequest)
        if answer.delay > 0 { Thread.sleep(forTimeInterval: answer.delay) }
        if answer.resetConnection {
            client?.urlProtocol(self, didFailWithError: URLError(.networkConnectionLost))
            return
        }
        if httpRequest.method == "HEAD" { answer.body = [] }
        var fields: [String: String] = [:]
        for field in answer.headers { fields[field.name] = fields[field.name].map { $0 + ", " + field.value } ?? field.value }
        guard let response = HTTPURLResponse(url: url, statusCode: answer.status, httpVersion: "HTTP/1.1",
                                             headerFields: fields) else {
            client?.urlProtocol(self, didFailWithError: URLError(.badServerResponse))
            return
        }
        // URLProtocol is not Sendable: every client call happens here, synchronously.
        client?.urlProtocol(self, didReceive: response, cacheStoragePolicy: .notAllowed)
        if !answer.body.isEmpty { client?.urlProtocol(self, didLoad: Data(answer.body)) }
        client?.urlProtocolDidFinishLoading(self)
    }

    public override func stopLoading() {}

    /// Converts a `URLRequest`: the body is `httpBody`, or else drained from
    /// `httpBodyStream` (where Apple platforms move it).
    static func httpRequest(from request: URLRequest, url: URL) -> HTTPRequest {
        let components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        var headers = HTTPHeaders()
        // As a client writes it (RFC 9110 §7.2): an IPv6 address keeps its brackets, which `url.host` drops.
        let host = (components?.percentEncodedHost ?? url.host).map { h in url.port.map { "\(h):\($0)" } ?? h } ?? "localhost"
        headers.add(name: "Host", value: host)
        for (name, value) in (request.allHTTPHeaderFields ?? [:]).sorted(by: { $0.key < $1.key })
        where !name.equalsIgnoringASCIICase("Host") {
            headers.add(name: name, value: value)
        }
        var body = request.httpBody.map { [UInt8]($0) } ?? []
        if body.isEmpty, let stream = request.httpBodyStream { body = drain(stream) }
        let path = components?.percentEncodedPath ?? url.path
        let query = components?.percentEncodedQuery ?? ""
        return HTTPRequest(method: request.httpMethod ?? "GET", path: path, query: query, headers: headers, body: body)
    }

    static func drain(_ stream: InputStream) -> [UInt8] {
        stream.open()
        defer { stream.close() }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let n = stream.read(&buffer, maxLength: buffer.count)
            if n <= 0 { break }
            out.append(contentsOf: buffer[0..<n])
        }
        return out
    }
}
