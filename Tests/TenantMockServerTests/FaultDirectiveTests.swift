import Foundation
import TenantMock
import TenantMockServer
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// `HTTPServer` carries out the fault directives an answer holds (`delay`,
/// `resetConnection`), set by a tenant's fault rules, over real sockets.
final class FaultDirectiveTests: XCTestCase {
    /// Seed 003's admin token and target (crux-supplier fixture).
    let cruxToken = "Token a0f17278bed479ee719ea890b8caf0329e1f3e5b"
    let cruxTarget = "/organizations/users/permissions/5de38a8e-800e-4cba-84c5-ee6c27f304d8/"

    func get(_ path: String, _ authorization: String) -> String {
        "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: \(authorization)\r\n\r\n"
    }

    /// A server of one event loop (so that both connections of a test share it) on the default fixtures.
    func start() throws -> (Emulator, RunningServer) {
        let emulator = try Emulator.makeDefault()
        let server = try RunningServer(configure: { $0.eventLoopCount = 1 }) { emulator.handle($0) }
        return (emulator, server)
    }

    func testLatencyDelaysOneConnectionWhileAnotherIsAnsweredAtOnce() throws {
        let (emulator, server) = try start()
        defer { server.stop() }
        let crux = try XCTUnwrap(emulator.tenants.tenant("crux"))
        // 3 s on the first matching request only.
        crux.faults.configure(rules: [FaultRule(method: "GET", path: cruxTarget, latencyMilliseconds: 3000...3000, times: 1)])

        let slow = try TestClient(port: server.port, timeout: 15)
        XCTAssertTrue(slow.send(get(cruxTarget, cruxToken)))
        // The rule has fired: the slow request is in the server, waiting on the loop's timer.
        XCTAssertTrue(eventually { crux.faults.configuration.fired == [1] })

        let fast = try TestClient(port: server.port)
        XCTAssertTrue(fast.send(get(cruxTarget, cruxToken)))
        let quick = try fast.readResponse()
        XCTAssertEqual(quick.status, 200)

        // The same loop answered the other connection while the slow one still waits.
        var byte: UInt8 = 0
        let n = recv(slow.fd, &byte, 1, Int32(MSG_DONTWAIT) | Int32(MSG_PEEK))
        XCTAssertEqual(n, -1, "the delayed answer must not have been sent yet")
        XCTAssertTrue(errno == EAGAIN || errno == EWOULDBLOCK, "errno \(errno)")

        let late = try slow.readResponse()
        XCTAssertEqual(late.status, 200)
        XCTAssertEqual(late.bodyText, quick.bodyText)
        XCTAssertEqual(late.headers["Content-Type"], "application/json")
        XCTAssertNil(late.headers["Connection"], "the connection stays open after a delayed answer")

        // The connection keeps serving after its delayed answer.
        XCTAssertTrue(slow.send(get(cruxTarget, cruxToken)))
        XCTAssertEqual(try slow.readResponse().status, 200)
        // The journal counts the injected latency in the time taken.
        let first = try XCTUnwrap(crux.journal.entries.first)
        XCTAssertGreaterThanOrEqual(first.durationMicroseconds, 3_000_000)
        XCTAssertEqual(crux.journal.entries.count, 3)
    }

    func testPipelinedRequestsAfterADelayedOneAreAnsweredInOrder() throws {
        let (emulator, server) = try start()
        defer { server.stop() }
        let crux = try XCTUnwrap(emulator.tenants.tenant("crux"))
        crux.faults.configure(rules: [FaultRule(method: "GET", path: "/organizations/", latencyMilliseconds: 300...300)])
        let client = try TestClient(port: server.port, timeout: 10)
        // A delayed GET, then a DELETE without credentials (401 at once if it were not queued behind).
        XCTAssertTrue(client.send(get("/organizations/", cruxToken)
                                  + "DELETE \(cruxTarget) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n"))
        let first = try client.readResponse()
        let second = try client.readResponse()
        XCTAssertEqual(first.status, 200)
        XCTAssertEqual(second.status, 401)
        XCTAssertEqual(second.json, ["detail": "Authentication credentials were not provided."])
    }

    func testResetClosesTheConnectionWithoutAnAnswer() throws {
        let (emulator, server) = try start()
        defer { server.stop() }
        let crux = try XCTUnwrap(emulator.tenants.tenant("crux"))
        crux.faults.configure(rules: [FaultRule(path: cruxTarget, resetConnection: true, times: 1)])

        let client = try TestClient(port: server.port)
        XCTAssertTrue(client.send(get(cruxTarget, cruxToken)))
        var buffer = [UInt8](repeating: 0, count: 1024)
        var received = 0
        var failure: Int32 = 0
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(client.fd, $0.baseAddress, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            if n > 0 { received += n; continue }
            if n < 0 { failure = errno }
            break
        }
        XCTAssertEqual(received, 0, "no byte of an answer")
        XCTAssertEqual(failure, ECONNRESET, "SO_LINGER 0 makes the close a reset")
        XCTAssertEqual(crux.journal.entries.last?.response.resetConnection, true)

        // Other connections are served; the rule fired once.
        let next = try TestClient(port: server.port)
        XCTAssertTrue(next.send(get(cruxTarget, cruxToken)))
        XCTAssertEqual(try next.readResponse().status, 200)
    }

    func testForcedStatusAnswersWithTheVendorBody() throws {
        let (emulator, server) = try start()
        defer { server.stop() }
        let crux = try XCTUnwrap(emulator.tenants.tenant("crux"))
        crux.faults.configure(rules: [FaultRule(method: "GET", path: "/organizations/users/permissions/{uuid}/", status: 503)])
        let client = try TestClient(port: server.port)
        XCTAssertTrue(client.send(get(cruxTarget, cruxToken)))
        let answer = try client.readResponse()
        XCTAssertEqual(answer.status, 503)
        XCTAssertEqual(answer.reason, "Service Unavailable")
        // DRF's APIException shape with the reason phrase (inferred, CruxFaultResponse), and the view's headers.
        XCTAssertEqual(answer.bodyText, #"{"detail":"Service Unavailable."}"#)
        XCTAssertEqual(answer.headers["Content-Type"], "application/json")
        XCTAssertEqual(answer.headers["Allow"], "GET, PATCH, DELETE, HEAD, OPTIONS")
        XCTAssertEqual(answer.headers["Content-Length"], "33")
        // The connection stays usable: the rule has no `times`, so it fires again.
        XCTAssertTrue(client.send(get(cruxTarget, cruxToken)))
        XCTAssertEqual(try client.readResponse().status, 503)
    }
}
