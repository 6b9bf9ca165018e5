import Foundation
import TenantMock
@testable import TenantMockContracts
import XCTest

final class SocketTransportTests: XCTestCase {
    func testSendsOnlyTheGivenHeaders() throws {
        let server = try TinyHTTPServer { request in .json(200, ["content_type": .string(request.headers["Content-Type"] ?? "none")]) }
        defer { server.stop() }
        let transport = SocketHTTPTransport(host: "127.0.0.1", port: server.port)
        let response = try transport.send(HTTPRequest(method: "DELETE", target: "/api/v2/x?a=1",
                                                      headers: ["Authorization": "Bearer t"], body: Array(#"{"roles":[]}"#.utf8)))
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.jsonBody, ["content_type": "none"])
        XCTAssertEqual(server.recordedHeads, [
            "DELETE /api/v2/x?a=1 HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\nAuthorization: Bearer t\r\n"
                + "Content-Length: 12\r\nConnection: close",
        ])
    }

    func testRedirectsAreNotFollowed() throws {
        let server = try TinyHTTPServer { request in
            var r = HTTPResponse.empty(301)
            r.status = 301
            r.headers["Location"] = request.path + "/"
            return r
        }
        defer { server.stop() }
        let response = try SocketHTTPTransport(host: "127.0.0.1", port: server.port)
            .send(HTTPRequest(method: "GET", target: "/organizations/users/all"))
        XCTAssertEqual(response.status, 301)
        XCTAssertEqual(response.headers["Location"], "/organizations/users/all/")
        XCTAssertEqual(server.recordedHeads.count, 1)
    }

    func testURLSessionTransportDoesNotFollowRedirects() throws {
        let server = try TinyHTTPServer { request in
            if request.path == "/moved" {
                var r = HTTPResponse.empty(301)
                r.headers["Location"] = "/moved/"
                return r
            }
            return .json(200, ["path": .string(request.path), "auth": .string(request.headers["Authorization"] ?? "none")])
        }
        defer { server.stop() }
        let transport = URLSessionTransport(baseURL: URL(string: "http://127.0.0.1:\(server.port)")!)
        let moved = try transport.send(HTTPRequest(method: "GET", target: "/moved"))
        XCTAssertEqual(moved.status, 301)
        XCTAssertEqual(moved.headers["location"], "/moved/")
        let ok = try transport.send(HTTPRequest(method: "GET", target: "/x?y=1", headers: ["Authorization": "Bearer t"]))
        XCTAssertEqual(ok.status, 200)
        XCTAssertEqual(ok.jsonBody, ["path": "/x", "auth": "Bearer t"])
        XCTAssertEqual(server.recordedHeads.count, 2)
    }

    func testParsesChunkedAndInterimAnswers() throws {
        let raw = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-A: 1\r\n\r\n"
            + "4;ext=1\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\nTrailer: x\r\n\r\n"
        let response = try SocketHTTPTransport.parseResponse(Array(raw.utf8), method: "GET")
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.headers["x-a"], "1")
        XCTAssertEqual(response.bodyText, #"{"a":1}"#)
        let head = try SocketHTTPTransport.parseResponse(Array("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n".utf8), method: "HEAD")
        XCTAssertEqual(head.body, [])
        XCTAssertThrowsError(try SocketHTTPTransport.parseResponse(Array("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc".utf8),
                                                                   method: "GET"))
    }

    func testNoAnswerFailsTheCase() throws {
        let server = try TinyHTTPServer { _ in .empty(204) }
        let port = server.port
        server.stop()
        let target = ContractTarget(label: "gone", transport: SocketHTTPTransport(host: "127.0.0.1", port: port),
                                    provisioner: nil)
        let file = try TestSupport.contract(#"""
        {"contract": "gone", "dialect": "notes", "fixture": "notes-basic", "source": "inferred: test", "remote_safe": true,
         "cases": [{"name": "refused", "request": {"method": "GET", "path": "/notes"}, "expect": {"status": 401}}]}
        """#)
        let failure = TestSupport.onlyFailure(ContractRunner(target: target).run([file]))
        XCTAssertEqual(failure?.message?.hasPrefix("no answer: cannot connect to 127.0.0.1:\(port)"), true,
                       failure?.message ?? "")
    }

    /// The engine's own cases, in-process and over a socket with tenants
    /// provisioned through the admin API, agree case for case.
    func testInProcessAndOverTheNetworkAgree() throws {
        let emulator = try TestSupport.notesEmulator()
        let server = try TinyHTTPServer { emulator.handle($0) }
        defer { server.stop() }
        let files = try [
            TestSupport.contract(#"""
            {"contract": "network", "dialect": "notes", "fixture": "notes-basic", "source": "inferred: test", "cases": [
               {"name": "lifecycle", "steps": [
                  {"request": {"method": "POST", "path": "/notes/login"}, "expect": {"status": 200}, "capture": {"t": "$.access_token"}},
                  {"request": {"method": "POST", "path": "/notes", "headers": {"Authorization": "Bearer {{t}}"}, "json": {"text": "x"}},
                   "expect": {"status": 201, "body": {"id": "n3", "text": "x", "pinned": false}}},
                  {"request": {"method": "DELETE", "path": "/notes/n3", "headers": {"Authorization": "Bearer {{t}}"}},
                   "expect": {"status": 204, "empty_body": true, "headers": {"Content-Type": null}}}]},
               {"name": "no content type on the wire", "request": {"method": "POST", "path": "/notes/echo", "body": "{}"},
                "expect": {"status": 200, "body": {"headers": {"$partial": {}}, "body": "{}", "query": ""}}},
               {"name": "limit", "freeze_clock": 1700000000, "rate_limit": {"limit": 2, "window_seconds": 10}, "steps": [
                  {"request": {"method": "GET", "path": "/notes/limited"}, "repeat": 3, "expect_repeats": {"status": 200},
                   "expect": {"status": 429, "headers": {"X-RateLimit-Reset": "1700000010"}}},
                  {"advance_clock": 5, "request": {"method": "GET", "path": "/notes/limited"}, "expect": {"status": 200}}]},
               {"name": "cross tenant", "tenants": {"other": "notes-basic"}, "steps": [
                  {"request": {"method": "POST", "path": "/notes/login"}, "expect": {"status": 200}, "capture": {"t": "$.access_token"}},
                  {"tenant": "other", "request": {"method": "GET", "path": "/notes", "headers": {"Authorization": "Bearer {{t}}"}},
                   "expect": {"status": 401}}]},
               {"name": "fails the same way", "request": {"method": "GET", "path": "/notes"}, "expect": {"status": 200}}
            ]}
            """#),
        ]
        let local = ContractRunner(target: .inProcess(emulator)).run(files)
        let remoteTarget = ContractTarget.sandbox(host: "127.0.0.1", port: server.port, adminKey: emulator.configuration.adminKey)
        let remote = ContractRunner(target: remoteTarget).run(files)
        XCTAssertEqual(local.summaryLine, "4 passed, 1 failed", local.text)
        XCTAssertEqual(remote.results.map(\.fullName), local.results.map(\.fullName))
        XCTAssertEqual(remote.results.map(\.passed), local.results.map(\.passed), remote.text)
        if case .failed(let l) = local.results[4].outcome, case .failed(let r) = remote.results[4].outcome {
            XCTAssertEqual(l.mismatches, r.mismatches)
        } else {
            XCTFail("the last case should fail in both runs")
        }
        // Every tenant the admin API created was deleted again.
        XCTAssertEqual(emulator.tenants.all.map(\.id), ["notes"])
    }
}
