import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
@_exported import TenantMock
import TenantMockServer

/// A TenantMock sandbox for a test: one API whether requests travel in-process
/// or over a real socket.
///
/// ```swift
/// let sandbox = try Sandbox.inProcess()                 // or try Sandbox.live()
/// let tenant = try sandbox.createTenant(from: "auth0-acme")
/// let session = sandbox.makeSession()                   // hand it to the client under test
/// let client = MyAuth0Client(baseURL: tenant.baseURL, session: session, token: tenant.credential("static_token")!)
/// ...
/// tenant.assertReceived(method: "DELETE", path: "/api/v2/users/auth0%7C1/permissions", status: 204)
/// ```
///
/// In-process, a `URLProtocol` hands each request to the emulator: no socket, no
/// port. Live, the product's `HTTPServer` serves the same emulator on 127.0.0.1 at
/// a port the system picks, so the client's own networking stack is exercised;
/// the server stops on ``shutdown()`` or when the sandbox is released. Tenants,
/// credentials, the journal, faults, clocks and rate limits are the same calls in
/// both modes (they act on the emulator directly); injected latency and resets
/// happen on the wire when live.
///
/// Every tenant a test creates is its own copy of a fixture: tests never share state.
public final class Sandbox: Sendable {
    /// How requests reach the emulator.
    public enum Mode: Sendable, Equatable {
        /// Through a `URLProtocol`, no socket.
        case inProcess
        /// Through the HTTP server on 127.0.0.1 at this port.
        case live(port: Int)
    }

    /// Which kind of sandbox to start (see ``start(_:fixtures:)``), for tests that run
    /// one scenario both ways.
    public enum Setup: Sendable, Equatable, CaseIterable {
        /// ``Sandbox/inProcess(fixtures:)``.
        case inProcess
        /// ``Sandbox/live(fixtures:)``.
        case live
    }

    /// The emulator behind the sandbox, for direct calls.
    public let emulator: Emulator
    /// How requests reach the emulator.
    public let mode: Mode
    let transport: InProcessTransport?
    let server: SandboxServer?
    let session: URLSession

    /// A sandbox answering in-process, on the default fixtures or the given fixture files/folders.
    public static func inProcess(fixtures: [String]? = nil) throws -> Sandbox {
        let emulator = try Emulator.makeDefault(fixturePaths: fixtures)
        return Sandbox(emulator: emulator, mode: .inProcess, transport: InProcessTransport(emulator: emulator), server: nil)
    }

    /// A sandbox served by `HTTPServer` on 127.0.0.1 at a port the system picks, on the
    /// default fixtures or the given fixture files/folders.
    ///
    /// The admin API answers on the same port with ``adminKey``.
    public static func live(fixtures: [String]? = nil) throws -> Sandbox {
        let emulator = try Emulator.makeDefault(fixturePaths: fixtures)
        let server = try SandboxServer(emulator: emulator)
        return Sandbox(emulator: emulator, mode: .live(port: server.port), transport: nil, server: server)
    }

    /// A sandbox of the given kind: `try Sandbox.start(.live)` is `try Sandbox.live()`.
    public static func start(_ setup: Setup, fixtures: [String]? = nil) throws -> Sandbox {
        switch setup {
        case .inProcess: return try inProcess(fixtures: fixtures)
        case .live: return try live(fixtures: fixtures)
        }
    }

    init(emulator: Emulator, mode: Mode, transport: InProcessTransport?, server: SandboxServer?) {
        self.emulator = emulator
        self.mode = mode
        self.transport = transport
        self.server = server
        self.session = transport?.makeSession() ?? URLSession(configuration: .ephemeral)
    }

    deinit {
        session.invalidateAndCancel()
        server?.stop()
    }

    /// Stops the live server (requests in flight are answered first) and waits for it.
    /// In-process it does nothing. Releasing the sandbox does the same.
    public func shutdown() { server?.stop() }

    /// The base URL of the sandbox (default tenants by path): `http://127.0.0.1:PORT` live.
    public var baseURL: URL {
        switch mode {
        case .inProcess: return transport!.baseURL
        case .live(let port): return URL(string: "http://127.0.0.1:\(port)")!
        }
    }

    /// The key of the admin API (`/__admin/…`, as `Authorization: Bearer <key>`).
    public var adminKey: String { emulator.configuration.adminKey }

    /// A `URLSession` that reaches the sandbox (in-process: through the sandbox's `URLProtocol`;
    /// live: an ephemeral session).
    public func makeSession() -> URLSession {
        transport?.makeSession() ?? URLSession(configuration: .ephemeral)
    }

    /// Creates a tenant from the fixture named `fixture`, with a fresh id unless one is given.
    public func createTenant(from fixture: String, id: String? = nil) throws -> SandboxTenant {
        let tenantID = id ?? "test-" + String(Emulator.Configuration.randomKey().prefix(10))
        let tenant = try emulator.createTenant(id: tenantID, fixture: fixture)
        return SandboxTenant(tenant: tenant, sandbox: self)
    }

    /// The running tenant `id` (for example a fixture's default tenant such as `acme`).
    public func tenant(_ id: String) -> SandboxTenant? {
        emulator.tenants.tenant(id).map { SandboxTenant(tenant: $0, sandbox: self) }
    }

    /// Sends one request and waits for the answer (through `session`, else the sandbox's own).
    /// The calling thread blocks; in `async` code, `try await send(request)` does not.
    public func send(_ request: URLRequest, session: URLSession? = nil) throws -> SandboxResponse {
        let box = ResultBox()
        let task = (session ?? self.session).dataTask(with: request) { data, response, error in
            box.set(data: data, response: response as? HTTPURLResponse, error: error)
        }
        task.resume()
        return try box.wait()
    }

    /// Sends one request (through `session`, else the sandbox's own) and suspends until the answer.
    public func send(_ request: URLRequest, session: URLSession? = nil) async throws -> SandboxResponse {
        let (data, response) = try await (session ?? self.session).data(for: request)
        guard let http = response as? HTTPURLResponse else { throw URLError(.badServerResponse) }
        return SandboxResponse(http, body: data)
    }

    /// The answer as the tuple `send` returned before ``SandboxResponse`` (header names in lower case).
    @available(*, deprecated, message: "send returns a SandboxResponse (status, case-insensitive headers, body, json())")
    @_disfavoredOverload
    public func send(_ request: URLRequest, session: URLSession? = nil) throws
        -> (status: Int, headers: [String: String], body: Data)
    {
        let response: SandboxResponse = try send(request, session: session)
        return response.tuple
    }
}

/// A tenant of a `Sandbox`: its addresses, credentials, journal, faults and clock.
public struct SandboxTenant: Sendable {
    /// The tenant itself.
    public let tenant: any AnyTenant
    let sandbox: Sandbox

    public var id: String { tenant.id }

    /// The base URL that addresses this tenant (a `/tenants/{id}` prefix, which every client can use).
    public var baseURL: URL { sandbox.baseURL.appendingPathComponent("tenants").appendingPathComponent(tenant.id) }

    /// The ready-to-use credentials of the tenant.
    public var credentials: [Credential] { tenant.credentials() }

    /// The first value of `field` in a credential of `kind` (and `label`, if given),
    /// e.g. `credential("static_token", field: "token")`.
    public func credential(_ kind: String, label: String? = nil, field: String = "token") -> String? {
        credentials.first { $0.kind == kind && (label == nil || $0.label == label) }?
            .fields.first { $0.name == field }?.value
    }

    /// What the tenant received, oldest first (optionally only matching `filter`).
    public func journal(_ filter: JournalFilter = JournalFilter()) -> [JournalEntry] {
        var f = filter
        f.tenant = tenant.id
        return sandbox.emulator.journalEntries(f).entries
    }

    /// Replaces the tenant's fault rules.
    public func injectFaults(_ rules: [FaultRule], seed: UInt64 = 0) { tenant.faults.configure(rules: rules, seed: seed) }

    /// Removes the tenant's fault rules.
    public func clearFaults() { tenant.faults.clear() }

    /// The tenant's clock: freeze, set or advance it.
    public var clock: TenantClock { tenant.clock }

    /// Sets the tenant's rate limit.
    public func setRateLimit(_ policy: RateLimitPolicy?) { tenant.rateLimiter.setPolicy(policy) }

    /// Restores the fixture's state.
    public func reset() { tenant.reset() }

    /// The tenant's state as a fixture document.
    public func snapshot() -> JSONValue { tenant.snapshot() }

    /// A request to `path` (relative to the tenant) ready to send with the sandbox's session.
    public func request(_ method: String, _ path: String, headers: [String: String] = [:], body: Data? = nil) -> URLRequest {
        var url = baseURL
        let (pathPart, query) = path.firstIndex(of: "?").map { (String(path[..<$0]), String(path[path.index(after: $0)...])) }
            ?? (path, "")
        url = URL(string: url.absoluteString + pathPart + (query.isEmpty ? "" : "?" + query))!
        var request = URLRequest(url: url)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body
        return request
    }

    /// Sends `method path` to the tenant and waits for the answer; `json` is the body, sent
    /// as written (set its `Content-Type` in `headers`). The calling thread blocks.
    ///
    /// In `async` code, `try await send(...)` suspends instead (and a call there without
    /// `await` is an error: Swift prefers the `async` overload in an `async` context).
    public func send(_ method: String, _ path: String, headers: [String: String] = [:], json: String? = nil) throws
        -> SandboxResponse
    {
        try sandbox.send(request(method, path, headers: headers, body: json.map { Data($0.utf8) }))
    }

    /// Sends `method path` to the tenant and suspends until the answer; `json` is the body, sent as written.
    public func send(_ method: String, _ path: String, headers: [String: String] = [:], json: String? = nil) async throws
        -> SandboxResponse
    {
        try await sandbox.send(request(method, path, headers: headers, body: json.map { Data($0.utf8) }))
    }

    /// The answer as the tuple `send` returned before ``SandboxResponse`` (header names in lower case).
    @available(*, deprecated, message: "send returns a SandboxResponse (status, case-insensitive headers, body, json())")
    @_disfavoredOverload
    public func send(_ method: String, _ path: String, headers: [String: String] = [:], json: String? = nil) throws
        -> (status: Int, headers: [String: String], body: Data)
    {
        let response: SandboxResponse = try send(method, path, headers: headers, json: json)
        return response.tuple
    }
}

/// Carries a `URLSession` completion to the waiting test thread.
final class ResultBox: @unchecked Sendable {
    // @unchecked: `result` is written once under `condition`'s lock and read after the wait.
    private let condition = NSCondition()
    private var result: Result<SandboxResponse, any Error>?

    func set(data: Data?, response: HTTPURLResponse?, error: (any Error)?) {
        condition.lock()
        if let error {
            result = .failure(error)
        } else if let response {
            result = .success(SandboxResponse(response, body: data ?? Data()))
        } else {
            result = .failure(URLError(.badServerResponse))
        }
        condition.signal()
        condition.unlock()
    }

    func wait() throws -> SandboxResponse {
        condition.lock()
        defer { condition.unlock() }
        while result == nil { condition.wait() }
        return try result!.get()
    }
}

/// The live server behind `Sandbox.live()`: `HTTPServer` on 127.0.0.1, port 0.
final class SandboxServer: Sendable {
    let server: HTTPServer
    let port: Int

    init(emulator: Emulator) throws {
        var configuration = HTTPServerConfiguration(host: "127.0.0.1", port: 0)
        // A test's sandbox needs no more than two loops, and stops quickly.
        configuration.eventLoopCount = min(2, configuration.eventLoopCount)
        configuration.shutdownGracePeriod = .seconds(2)
        server = HTTPServer(configuration: configuration) { emulator.handle($0) }
        port = try server.start()
    }

    /// Stops the server and waits until it has (at once if it already has).
    func stop() {
        server.shutdown()
        server.waitUntilStopped()
    }
}
