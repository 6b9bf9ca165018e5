import XCTest
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
@testable import TenantMock

/// An echo dialect: answers every request with what it received.
struct EchoDialect: Dialect {
    struct State: Sendable {}
    var name: String { "echo" }
    var title: String { "Echo" }
    func claims(path: String) -> Bool { path.hasPrefix("/echo") }
    func makeState(from data: JSONValue, context: FixtureContext) throws(FixtureError) -> State { State() }
    func snapshot(of state: State) -> JSONValue { [:] }
    func routes() -> [DialectRoute<EchoDialect>] {
        ["GET", "POST", "DELETE", "PATCH", "PUT"].map { method in
            DialectRoute(method, "/echo/{id}", summary: "Echo") { context in
                var headers = JSONObject()
                for field in context.request.headers { headers[field.name.lowercased()] = .string(field.value) }
                var response = HTTPResponse.json(200, [
                    "method": .string(context.request.method), "path": .string(context.request.path),
                    "id": .string(context.parameters["id"]), "query": .string(context.request.rawQuery),
                    "headers": .object(headers), "body": .string(context.request.bodyText),
                    "tenant": .string(context.tenant.id),
                ])
                response.headers["X-Echo"] = "yes"
                return response
            }
        } + [DialectRoute("DELETE", "/echo/{id}/empty", summary: "No content") { _ in .empty(204) }]
    }
    func routingFailure(_ failure: RoutingFailure, request: HTTPRequest) -> HTTPResponse { .json(404, ["error": "nf"]) }
    func credentials(of state: State, tenant: TenantInfo) -> [Credential] { [] }
}

final class InProcessTransportTests: XCTestCase {
    func makeTransport() throws -> InProcessTransport {
        var registry = DialectRegistry()
        registry.register(EchoDialect())
        let emulator = Emulator(dialects: registry)
        try emulator.loadFixtures(documents: [
            (file: "e1", bytes: Array(#"{"fixture":"echo-one","dialect":"echo","tenant":"one","data":{}}"#.utf8)),
            (file: "e2", bytes: Array(#"{"fixture":"echo-two","dialect":"echo","tenant":"two","data":{}}"#.utf8)),
        ])
        emulator.startFixtureTenants()
        return InProcessTransport(emulator: emulator)
    }

    func send(_ session: URLSession, _ request: URLRequest) async throws -> (JSONValue?, HTTPURLResponse, Data) {
        let (data, response) = try await session.data(for: request)
        return (try? JSONParser().parse(Array(data)), response as! HTTPURLResponse, data)
    }

    func testDeleteWithJSONBodyRoundTripsMethodPathHeadersAndBody() async throws {
        let transport = try makeTransport()
        let session = transport.makeSession()
        var request = URLRequest(url: URL(string: "\(transport.baseURL)/echo/auth0%7Cabc?per_page=5&x=a%20b")!)
        request.httpMethod = "DELETE"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("Bearer t0k", forHTTPHeaderField: "Authorization")
        request.httpBody = Data(#"{"permissions":[{"permission_name":"read:x"}]}"#.utf8)
        let (json, response, _) = try await send(session, request)
        XCTAssertEqual(response.statusCode, 200)
        XCTAssertEqual(response.value(forHTTPHeaderField: "x-echo"), "yes")
        XCTAssertEqual(json?["method"], "DELETE")
        XCTAssertEqual(json?["path"], "/echo/auth0%7Cabc")
        XCTAssertEqual(json?["id"], "auth0|abc")
        XCTAssertEqual(json?["query"], "per_page=5&x=a%20b")
        XCTAssertEqual(json?["body"], #"{"permissions":[{"permission_name":"read:x"}]}"#)
        XCTAssertEqual(json?["headers"]?["authorization"], "Bearer t0k")
        XCTAssertEqual(json?["headers"]?["content-type"], "application/json")
        XCTAssertEqual(json?["tenant"], "one", "the first echo tenant is the default")
    }

    func testTenantByHostAndByPrefix() async throws {
        let transport = try makeTransport()
        let session = transport.makeSession()
        let byHost = try await send(session, URLRequest(url: transport.baseURL(forTenant: "two").appendingPathComponent("echo/1")))
        XCTAssertEqual(byHost.0?["tenant"], "two")
        let byPrefix = try await send(session, URLRequest(url: URL(string: "\(transport.baseURL)/tenants/two/echo/1")!))
        XCTAssertEqual(byPrefix.0?["tenant"], "two")
        XCTAssertEqual(byPrefix.0?["path"], "/echo/1")
        let unknown = try await send(session, URLRequest(url: URL(string: "\(transport.baseURL)/tenants/zed/echo/1")!))
        XCTAssertEqual(unknown.1.statusCode, 404)
        XCTAssertEqual(unknown.0?["error"], "unknown_tenant")
    }

    func testNoContentAndPostBody() async throws {
        let transport = try makeTransport()
        let session = transport.makeSession()
        var delete = URLRequest(url: URL(string: "\(transport.baseURL)/echo/1/empty")!)
        delete.httpMethod = "DELETE"
        let (_, response, data) = try await send(session, delete)
        XCTAssertEqual(response.statusCode, 204)
        XCTAssertTrue(data.isEmpty)
        var post = URLRequest(url: URL(string: "\(transport.baseURL)/echo/1")!)
        post.httpMethod = "POST"
        post.httpBody = Data("client_id=a&client_secret=b".utf8)
        let (json, _, _) = try await send(session, post)
        XCTAssertEqual(json?["body"], "client_id=a&client_secret=b")
    }

    func testOtherHostsAreNotIntercepted() {
        XCTAssertFalse(InProcessURLProtocol.canInit(with: URLRequest(url: URL(string: "http://localhost:1/echo/1")!)))
        XCTAssertFalse(InProcessURLProtocol.canInit(with: URLRequest(url: URL(string: "http://example.com/echo/1")!)))
    }

    /// An IP address names no tenant in-process either (issue 14), and an IPv6 one reaches
    /// the emulator in brackets, as a client writes `Host` (RFC 9110 §7.2).
    func testIPAddressHostsReachTheDefaultTenant() async throws {
        let transport = try makeTransport()
        let session = transport.makeSession()
        for host in ["127.0.0.1", "127.1", "0x7f.0.0.1", "[::1]", "[::ffff:127.0.0.1]"] {
            let (json, response, _) = try await send(session, URLRequest(url: URL(string: "http://\(host):\(transport.port)/echo/1")!))
            XCTAssertEqual(response.statusCode, 200, host)
            XCTAssertEqual(json?["tenant"], "one", host)
            XCTAssertEqual(json?["headers"]?["host"], .string("\(host):\(transport.port)"), host)
        }
    }

    /// A target the server refuses (no leading `/`) gets the server's 400 in a direct call too.
    func testDirectCallWithATargetWithoutLeadingSlashIs400() throws {
        let transport = try makeTransport()
        let response = transport.handle(HTTPRequest(method: "GET", target: "echo/1"))
        XCTAssertEqual(response.status, 400)
        XCTAssertEqual(response.headers["X-TenantMock-Error"], "bad_request")
        XCTAssertEqual(response.jsonBody?["message"]?.stringValue, HTTPRequest.targetFormRefusal)
    }

    func testDirectCallAPI() throws {
        let transport = try makeTransport()
        let response = transport.handle(HTTPRequest(method: "PATCH", target: "/tenants/two/echo/7", body: Array("x".utf8)))
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.jsonBody?["body"], "x")
        XCTAssertEqual(response.jsonBody?["tenant"], "two")
    }
}
