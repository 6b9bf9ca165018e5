import Foundation
import TenantMock
import TenantMockServer
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The server over real sockets on 127.0.0.1 with ports chosen by the system.
/// Protocol references: RFC 9112 (§9.3 persistence, §9.3.2 pipelining, §9.6 closing,
/// §7.1 chunked), RFC 9110 (§10.1.1 Expect, §9.3.2 HEAD, §15 status codes).
final class HTTPServerTests: XCTestCase {
    func get(_ path: String, _ extra: String = "") -> String {
        "GET \(path) HTTP/1.1\r\nHost: localhost\r\n\(extra)\r\n"
    }

    func echoBody(method: String, path: String, query: String = "", body: String = "") -> String {
        #"{"method":"\#(method)","path":"\#(path)","query":"\#(query)","body":"\#(body)"}"#
    }

    // MARK: Persistence and pipelining

    func testKeepAliveReusesOneConnection() throws {
        let running = try RunningServer()
        defer { running.stop() }
        let client = try TestClient(port: running.port)
        for i in 1...3 {
            client.send(get("/r\(i)?n=\(i)"))
            let response = try client.readResponse()
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.bodyText, echoBody(method: "GET", path: "/r\(i)", query: "n=\(i)"))
            XCTAssertNil(response.headers["Connection"], "HTTP/1.1 keeps the connection by default")
            XCTAssertEqual(response.headers["Server"], "TenantMock")
            XCTAssertEqual(response.headers["Content-Length"], "\(response.body.count)")
            XCTAssertNotNil(response.headers["Date"].flatMap { $0.hasSuffix(" GMT") ? $0 : nil })
        }
        XCTAssertEqual(running.server.openConnectionCount, 1)
    }

    func testPipelinedRequestsAreAnsweredInOrder() throws {
        let running = try RunningServer()
        defer { running.stop() }
        let client = try TestClient(port: running.port)
        client.send(get("/one") + "POST /two HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc" + get("/three"))
        XCTAssertEqual(try client.readResponse().bodyText, echoBody(method: "GET", path: "/one"))
        XCTAssertEqual(try client.readResponse().bodyText, echoBody(method: "POST", path: "/two", body: "abc"))
        XCTAssertEqual(try client.readResponse().bodyText, echoBody(method: "GET", path: "/three"))
    }

    /// Answers are written after each batch of ready requests (and every 64 connections
    /// within one): many clients sending at once each get their own answers, in order.
    func testManyClientsSendingAtOnceEachGetTheirAnswers() throws {
        let running = try RunningServer { $0.eventLoopCount = 1 }
        defer { running.stop() }
        let clients = try (0..<150).map { _ in try TestClient(port: running.port) }
        for (i, client) in clients.enumerated() { client.send(get("/c\(i)/a") + get("/c\(i)/b")) }
        for (i, client) in clients.enumerated() {
            XCTAssertEqual(try client.readResponse().bodyText, echoBody(method: "GET", path: "/c\(i)/a"))
            XCTAssertEqual(try client.readResponse().bodyText, echoBody(method: "GET", path: "/c\(i)/b"))
        }
    }

    /// Each loop thread asks the scheduler for the configured time slice (EEVDF custom slices,
    /// Linux 6.12 and later, which report it as `se.slice` in `/proc/<pid>/task/<tid>/sched`).
    func testLoopThreadsAskForTheConfiguredTimeSlice() throws {
        var system = utsname()
        uname(&system)
        let release = withUnsafeBytes(of: system.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let version = release.split(whereSeparator: { !$0.isNumber }).prefix(2).compactMap { Int($0) }
        guard version.count == 2, (version[0], version[1]) >= (6, 12) else {
            throw XCTSkip("kernel \(release) has no custom time slices")
        }
        func loopSlices() throws -> [Int] {
            try FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").compactMap { task in
                guard let name = try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8),
                      name.hasPrefix("tm-loop-"),
                      let sched = try? String(contentsOfFile: "/proc/self/task/\(task)/sched", encoding: .utf8),
                      let line = sched.split(separator: "\n").first(where: { $0.hasPrefix("se.slice") }) else { return nil }
                return Int(line.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "")
            }
        }
        let running = try RunningServer { $0.eventLoopCount = 2; $0.loopTimeSlice = .microseconds(250) }
        defer { running.stop() }
        // The loops set their slice as they start; one answered request per loop proves they run.
        for _ in 0..<2 {
            let client = try TestClient(port: running.port)
            client.send(get("/ready"))
            _ = try client.readResponse()
        }
        // Both requests may have gone to one loop (placement follows the client's core), so
        // the other loop's thread is given time to start and set its slice.
        var slices = try loopSlices()
        let deadline = Date().addingTimeInterval(5)
        while slices.filter({ $0 == 250_000 }).count < 2 && Date() < deadline {
            usleep(20_000)
            slices = try loopSlices()
        }
        XCTAssertEqual(slices.filter { $0 == 250_000 }.count, 2, "\(slices)")
    }

    func testChunkedRequestBody() throws {
        let running = try RunningServer()
        defer { running.stop() }
        let client = try TestClient(port: running.port)
        client.send("POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n")
        usleep(20_000)
        client.send("2\r\nde\r\n0\r\nX-Trailer: 1\r\n\r\n")
        let response = try client.readResponse()
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.bodyText, echoBody(method: "POST", path: "/c", body: "abcde"))
    }

    func testConnectionCloseIsHonoured() throws {
        let running = try RunningServer()
        defer { running.stop() }
        let client = try TestClient(port: running.port)
        client.send(get("/bye", "Connection: close\r\n"))
        let response = try client.readResponse()
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.headers["Connection"], "close")
        XCTAssertTrue(client.isClosedByServer())
    }

    func testHTTP10ClosesUnlessKeepAliveIsAsked() throws {
        let running = try RunningServer()
        defer { running.stop() }
        let plain = try TestClient(port: running.port)
        plain.send("GET /a HTTP/1.0\r\n\r\n")
        let first = try plain.readResponse()
        XCTAssertEqual(first.status, 200)
        XCTAssertEqual(first.headers["Connection"], "close")
        XCTAssertTrue(plain.isClosedByServer())

        let keeping = try TestClient(port: running.port)
        keeping.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        XCTAssertEqual(try keeping.readResponse().headers["Connection"], "keep-alive")
        keeping.send("GET /b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        XCTAssertEqual(try keeping.readResponse().bodyText, echoBody(method: "GET", path: "/b"))
    }

    func testHeadAnswerHasGetHeadersAndNoBody() throws {
        let running = try RunningServer()
        defer { running.stop() }
        let client = try TestClient(port: running.port)
        client.send("HEAD /h HTTP/1.1\r\nHost: h\r\n\r\n" + get("/after"))
        let head = try client.readResponse(bodyless: true)
        XCTAssertEqual(head.status, 200)
        XCTAssertEqual(head.headers["Content-Length"], "\(echoBody(method: "HEAD", path: "/h").utf8.count)")
        XCTAssertEqual(head.headers["Content-Type"], "application/json")
        // Had a body been sent, this would read it instead of the next answer.
        XCTAssertEqual(try client.readResponse().bodyText, echoBody(method: "GET", path: "/after"))
    }

    func testNoContentAnswerHasNoContentLength() throws {
        let running = try RunningServer(handler: { _ in .empty(204) })
        defer { running.stop() }
        let client = try TestClient(port: running.port)
        client.send(get("/x") + get("/y"))
        for _ in 0..<2 {
            let response = try client.readResponse()
            XCTAssertEqual(response.status, 204)
            XCTAssertNil(response.headers["Content-Length"])
            XCTAssertEqual(response.body, [])
        }
    }

    func testHalfClosedClientStillGetsItsAnswers() throws {
        let running = try RunningServer()
        defer { running.stop() }
        let client = try TestClient(port: running.port)
        client.send(get("/1") + get("/2"))
        client.shutdownWrite()
        XCTAssertEqual(try client.readResponse().bodyText, echoBody(method: "GET", path: "/1"))
        XCTAssertEqual(try client.readResponse().bodyText, echoBody(method: "GET", path: "/2"))
        XCTAssertTrue(client.isClosedByServer())
    }

    func testLargeBodiesBothWaysSurvivePartialReadsAndWrites() throws {
        // 4 MiB out is far more than a socket buffer: the server must queue and resume writing.
        let big = (0..<(4 * 1024 * 1024)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let running = try RunningServer(handler: { request in
            if request.method == "POST" { return .json(200, ["received": .int(request.body.count),
                                                             "sum": .int(request.body.reduce(0) { $0 + Int($1) })]) }
            return HTTPResponse(status: 200, headers: ["Content-Type": "application/octet-stream"], body: big)
        })
        defer { running.stop() }
        let client = try TestClient(port: running.port)
        client.send(get("/big") + get("/big"))
        for _ in 0..<2 {
            let response = try client.readResponse()
            XCTAssertEqual(response.headers["Content-Length"], "\(big.count)")
            XCTAssertTrue(response.body == big, "the body arrives whole and in order")
        }
        // 1 MiB in (the default limit exactly), sent in pieces.
        let upload = (0..<(1024 * 1024)).map { UInt8(truncatingIfNeeded: $0 % 251) }
        client.send("POST /up HTTP/1.1\r\nHost: h\r\nContent-Length: \(upload.count)\r\n\r\n")
        for start in stride(from: 0, to: upload.count, by: 100_000) {
            client.send(Array(upload[start..<min(start + 100_000, upload.count)]))
        }
        let sum = upload.reduce(0) { $0 + Int($1) }
        XCTAssertEqual(try client.readResponse().bodyText, #"{"received":1048576,"sum":\#(sum)}"#)
    }

    // MARK: Expect: 100-continue

    func testExpectContinueGetsInterimAnswerThenTheFinalOne() throws {
        let running = try RunningServer()
        defer { running.stop() }
        let client = try TestClient(port: running.port)
        client.send("PUT /e HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
        let interim = try client.readResponse()
        XCTAssertEqual(interim.status, 100)
        XCTAssertEqual(interim.headers.count, 0)
        client.send("data")
        XCTAssertEqual(try client.readResponse().bodyText, echoBody(method: "PUT", path: "/e", body: "data"))
    }

    func testExpectContinueOverTheBodyLimitGets413WithoutSendingTheBody() throws {
        let running = try RunningServer { $0.maxBodyBytes = 1024 }
        defer { running.stop() }
        let client = try TestClient(port: running.port)
        client.send("PUT /big HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2000000\r\n\r\n")
        let response = try client.readResponse()
        XCTAssertEqual(response.status, 413)
        XCTAssertEqual(response.bodyText,
                       #"{"error":"payload_too_large","message":"The request body of 2000000 bytes exceeds the limit of 1024 bytes."}"#)
        XCTAssertEqual(response.headers["Connection"], "close")
        XCTAssertTrue(client.isClosedByServer())
        try assertServerStillAnswers(running)
    }

    // MARK: Refusals: status, body, close, and the server goes on

    func assertRefused(_ raw: String, on running: RunningServer, status: Int, code: String,
                       file: StaticString = #filePath, line: UInt = #line) throws {
        let client = try TestClient(port: running.port)
        client.send(raw)
        let response = try client.readResponse()
        XCTAssertEqual(response.status, status, file: file, line: line)
        XCTAssertEqual(response.json?[path: JSONPath(parsing: "$.error")!], .string(code), file: file, line: line)
        XCTAssertEqual(response.headers["Connection"], "close", file: file, line: line)
        XCTAssertEqual(response.headers["Content-Type"], "application/json", file: file, line: line)
        XCTAssertTrue(client.isClosedByServer(), "connection closed after \(status)", file: file, line: line)
        try assertServerStillAnswers(running, file: file, line: line)
    }

    func assertServerStillAnswers(_ running: RunningServer, file: StaticString = #filePath, line: UInt = #line) throws {
        let next = try TestClient(port: running.port)
        next.send(get("/still"))
        XCTAssertEqual(try next.readResponse().status, 200, "the next client is served", file: file, line: line)
    }

    func testOversizedHeadIs431() throws {
        let running = try RunningServer()
        defer { running.stop() }
        let big = String(repeating: "x", count: 17 * 1024)
        try assertRefused(get("/", "X-Big: \(big)\r\n"), on: running, status: 431, code: "request_header_fields_too_large")
        // Many small fields over the limit, too.
        let many = (0..<2000).map { "X-\($0): 1234567\r\n" }.joined()
        try assertRefused(get("/", many), on: running, status: 431, code: "request_header_fields_too_large")
    }

    func testOversizedBodyIs413BeforeTheBodyArrives() throws {
        let running = try RunningServer { $0.maxBodyBytes = 100 }
        defer { running.stop() }
        try assertRefused("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 101\r\n\r\n", on: running,
                          status: 413, code: "payload_too_large")
    }

    func testMalformedRequestIs400() throws {
        let running = try RunningServer()
        defer { running.stop() }
        try assertRefused("NOT HTTP AT ALL\r\n\r\n", on: running, status: 400, code: "bad_request")
        try assertRefused("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\nabc",
                          on: running, status: 400, code: "bad_request")
        let client = try TestClient(port: running.port)
        client.send("GET / HTTP/1.1\r\n\r\n")
        XCTAssertEqual(try client.readResponse().bodyText,
                       #"{"error":"bad_request","message":"An HTTP/1.1 request needs exactly one Host header field."}"#)
    }

    /// A target without its leading `/` is a 400 from the server itself, not a 404 from a
    /// handler that took it for a path (RFC 9112 §3.2.1: origin-form starts with `/`).
    func testRequestTargetWithoutLeadingSlashIs400() throws {
        let running = try RunningServer()
        defer { running.stop() }
        try assertRefused("GET api/v2/roles HTTP/1.1\r\nHost: h\r\n\r\n", on: running, status: 400, code: "bad_request")
        try assertRefused("CONNECT h:443 HTTP/1.1\r\nHost: h:443\r\n\r\n", on: running, status: 400, code: "bad_request")
        try assertRefused("GET * HTTP/1.1\r\nHost: h\r\n\r\n", on: running, status: 400, code: "bad_request")
        let client = try TestClient(port: running.port)
        client.send("GET api/v2/roles HTTP/1.1\r\nHost: h\r\n\r\n")
        XCTAssertEqual(try client.readResponse().json?["message"]?.stringValue, HTTPRequest.targetFormRefusal)
        // The accepted forms reach the handler.
        let accepted = try TestClient(port: running.port)
        accepted.send("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n" + "GET http://h:1/api?x=1 HTTP/1.1\r\nHost: h\r\n\r\n")
        XCTAssertEqual(try accepted.readResponse().bodyText, echoBody(method: "OPTIONS", path: "*"))
        XCTAssertEqual(try accepted.readResponse().bodyText, echoBody(method: "GET", path: "/api", query: "x=1"))
    }

    /// HTTP/1.2 is served as HTTP/1.1 (RFC 9110 §2.5), on a persistent connection; another
    /// major version is a 505 (§15.6.6); a malformed version (RFC 9112 §2.3) a 400.
    func testHTTPVersions() throws {
        let running = try RunningServer()
        defer { running.stop() }
        let client = try TestClient(port: running.port)
        client.send("GET /a HTTP/1.2\r\nHost: h\r\n\r\n" + "GET /b HTTP/1.9\r\nHost: h\r\n\r\n")
        for path in ["/a", "/b"] {
            let response = try client.readResponse()   // its status line is checked to be HTTP/1.1
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.bodyText, echoBody(method: "GET", path: path))
            XCTAssertNil(response.headers["Connection"], "persistent, as HTTP/1.1")
        }
        for version in ["HTTP/2.0", "HTTP/0.9", "HTTP/3.0"] {
            try assertRefused("GET / \(version)\r\nHost: h\r\n\r\n", on: running, status: 505, code: "http_version_not_supported")
        }
        try assertRefused("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", on: running, status: 505, code: "http_version_not_supported")
        for version in ["HTTP/1.10", "HTTP/1", "http/1.1", "HTTP/1.1.1", "HTTP/x.y"] {
            try assertRefused("GET / \(version)\r\nHost: h\r\n\r\n", on: running, status: 400, code: "bad_request")
        }
    }

    func testUnsupportedTransferCodingIs501() throws {
        let running = try RunningServer()
        defer { running.stop() }
        try assertRefused("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n", on: running,
                          status: 501, code: "not_implemented")
    }

    func testSlowHeadIs408() throws {
        let running = try RunningServer { $0.headerReadTimeout = .milliseconds(200) }
        defer { running.stop() }
        try assertRefused("GET / HTTP/1.1\r\nHost: h\r\n", on: running, status: 408, code: "request_timeout")
    }

    func testStalledBodyIs408() throws {
        let running = try RunningServer { $0.idleTimeout = .milliseconds(200) }
        defer { running.stop() }
        try assertRefused("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc", on: running,
                          status: 408, code: "request_timeout")
    }

    func testErrorAfterPipelinedSuccessKeepsOrder() throws {
        let running = try RunningServer()
        defer { running.stop() }
        let client = try TestClient(port: running.port)
        client.send(get("/ok") + "BROKEN\r\n\r\n" + get("/never"))
        XCTAssertEqual(try client.readResponse().status, 200)
        XCTAssertEqual(try client.readResponse().status, 400)
        XCTAssertTrue(client.isClosedByServer(), "nothing is answered after a protocol error")
    }

    // MARK: Timeouts and load shedding
    // Each timeout rule is checked to the millisecond in ConnectionStateMachineTests; these
    // check that the loop delivers the ticks, with short timeouts.

    func testIdleKeepAliveConnectionIsClosed() throws {
        let running = try RunningServer { $0.idleTimeout = .milliseconds(200) }
        defer { running.stop() }
        let client = try TestClient(port: running.port)
        client.send(get("/"))
        XCTAssertEqual(try client.readResponse().status, 200)
        XCTAssertTrue(client.isClosedByServer())
        XCTAssertTrue(eventually { running.server.openConnectionCount == 0 })
    }

    func testSilentNewConnectionIsClosed() throws {
        let running = try RunningServer { $0.headerReadTimeout = .milliseconds(200) }
        defer { running.stop() }
        let client = try TestClient(port: running.port)
        XCTAssertTrue(client.isClosedByServer(), "closed with no answer")
    }

    func testConnectionsBeyondTheLimitGetA503() throws {
        let running = try RunningServer { $0.maxConnections = 2 }
        defer { running.stop() }
        var held: [TestClient] = []
        for _ in 0..<2 {
            let client = try TestClient(port: running.port)
            client.send(get("/"))
            XCTAssertEqual(try client.readResponse().status, 200)
            held.append(client)
        }
        let extra = try TestClient(port: running.port)
        let refused = try extra.readResponse()
        XCTAssertEqual(refused.status, 503)
        XCTAssertEqual(refused.bodyText,
                       #"{"error":"service_unavailable","message":"The server has 2 connections open; try again shortly."}"#)
        XCTAssertEqual(refused.headers["Connection"], "close")
        XCTAssertTrue(extra.isClosedByServer())
        held.removeFirst()
        XCTAssertTrue(eventually { running.server.openConnectionCount == 1 })
        try assertServerStillAnswers(running)
    }

    func testConnectionLimitStaysWithinTheDescriptorLimit() throws {
        var limit = rlimit()
        XCTAssertEqual(getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit), 0)
        let unbounded = HTTPServer(configuration: { var c = HTTPServerConfiguration(); c.maxConnections = .max; return c }()) { _ in .empty(204) }
        XCTAssertEqual(unbounded.maxConnections, Int(clamping: limit.rlim_cur) - 64)
        let small = HTTPServer(configuration: { var c = HTTPServerConfiguration(); c.maxConnections = 10; return c }()) { _ in .empty(204) }
        XCTAssertEqual(small.maxConnections, 10)
    }

    // MARK: Shutdown

    func testGracefulShutdownFinishesTheRequestInFlight() throws {
        let entered = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let running = try RunningServer(handler: { request in
            if request.path == "/slow" {
                entered.signal()
                release.wait()
            }
            return .json(200, ["path": .string(request.path)])
        })
        let idle = try TestClient(port: running.port)
        idle.send(get("/warm-up"))
        XCTAssertEqual(try idle.readResponse().status, 200)

        let client = try TestClient(port: running.port)
        client.send(get("/slow"))
        XCTAssertEqual(entered.wait(timeout: .now() + 5), .success)
        running.server.shutdown()

        XCTAssertThrowsError(try TestClient(port: running.port), "new connections are refused at once")
        let stopped = expectation(description: "stopped")
        let server = running.server
        Thread.detachNewThread {
            server.waitUntilStopped()
            stopped.fulfill()
        }
        release.signal()
        let response = try client.readResponse()
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.bodyText, #"{"path":"/slow"}"#)
        XCTAssertEqual(response.headers["Connection"], "close")
        XCTAssertTrue(client.isClosedByServer())
        XCTAssertTrue(idle.isClosedByServer(), "idle keep-alive connections are closed")
        wait(for: [stopped], timeout: 5)
        XCTAssertEqual(server.openConnectionCount, 0)
    }

    func testShutdownOfAServerNeverStartedReturns() {
        let server = HTTPServer { _ in .empty(204) }
        server.shutdown()
        server.waitUntilStopped()
        XCTAssertNil(server.port)
    }

    func testSharedListenerStrategyServesToo() throws {
        let running = try RunningServer { $0.acceptStrategy = .sharedListener }
        defer { running.stop() }
        for _ in 0..<4 {
            let client = try TestClient(port: running.port)
            client.send(get("/a") + get("/b"))
            XCTAssertEqual(try client.readResponse().bodyText, echoBody(method: "GET", path: "/a"))
            XCTAssertEqual(try client.readResponse().bodyText, echoBody(method: "GET", path: "/b"))
        }
    }

    func testPortInUseIsReported() throws {
        let running = try RunningServer()
        defer { running.stop() }
        let second = HTTPServer(configuration: .init(host: "127.0.0.1", port: running.port)) { _ in .empty(204) }
        XCTAssertThrowsError(try second.start()) { error in
            XCTAssertEqual((error as? SocketError)?.errno, EADDRINUSE)
        }
    }
}
