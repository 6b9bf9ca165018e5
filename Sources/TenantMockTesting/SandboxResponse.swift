import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TenantMock

/// A tenant's answer to a request sent with ``SandboxTenant/send(_:_:headers:json:)`` or
/// ``Sandbox/send(_:session:)``: its status, its headers (looked up case-insensitively)
/// and its body, readable as text, as a `JSONValue` or decoded into a `Decodable` type.
///
/// ```swift
/// let read = try await acme.send("GET", alice, headers: headers)
/// XCTAssertEqual(read.status, 200)
/// XCTAssertEqual(read.headers["content-type"], "application/json; charset=utf-8")
/// struct Permission: Decodable { let permission_name: String }
/// let names = try read.json(as: [Permission].self).map(\.permission_name)
/// let first = try read.json()[0]?["permission_name"]?.stringValue
/// ```
public struct SandboxResponse: Sendable {
    /// The HTTP status code.
    public let status: Int
    /// The header fields as received; `headers["x-ratelimit-remaining"]` and
    /// `headers["X-RateLimit-Remaining"]` are the same field.
    public let headers: HTTPHeaders
    /// The body's bytes.
    public let body: Data

    public init(status: Int, headers: HTTPHeaders, body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The answer `URLSession` delivered: status, header fields and body.
    init(_ response: HTTPURLResponse, body: Data) {
        var headers = HTTPHeaders()
        for (name, value) in response.allHeaderFields {
            headers.add(name: "\(name)", value: "\(value)")
        }
        self.init(status: response.statusCode, headers: headers, body: body)
    }

    /// The body as UTF-8 text (invalid bytes replaced).
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The body parsed as JSON (TenantMock's own parser: duplicate keys, number forms and
    /// member order are kept as sent). Throws `JSONParser.Error` when the body is not JSON,
    /// an empty body included.
    public func json() throws -> JSONValue {
        try JSONParser().parse(Array(body))
    }

    /// The body decoded into `type` with `decoder` (a plain `JSONDecoder` by default).
    public func json<T: Decodable>(as type: T.Type, decoder: JSONDecoder = JSONDecoder()) throws -> T {
        try decoder.decode(type, from: body)
    }

    /// The answer in the shape `send` returned before ``SandboxResponse``: header names in lower case.
    var tuple: (status: Int, headers: [String: String], body: Data) {
        var dictionary: [String: String] = [:]
        for field in headers where dictionary[field.name.lowercased()] == nil {
            dictionary[field.name.lowercased()] = field.value
        }
        return (status, dictionary, body)
    }
}
