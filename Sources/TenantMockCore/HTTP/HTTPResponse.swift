/// An HTTP response, independent of the transport that carries it.
public struct HTTPResponse: Sendable {
    /// The status code.
    public var status: Int
    /// The header fields. Transports add framing headers (`Content-Length`, `Connection`, `Date`) themselves.
    public var headers: HTTPHeaders
    /// The body bytes.
    public var body: [UInt8]
    /// Seconds a transport waits before sending the answer (injected latency).
    public var delay: Double = 0
    /// Whether the transport drops the connection instead of answering (an injected reset).
    public var resetConnection = false

    public init(status: Int, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON response; `contentType` defaults to `application/json`.
    public static func json(_ status: Int, _ value: JSONValue, contentType: String = "application/json") -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": contentType], body: JSONSerializer.bytes(value))
    }

    /// A response with no body (a 204, typically).
    public static func empty(_ status: Int, headers: HTTPHeaders = [:]) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers)
    }

    /// The body parsed as JSON, or `nil`.
    public var jsonBody: JSONValue? { try? JSONParser().parse(body) }

    /// The body as UTF-8 text.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The standard reason phrase for `status`.
    public var reasonPhrase: String { HTTPStatus.reasonPhrase(status) }
}

/// Reason phrases (RFC 9110), as vendors print them in error bodies.
public enum HTTPStatus {
    public static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 100: return "Continue"
        case 200: return "OK"
        case 201: return "Created"
        case 202: return "Accepted"
        case 204: return "No Content"
        case 301: return "Moved Permanently"
        case 302: return "Found"
        case 304: return "Not Modified"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 409: return "Conflict"
        case 411: return "Length Required"
        case 413: return "Payload Too Large"
        case 415: return "Unsupported Media Type"
        case 422: return "Unprocessable Entity"
        case 429: return "Too Many Requests"
        case 431: return "Request Header Fields Too Large"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 505: return "HTTP Version Not Supported"
        default: return "Status \(status)"
        }
    }
}
