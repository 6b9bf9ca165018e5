import TenantMockCore

/// Serializes responses onto the wire, owning the framing headers.
///
/// The handler's `Content-Length`, `Transfer-Encoding` and `Connection` fields are
/// replaced by the server's own: `Content-Length` is always the body's length
/// (never sent on 1xx, 204 and 304, RFC 9110 §8.6), `Connection: close` is sent
/// when the connection closes after this answer. `Date` (RFC 9110 §6.6.1) and
/// `Server: TenantMock` are added unless the handler set them. A `HEAD` answer
/// has the headers of the `GET` answer and no body.
public enum HTTPResponseEncoder {
    /// How the connection continues after a response.
    public enum Persistence: Sendable {
        /// Keep-alive is the default of HTTP/1.1: no `Connection` field.
        case keepAliveByDefault
        /// An HTTP/1.0 client asked for keep-alive: `Connection: keep-alive`.
        case keepAliveRequested
        /// The server closes after this answer: `Connection: close`.
        case close
    }

    /// Appends `response` to `out`.
    /// - Parameters:
    ///   - isHead: the request was `HEAD`: headers only.
    ///   - date: the `Date` value to send, e.g. from ``HTTPDateCache``.
    public static func encode(_ response: HTTPResponse, isHead: Bool, persistence: Persistence,
                              date: String, into out: inout [UInt8]) {
        let status = response.status
        let bodyless = (100..<200).contains(status) || status == 204 || status == 304
        out.reserveCapacity(out.count + 160 + response.headers.count * 40 + (isHead || bodyless ? 0 : response.body.count))
        appendStatic("HTTP/1.1 ", to: &out)
        appendDecimal(status, to: &out)
        out.append(0x20)
        appendUTF8(reasonPhrase(status), to: &out)
        appendCRLF(to: &out)

        var hasDate = false
        var hasServer = false
        for field in response.headers {
            let name = field.name
            switch name.utf8.count {
            case 4 where HTTPSyntax.equalsLowercased(name, "date"): hasDate = true
            case 6 where HTTPSyntax.equalsLowercased(name, "server"): hasServer = true
            case 10 where HTTPSyntax.equalsLowercased(name, "connection"): continue
            case 14 where HTTPSyntax.equalsLowercased(name, "content-length"): continue
            case 17 where HTTPSyntax.equalsLowercased(name, "transfer-encoding"): continue
            default: break
            }
            appendField(name, field.value, to: &out)
        }
        if !hasServer { appendStatic("Server: TenantMock\r\n", to: &out) }
        if !hasDate { appendField("Date", date, to: &out) }
        if !bodyless {
            appendStatic("Content-Length: ", to: &out)
            appendDecimal(response.body.count, to: &out)
            appendCRLF(to: &out)
        }
        switch persistence {
        case .keepAliveByDefault: break
        case .keepAliveRequested: appendStatic("Connection: keep-alive\r\n", to: &out)
        case .close: appendStatic("Connection: close\r\n", to: &out)
        }
        appendCRLF(to: &out)
        if !isHead && !bodyless { out.append(contentsOf: response.body) }
    }

    /// The interim `100 Continue` answer to `Expect: 100-continue`.
    public static let continueResponse: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// A small JSON error answer of the server itself: `{"error": code, "message": …}`.
    public static func errorResponse(_ error: HTTPParseError) -> HTTPResponse {
        errorResponse(status: error.status, code: error.code, message: error.message)
    }

    /// A small JSON error answer of the server itself.
    public static func errorResponse(status: Int, code: String, message: String) -> HTTPResponse {
        var response = HTTPResponse.json(status, ["error": .string(code), "message": .string(message)])
        response.headers["X-TenantMock-Error"] = code
        return response
    }

    /// The reason phrase, including the few the core table lacks.
    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 414: return "URI Too Long"
        case 417: return "Expectation Failed"
        default: return HTTPStatus.reasonPhrase(status)
        }
    }

    @inline(__always)
    private static func appendCRLF(to out: inout [UInt8]) {
        out.append(0x0D)
        out.append(0x0A)
    }

    /// Appends a literal's bytes with one copy.
    @inline(__always)
    private static func appendStatic(_ text: StaticString, to out: inout [UInt8]) {
        text.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    /// Appends `name: value` CRLF; CR and LF inside a value become spaces so a
    /// handler can never split the response.
    private static func appendField(_ name: String, _ value: String, to out: inout [UInt8]) {
        appendUTF8(name, to: &out)
        out.append(0x3A)
        out.append(0x20)
        var value = value
        value.withUTF8 { bytes in
            var clean = true
            for b in bytes where b == 0x0D || b == 0x0A {
                clean = false
                break
            }
            if clean {
                out.append(contentsOf: bytes)
            } else {
                for b in bytes { out.append(b == 0x0D || b == 0x0A ? 0x20 : b) }
            }
        }
        appendCRLF(to: &out)
    }

    /// Appends a string's UTF-8 bytes with one copy (native strings are contiguous).
    private static func appendUTF8(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { out.append(contentsOf: $0) }
    }

    private static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value < 10 {
            out.append(UInt8(truncatingIfNeeded: value) + 0x30)
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var v = value
        withUnsafeMutableBytes(of: &digits) { raw in
            while v > 0 {
                raw[count] = UInt8(truncatingIfNeeded: v % 10) + 0x30
                v /= 10
                count += 1
            }
            for i in stride(from: count - 1, through: 0, by: -1) { out.append(raw[i]) }
        }
    }
}
