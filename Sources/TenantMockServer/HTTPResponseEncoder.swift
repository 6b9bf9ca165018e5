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
    ///
    /// Measures the answer first, grows `out` once and writes every byte in place (one
    /// pass, no intermediate strings): it runs once per request on an event loop.
    /// - Parameters:
    ///   - isHead: the request was `HEAD`: headers only.
    ///   - date: the `Date` value to send, e.g. from ``HTTPDateCache``.
    public static func encode(_ response: HTTPResponse, isHead: Bool, persistence: Persistence,
                              date: String, into out: inout [UInt8]) {
        let status = response.status
        let bodyless = (100..<200).contains(status) || status == 204 || status == 304
        let reason = reasonPhrase(status)
        let body = isHead || bodyless ? 0 : response.body.count

        // The fields sent as given, and whether the handler set Date and Server.
        var hasDate = false
        var hasServer = false
        var length = 9 + decimalDigits(status) + 1 + reason.utf8.count + 2
        for field in response.headers {
            switch role(of: field.name) {
            case .date: hasDate = true
            case .server: hasServer = true
            case .framing: continue
            case .other: break
            }
            length += field.name.utf8.count + 2 + field.value.utf8.count + 2
        }
        if !hasServer { length += serverLine.utf8CodeUnitCount }
        if !hasDate { length += 6 + date.utf8.count + 2 }
        if !bodyless { length += 16 + decimalDigits(response.body.count) + 2 }
        switch persistence {
        case .keepAliveByDefault: break
        case .keepAliveRequested: length += keepAliveLine.utf8CodeUnitCount
        case .close: length += closeLine.utf8CodeUnitCount
        }
        length += 2 + body

        let start = out.count
        out.append(contentsOf: repeatElement(0, count: length))
        out.withUnsafeMutableBufferPointer { buffer in
            var w = ByteWriter(buffer.baseAddress! + start)
            w.write("HTTP/1.1 ")
            w.writeDecimal(status)
            w.write(0x20)
            w.write(reason)
            w.writeCRLF()
            for field in response.headers where role(of: field.name) != .framing {
                w.writeField(field.name, field.value)
            }
            if !hasServer { w.write(serverLine) }
            if !hasDate { w.writeField("Date", date) }
            if !bodyless {
                w.write("Content-Length: ")
                w.writeDecimal(response.body.count)
                w.writeCRLF()
            }
            switch persistence {
            case .keepAliveByDefault: break
            case .keepAliveRequested: w.write(keepAliveLine)
            case .close: w.write(closeLine)
            }
            w.writeCRLF()
            if body > 0 { response.body.withUnsafeBufferPointer { w.write($0) } }
            assert(w.position == buffer.baseAddress! + start + length, "the measured length is the written one")
        }
    }

    private static let serverLine: StaticString = "Server: TenantMock\r\n"
    private static let keepAliveLine: StaticString = "Connection: keep-alive\r\n"
    private static let closeLine: StaticString = "Connection: close\r\n"

    /// What a handler's header field is to the encoder.
    private enum FieldRole {
        case date, server, other
        /// `Content-Length`, `Transfer-Encoding`, `Connection`: the server's own, never sent as given.
        case framing
    }

    private static func role(of name: String) -> FieldRole {
        switch name.utf8.count {
        case 4 where HTTPSyntax.equalsLowercased(name, "date"): return .date
        case 6 where HTTPSyntax.equalsLowercased(name, "server"): return .server
        case 10 where HTTPSyntax.equalsLowercased(name, "connection"): return .framing
        case 14 where HTTPSyntax.equalsLowercased(name, "content-length"): return .framing
        case 17 where HTTPSyntax.equalsLowercased(name, "transfer-encoding"): return .framing
        default: return .other
        }
    }

    /// The number of decimal digits of `value` (a negative value is written as 0).
    private static func decimalDigits(_ value: Int) -> Int {
        var count = 1
        var v = max(0, value)
        while v >= 10 {
            v /= 10
            count += 1
        }
        return count
    }

    /// Writes bytes into memory the encoder measured and reserved.
    private struct ByteWriter {
        private(set) var position: UnsafeMutablePointer<UInt8>

        init(_ start: UnsafeMutablePointer<UInt8>) { position = start }

        mutating func write(_ byte: UInt8) {
            position.pointee = byte
            position += 1
        }

        mutating func writeCRLF() {
            position[0] = 0x0D
            position[1] = 0x0A
            position += 2
        }

        mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
            position.update(from: base, count: bytes.count)
            position += bytes.count
        }

        mutating func write(_ text: StaticString) {
            text.withUTF8Buffer { write($0) }
        }

        mutating func write(_ text: String) {
            var text = text
            text.withUTF8 { write($0) }
        }

        /// `name: value` CRLF; CR and LF inside a value become spaces so a handler can
        /// never split the response.
        mutating func writeField(_ name: String, _ value: String) {
            write(name)
            position[0] = 0x3A
            position[1] = 0x20
            position += 2
            let valueStart = position
            write(value)
            var p = valueStart
            while p < position {
                if p.pointee == 0x0D || p.pointee == 0x0A { p.pointee = 0x20 }
                p += 1
            }
            writeCRLF()
        }

        mutating func writeDecimal(_ value: Int) {
            let digits = HTTPResponseEncoder.decimalDigits(value)
            var v = max(0, value)
            for i in stride(from: digits - 1, through: 0, by: -1) {
                position[i] = UInt8(truncatingIfNeeded: v % 10) + 0x30
                v /= 10
            }
            position += digits
        }
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
}
