import TenantMock
import TenantMockServer
import XCTest

/// Response serialization: framing headers owned by the server (RFC 9110 §8.6, §6.6.1; RFC 9112 §6, §9.6).
final class HTTPResponseEncoderTests: XCTestCase {
    func encode(_ response: HTTPResponse, isHead: Bool = false,
                persistence: HTTPResponseEncoder.Persistence = .keepAliveByDefault) -> String {
        var out: [UInt8] = []
        HTTPResponseEncoder.encode(response, isHead: isHead, persistence: persistence,
                                   date: "Sun, 06 Nov 1994 08:49:37 GMT", into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    func testJSONResponseWithServerOwnedFraming() {
        var response = HTTPResponse.json(200, ["a": 1])
        response.headers["Content-Length"] = "999"
        response.headers["Connection"] = "upgrade"
        XCTAssertEqual(encode(response),
                       "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nServer: TenantMock\r\n"
                       + "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Length: 7\r\n\r\n{\"a\":1}")
    }

    func testHeadHasTheSameHeadersAndNoBody() {
        XCTAssertEqual(encode(.json(200, ["a": 1]), isHead: true),
                       "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nServer: TenantMock\r\n"
                       + "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Length: 7\r\n\r\n")
    }

    func testNoContentLengthOn204And304And1xx() {
        XCTAssertEqual(encode(HTTPResponse(status: 204, body: Array("ignored".utf8)), persistence: .close),
                       "HTTP/1.1 204 No Content\r\nServer: TenantMock\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
                       + "Connection: close\r\n\r\n")
        XCTAssertEqual(encode(.empty(304)),
                       "HTTP/1.1 304 Not Modified\r\nServer: TenantMock\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\n")
        XCTAssertEqual(encode(.empty(100)),
                       "HTTP/1.1 100 Continue\r\nServer: TenantMock\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\n")
    }

    func testHTTP10KeepAliveIsAnnounced() {
        XCTAssertEqual(encode(HTTPResponse(status: 200, body: [0x61]), persistence: .keepAliveRequested),
                       "HTTP/1.1 200 OK\r\nServer: TenantMock\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
                       + "Content-Length: 1\r\nConnection: keep-alive\r\n\r\na")
    }

    func testHandlerDateAndServerAreKeptAndLineBreaksNeutralized() {
        let response = HTTPResponse(status: 200, headers: ["Server": "nginx", "Date": "x", "X-Evil": "a\r\nSet-Cookie: b"])
        XCTAssertEqual(encode(response),
                       "HTTP/1.1 200 OK\r\nServer: nginx\r\nDate: x\r\nX-Evil: a  Set-Cookie: b\r\nContent-Length: 0\r\n\r\n")
    }

    func testAnAnswerIsAppendedAfterWhatIsQueuedWithMultiByteValuesAndLargeLengths() {
        var out = Array("HTTP/1.1 204 No Content\r\n\r\n".utf8)
        let body = [UInt8](repeating: 0x62, count: 123_456)
        let response = HTTPResponse(status: 201, headers: ["X-Name": "café ☕", "Transfer-Encoding": "chunked",
                                                          "content-length": "1", "X-Lines": "\n\r"], body: body)
        HTTPResponseEncoder.encode(response, isHead: false, persistence: .close,
                                   date: "Sun, 06 Nov 1994 08:49:37 GMT", into: &out)
        let expectedHead = "HTTP/1.1 204 No Content\r\n\r\n"
            + "HTTP/1.1 201 Created\r\nX-Name: café ☕\r\nX-Lines:   \r\nServer: TenantMock\r\n"
            + "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Length: 123456\r\nConnection: close\r\n\r\n"
        XCTAssertEqual(out.count, expectedHead.utf8.count + body.count)
        XCTAssertEqual(String(decoding: out.prefix(expectedHead.utf8.count), as: UTF8.self), expectedHead)
        XCTAssertEqual(Array(out.suffix(body.count)), body)
    }

    func testErrorResponseBody() {
        let response = HTTPResponseEncoder.errorResponse(status: 413, code: "payload_too_large", message: "Too big.")
        XCTAssertEqual(response.status, 413)
        XCTAssertEqual(response.bodyText, #"{"error":"payload_too_large","message":"Too big."}"#)
        XCTAssertEqual(response.headers["Content-Type"], "application/json")
        XCTAssertEqual(response.headers["X-TenantMock-Error"], "payload_too_large")
    }

    func testDateFormatIsIMFFixdate() {
        XCTAssertEqual(HTTPDateCache.format(784_111_777), "Sun, 06 Nov 1994 08:49:37 GMT")
        XCTAssertEqual(HTTPDateCache.format(0), "Thu, 01 Jan 1970 00:00:00 GMT")
    }
}
