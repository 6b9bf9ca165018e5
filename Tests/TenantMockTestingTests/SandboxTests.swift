import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization
import XCTest
import TenantMockTesting

/// The same scenarios against an in-process and a live sandbox: each test runs its
/// scenario once per `Sandbox.Setup`, and both must end the same way.
final class SandboxTests: XCTestCase {
    /// Seed 003's admin token and target (crux-supplier fixture).
    let adminToken = "Token a0f17278bed479ee719ea890b8caf0329e1f3e5b"
    let target = "/organizations/users/permissions/5de38a8e-800e-4cba-84c5-ee6c27f304d8/"
    let seedBody = #"{"permission_uuids":["2a0295b6-dd74-4239-9988-24fcdb1adcea","05a46c58-9d13-4912-9167-7effc2cc7482"]}"#
    let alice = "/api/v2/users/auth0%7C5f7c8ec7c33c6c004bbafe82/permissions"

    /// Runs `scenario` on a fresh sandbox of the given kind, stopped afterwards.
    func run(_ setup: Sandbox.Setup, file: StaticString = #filePath, line: UInt = #line,
             _ scenario: (Sandbox) throws -> Void) throws {
        let sandbox = try Sandbox.start(setup)
        defer { sandbox.shutdown() }
        switch (setup, sandbox.mode) {
        case (.inProcess, .inProcess), (.live, .live): break
        default: XCTFail("\(setup) started a sandbox in mode \(sandbox.mode)", file: file, line: line)
        }
        try scenario(sandbox)
    }

    func assigned(_ tenant: SandboxTenant) throws -> Set<String> {
        let r = try tenant.send("GET", target, headers: ["Authorization": adminToken])
        XCTAssertEqual(r.status, 200)
        let body = try JSONParser().parse(Array(r.body))
        return Set(body["permissions"]?.arrayValue?.filter { $0["assigned"] == true }
            .compactMap { $0["permission"]?["uuid"]?.stringValue } ?? [])
    }

    /// A Management API token for `tenant` from `/oauth/token`, with the all-scopes client's credentials.
    func managementToken(_ tenant: SandboxTenant) throws -> String {
        let label = "Acme Backend (all scopes)"
        let id = try XCTUnwrap(tenant.credential("client_credentials", label: label, field: "client_id"))
        let secret = try XCTUnwrap(tenant.credential("client_credentials", label: label, field: "client_secret"))
        let audience = try XCTUnwrap(tenant.credential("client_credentials", label: label, field: "audience"))
        let body = #"{"grant_type":"client_credentials","client_id":"\#(id)","client_secret":"\#(secret)","audience":"\#(audience)"}"#
        let r = try tenant.send("POST", "/oauth/token", headers: ["Content-Type": "application/json"], json: body)
        XCTAssertEqual(r.status, 200, String(decoding: r.body, as: UTF8.self))
        return try XCTUnwrap(try JSONParser().parse(Array(r.body))["access_token"]?.stringValue)
    }

    func testAddressesOfEachModeInProcess() throws { try run(.inProcess, addressesOfEachMode) }
    func testAddressesOfEachModeLive() throws { try run(.live, addressesOfEachMode) }

    func addressesOfEachMode(_ sandbox: Sandbox) throws {
        let tenant = try sandbox.createTenant(from: "crux-supplier", id: "addressed")
        switch sandbox.mode {
        case .inProcess:
            XCTAssertEqual(sandbox.baseURL.host, "localhost")
        case .live(let port):
            XCTAssertGreaterThan(port, 0)
            XCTAssertEqual(sandbox.baseURL.absoluteString, "http://127.0.0.1:\(port)")
        }
        XCTAssertEqual(tenant.baseURL.absoluteString, sandbox.baseURL.absoluteString + "/tenants/addressed")
        XCTAssertEqual(tenant.request("GET", "/organizations/?page=2").url?.absoluteString,
                       sandbox.baseURL.absoluteString + "/tenants/addressed/organizations/?page=2")
        // The default tenant answers by path alone, through a session of the sandbox's own.
        var request = URLRequest(url: sandbox.baseURL.appendingPathComponent("organizations/"))
        request.setValue(adminToken, forHTTPHeaderField: "Authorization")
        XCTAssertEqual(try sandbox.send(request, session: sandbox.makeSession()).status, 200)
        sandbox.tenant("crux")?.assertReceived(method: "GET", path: "/organizations/", status: 200, count: 1)
    }

    func testTenantsAreIsolatedAndJournaledInProcess() throws { try run(.inProcess, tenantsAreIsolatedAndJournaled) }
    func testTenantsAreIsolatedAndJournaledLive() throws { try run(.live, tenantsAreIsolatedAndJournaled) }

    func tenantsAreIsolatedAndJournaled(_ sandbox: Sandbox) throws {
        let first = try sandbox.createTenant(from: "crux-supplier")
        let second = try sandbox.createTenant(from: "crux-supplier")
        XCTAssertNotEqual(first.id, second.id)
        XCTAssertEqual(first.credential("api_token", field: "authorization").map { $0.hasPrefix("Token ") }, true)

        let removed = try first.send("DELETE", target, headers: ["Authorization": adminToken,
                                                                 "Content-Type": "application/json; charset=utf-8"],
                                     json: seedBody)
        XCTAssertEqual(removed.status, 204)
        XCTAssertTrue(removed.body.isEmpty)
        XCTAssertFalse(try assigned(first).contains("2a0295b6-dd74-4239-9988-24fcdb1adcea"))
        XCTAssertTrue(try assigned(second).isSuperset(of: ["2a0295b6-dd74-4239-9988-24fcdb1adcea",
                                                           "05a46c58-9d13-4912-9167-7effc2cc7482"]),
                      "the other tenant is untouched")

        first.assertReceived(method: "DELETE", path: target, status: 204, count: 1)
        first.assertReceived(method: "GET", path: "/organizations/users/*", status: 200)
        second.assertNotReceived(method: "DELETE", path: target)
        let entry = try XCTUnwrap(first.journal(JournalFilter(method: "DELETE")).first)
        XCTAssertEqual(entry.request.bodyText, seedBody)
        XCTAssertEqual(JournalEntry.maskedHeaders(entry.request.headers).description.contains("a0f17278bed4"), false,
                       "the token is masked when shown")
        XCTAssertTrue(first.journalReport().contains("DELETE \(target) → 204"), first.journalReport())

        first.reset()
        XCTAssertTrue(try assigned(first).contains("2a0295b6-dd74-4239-9988-24fcdb1adcea"))
    }

    func testForcedStatusResetAndLatencyInProcess() throws { try run(.inProcess, forcedStatusResetAndLatency) }
    func testForcedStatusResetAndLatencyLive() throws { try run(.live, forcedStatusResetAndLatency) }

    func forcedStatusResetAndLatency(_ sandbox: Sandbox) throws {
        let tenant = try sandbox.createTenant(from: "crux-supplier", id: "faulty")
        tenant.injectFaults([FaultRule(method: "GET", status: 503, times: 1)])
        let forced = try tenant.send("GET", target, headers: ["Authorization": adminToken])
        XCTAssertEqual(forced.status, 503)
        XCTAssertEqual(String(decoding: forced.body, as: UTF8.self), #"{"detail":"Service Unavailable."}"#)
        XCTAssertEqual(try tenant.send("GET", target, headers: ["Authorization": adminToken]).status, 200)

        // Unbounded: URLSession on Linux (libcurl) sends a request again, once, when the kept-alive
        // connection it reused is reset, so a reset of one request only may never reach the caller.
        tenant.injectFaults([FaultRule(resetConnection: true)])
        XCTAssertThrowsError(try tenant.send("GET", target, headers: ["Authorization": adminToken])) { error in
            XCTAssertTrue(error is URLError, "\(sandbox.mode): \(error)")
        }
        let resets = tenant.journal(JournalFilter(status: 499))
        XCTAssertFalse(resets.isEmpty)
        XCTAssertTrue(resets.allSatisfy(\.response.resetConnection))
        tenant.clearFaults()
        XCTAssertEqual(try tenant.send("GET", target, headers: ["Authorization": adminToken]).status, 200)

        tenant.injectFaults([FaultRule(path: target, latencyMilliseconds: 50...50)])
        XCTAssertEqual(try tenant.send("GET", target, headers: ["Authorization": adminToken]).status, 200)
        let delayed = try XCTUnwrap(tenant.journal().last)
        XCTAssertGreaterThanOrEqual(delayed.durationMicroseconds, 50_000)
        XCTAssertEqual(delayed.response.delay, 0.05)
        tenant.clearFaults()
        tenant.assertReceived(method: "GET", path: target, status: 200, count: 3)
        tenant.assertReceived(method: "GET", path: target, status: 503, count: 1)
    }

    func testClockExpiresTokensInProcess() throws { try run(.inProcess, clockExpiresTokens) }
    func testClockExpiresTokensLive() throws { try run(.live, clockExpiresTokens) }

    func clockExpiresTokens(_ sandbox: Sandbox) throws {
        let acme = try sandbox.createTenant(from: "auth0-acme")
        let token = try managementToken(acme)
        XCTAssertEqual(try acme.send("GET", alice, headers: ["Authorization": "Bearer \(token)"]).status, 200)
        acme.clock.advance(by: 86_401)
        let expired = try acme.send("GET", alice, headers: ["Authorization": "Bearer \(token)"])
        XCTAssertEqual(expired.status, 401)
        XCTAssertEqual(try JSONParser().parse(Array(expired.body)), [
            "statusCode": 401, "error": "Unauthorized",
            "message": "Expired token received for JSON Web Token validation",
            "attributes": ["error": "Expired token received for JSON Web Token validation"],
        ])
    }

    func testRateLimitRecoversWhenTheClockMovesInProcess() throws { try run(.inProcess, rateLimitRecoversWhenTheClockMoves) }
    func testRateLimitRecoversWhenTheClockMovesLive() throws { try run(.live, rateLimitRecoversWhenTheClockMoves) }

    func rateLimitRecoversWhenTheClockMoves(_ sandbox: Sandbox) throws {
        let acme = try sandbox.createTenant(from: "auth0-acme")
        let token = try managementToken(acme)
        acme.clock.freeze()
        acme.setRateLimit(RateLimitPolicy(limit: 2, windowSeconds: 10))
        let auth = ["Authorization": "Bearer \(token)"]
        XCTAssertEqual(try acme.send("GET", alice, headers: auth).status, 200)
        XCTAssertEqual(try acme.send("GET", alice, headers: auth).status, 200)
        let limited = try acme.send("GET", alice, headers: auth)
        XCTAssertEqual(limited.status, 429)
        XCTAssertEqual(try JSONParser().parse(Array(limited.body)), [
            "statusCode": 429, "error": "Too Many Requests", "message": "Global limit has been reached",
            "errorCode": "too_many_requests",
        ])
        XCTAssertEqual(limited.headers["x-ratelimit-remaining"], "0")
        acme.clock.advance(by: 10)
        XCTAssertEqual(try acme.send("GET", alice, headers: auth).status, 200)
    }

    func testAStoppedLiveSandboxRefusesConnections() throws {
        let sandbox = try Sandbox.live()
        let tenant = try XCTUnwrap(sandbox.tenant("crux"))
        XCTAssertEqual(try tenant.send("GET", target, headers: ["Authorization": adminToken]).status, 200)
        sandbox.shutdown()
        XCTAssertThrowsError(try tenant.send("GET", target, headers: ["Authorization": adminToken]))
        sandbox.shutdown()
    }

    func testReleasingALiveSandboxStopsItsServer() throws {
        var address: URL?
        do {
            let sandbox = try Sandbox.live()
            address = sandbox.baseURL.appendingPathComponent("organizations/")
            XCTAssertEqual(try sandbox.send(URLRequest(url: try XCTUnwrap(address))).status, 401)
        }
        // The sandbox is gone: its server stopped with it, and nothing listens on its port.
        let session = URLSession(configuration: .ephemeral)
        defer { session.invalidateAndCancel() }
        let box = ResultCatcher()
        session.dataTask(with: try XCTUnwrap(address)) { _, _, error in box.finish(error) }.resume()
        let error = try XCTUnwrap(box.wait() as? URLError)
        XCTAssertEqual(error.code, .cannotConnectToHost)
    }
}

/// Hands a `URLSession` completion's error to the waiting test.
final class ResultCatcher: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private let error = Mutex<(any Error)?>(nil)

    func finish(_ error: (any Error)?) {
        self.error.withLock { $0 = error }
        semaphore.signal()
    }

    func wait() -> (any Error)? {
        semaphore.wait()
        return error.withLock { $0 }
    }
}
