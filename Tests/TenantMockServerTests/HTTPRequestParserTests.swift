import TenantMock
@testable import TenantMockServer
import XCTest

/// The request parser on its own, fed bytes with no socket.
/// Framing rules: RFC 9112 (§2.2 line ends and leading empty lines, §3 request line,
/// §5 fields, §6 message body, §7.1 chunked coding); status codes: RFC 9110 §15.
final class HTTPRequestParserTests: XCTestCase {
    // MARK: Helpers

    /// Every event of `input`, fed in the given pieces, rendered as text.
    func events(_ input: [UInt8], pieces: [Range<Int>]? = nil,
                limits: HTTPRequestParser.Limits = .init()) -> [String] {
        var parser = HTTPRequestParser(limits: limits)
        var out: [String] = []
        for piece in pieces ?? [0..<input.count] {
            parser.feed(input[piece])
            while let event = parser.next() { out.append(Self.describe(event)) }
        }
        return out
    }

    func events(_ text: String, limits: HTTPRequestParser.Limits = .init()) -> [String] {
        events(Array(text.utf8), limits: limits)
    }

    static func describe(_ event: HTTPRequestParser.Event) -> String {
        switch event {
        case .continueExpected:
            return "continue"
        case .failure(let error):
            return "failure \(error.status) \(error.code)"
        case .request(let parsed):
            let r = parsed.request
            let headers = r.headers.fields.map { "\($0.name)=\($0.value)" }.joined(separator: ";")
            return "\(r.method) \(r.path) ?\(r.rawQuery) \(parsed.version) keepAlive=\(parsed.keepAlive) [\(headers)] body=\(r.bodyText)"
        }
    }

    func single(_ text: String, limits: HTTPRequestParser.Limits = .init()) -> ParsedRequest? {
        var parser = HTTPRequestParser(limits: limits)
        parser.feed(Array(text.utf8))
        if case .request(let parsed) = parser.next() { return parsed }
        return nil
    }

    func failure(_ text: String, limits: HTTPRequestParser.Limits = .init()) -> HTTPParseError? {
        var parser = HTTPRequestParser(limits: limits)
        parser.feed(Array(text.utf8))
        while let event = parser.next() {
            if case .failure(let error) = event { return error }
        }
        return nil
    }

    /// Three pipelined requests exercising every framing: none, Content-Length, chunked
    /// with an extension and a trailer, and an Expect: 100-continue.
    let pipelined = Array((
        "\r\nGET /a/b%7C1?x=1&y=two HTTP/1.1\r\nHost: acme.localhost:8080\r\nAccept: */*\r\n\r\n"
        + "POST /submit HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\nContent-Type: text/plain\r\n\r\nhello world"
        + "PATCH /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n"
        + "5;name=value\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n"
        + "DELETE /d HTTP/1.0\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok"
    ).utf8)

    let pipelinedEvents = [
        "GET /a/b%7C1 ?x=1&y=two HTTP/1.1 keepAlive=true [Host=acme.localhost:8080;Accept=*/*] body=",
        "POST /submit ? HTTP/1.1 keepAlive=true [Host=h;Content-Length=11;Content-Type=text/plain] body=hello world",
        "continue",
        "PATCH /c ? HTTP/1.1 keepAlive=true [Host=h;Transfer-Encoding=chunked;Expect=100-continue] body=hello world",
        "DELETE /d ? HTTP/1.0 keepAlive=true [Connection=keep-alive;Content-Length=2] body=ok",
    ]

    // MARK: Requests

    func testPipelinedRequestsComeOutInOrder() {
        XCTAssertEqual(events(pipelined), pipelinedEvents)
    }

    func testEverySplitPointParsesIdentically() {
        for split in 0...pipelined.count {
            XCTAssertEqual(events(pipelined, pieces: [0..<split, split..<pipelined.count]), pipelinedEvents,
                           "split at byte \(split)")
        }
    }

    func testByteByByteFeedingParsesIdentically() {
        let pieces = (0..<pipelined.count).map { $0..<($0 + 1) }
        XCTAssertEqual(events(pipelined, pieces: pieces), pipelinedEvents)
    }

    func testSimpleGetKeepsMethodTargetAndHeaders() throws {
        let parsed = try XCTUnwrap(single("GET /api/v2/users?page=2 HTTP/1.1\r\nHost: localhost\r\nX-A:  spaced value \t\r\n\r\n"))
        XCTAssertEqual(parsed.request.method, "GET")
        XCTAssertEqual(parsed.request.path, "/api/v2/users")
        XCTAssertEqual(parsed.request.rawQuery, "page=2")
        XCTAssertEqual(parsed.request.headers["x-a"], "spaced value")
        XCTAssertEqual(parsed.request.body, [])
        XCTAssertEqual(parsed.version, .http11)
        XCTAssertTrue(parsed.keepAlive)
    }

    func testBareLineFeedsAreAccepted() {
        XCTAssertEqual(events("GET / HTTP/1.1\nHost: h\n\n"), ["GET / ? HTTP/1.1 keepAlive=true [Host=h] body="])
    }

    /// Absolute-form (RFC 9112 §3.2.2): path and query kept; the target's authority, not
    /// the `Host` field, names the host, so it replaces `Host`.
    func testAbsoluteFormTargetIsReducedToPathAndQuery() throws {
        let parsed = try XCTUnwrap(single("GET http://acme.localhost:8080/api/v2/x?q=1 HTTP/1.1\r\nHost: other.localhost\r\n\r\n"))
        XCTAssertEqual(parsed.request.path, "/api/v2/x")
        XCTAssertEqual(parsed.request.rawQuery, "q=1")
        XCTAssertEqual(parsed.request.headers.values(for: "Host"), ["acme.localhost:8080"])
        XCTAssertEqual(events("get HTTPS://Acme.Localhost?q=1 HTTP/1.1\r\nHost: h\r\n\r\n"),
                       ["get / ?q=1 HTTP/1.1 keepAlive=true [Host=Acme.Localhost] body="], "an empty path is /")
        XCTAssertEqual(events("GET http://[::1]:8080 HTTP/1.0\r\n\r\n"),
                       ["GET / ? HTTP/1.0 keepAlive=false [Host=[::1]:8080] body="])
    }

    /// The target forms accepted (RFC 9112 §3.2): origin-form, absolute-form for http and
    /// https, asterisk-form for OPTIONS. Anything else is a 400 that says which forms are.
    func testRequestTargetForms() throws {
        XCTAssertEqual(events("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n"), ["OPTIONS * ? HTTP/1.1 keepAlive=true [Host=h] body="])
        XCTAssertEqual(events("GET //a/b HTTP/1.1\r\nHost: h\r\n\r\n"), ["GET //a/b ? HTTP/1.1 keepAlive=true [Host=h] body="])
        let refused = [
            "GET api/v2/roles HTTP/1.1", "GET api/v2/roles?x=/y HTTP/1.1", "DELETE tenants/acme/api/v2/x HTTP/1.1",
            "GET ?x=1 HTTP/1.1", "GET * HTTP/1.1", "OPTIONS ** HTTP/1.1", "options * HTTP/1.1",
            "CONNECT acme.localhost:443 HTTP/1.1", "GET acme.localhost:8080 HTTP/1.1", "GET ftp://h/x HTTP/1.1",
            "GET http:/h/x HTTP/1.1", "GET http:// HTTP/1.1", "GET http:///x HTTP/1.1", "GET http://:80/x HTTP/1.1",
            "GET http://user@h/x HTTP/1.1", "GET http://u:p@h HTTP/1.1", "GET httpx://h/ HTTP/1.1",
        ]
        for line in refused {
            XCTAssertEqual(failure(line + "\r\nHost: h\r\n\r\n"),
                           HTTPParseError(status: 400, code: "bad_request", message: HTTPRequest.targetFormRefusal), line)
        }
    }

    func testConnectionSemanticsPerVersion() {
        XCTAssertEqual(single("GET / HTTP/1.1\r\nHost: h\r\n\r\n")?.keepAlive, true)
        XCTAssertEqual(single("GET / HTTP/1.1\r\nHost: h\r\nConnection: Close\r\n\r\n")?.keepAlive, false)
        XCTAssertEqual(single("GET / HTTP/1.1\r\nHost: h\r\nConnection: upgrade, close\r\n\r\n")?.keepAlive, false)
        XCTAssertEqual(single("GET / HTTP/1.0\r\n\r\n")?.keepAlive, false)
        XCTAssertEqual(single("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n")?.keepAlive, true)
    }

    func testChunkedBodyWithExtensionsAndTrailers() throws {
        let text = "POST /u HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "4 ; ext=1;flag\r\nWiki\r\nA;x=\"quoted\"\r\npedia in\r\n\r\n0;last\r\nExpires: never\r\nX-Sum: 1\r\n\r\n"
        let parsed = try XCTUnwrap(single(text))
        XCTAssertEqual(parsed.request.bodyText, "Wikipedia in\r\n")
        XCTAssertNil(parsed.request.headers["Expires"], "trailers are not merged into the header fields")
    }

    func testExpectContinueIsReportedBeforeTheBodyIsRead() {
        var parser = HTTPRequestParser()
        parser.feed(Array("PUT /x HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n".utf8))
        XCTAssertEqual(parser.next().map(Self.describe), "continue")
        XCTAssertNil(parser.next().map(Self.describe))
        XCTAssertEqual(parser.phase, .body)
        parser.feed(Array("abc".utf8))
        XCTAssertEqual(parser.next().map(Self.describe),
                       "PUT /x ? HTTP/1.1 keepAlive=true [Host=h;Expect=100-continue;Content-Length=3] body=abc")
    }

    func testExpectWithoutBodyOrInHTTP10AsksForNothing() {
        XCTAssertEqual(events("GET / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\n\r\n"),
                       ["GET / ? HTTP/1.1 keepAlive=true [Host=h;Expect=100-continue] body="])
        XCTAssertEqual(events("POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nz"),
                       ["POST / ? HTTP/1.0 keepAlive=false [Expect=100-continue;Content-Length=1] body=z"])
    }

    func testPhaseFollowsTheRequest() {
        var parser = HTTPRequestParser()
        XCTAssertEqual(parser.phase, .idle)
        parser.feed(Array("GET / HT".utf8))
        XCTAssertNil(parser.next().map(Self.describe))
        XCTAssertEqual(parser.phase, .head)
        parser.feed(Array("TP/1.1\r\nHost: h\r\n\r\n".utf8))
        XCTAssertNotNil(parser.next())
        XCTAssertEqual(parser.phase, .idle)
        XCTAssertFalse(parser.hasBufferedBytes)
    }

    func testEmptyLinesBeforeARequestLineAskNothing() {
        var parser = HTTPRequestParser()
        XCTAssertFalse(parser.hasOnlyEmptyLines)
        parser.feed(Array("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\n\r\nz\r\n".utf8))
        XCTAssertNotNil(parser.next())
        XCTAssertNil(parser.next())
        XCTAssertTrue(parser.hasOnlyEmptyLines)
        XCTAssertEqual(parser.phase, .head)
        parser.feed(Array("\r\nGE".utf8))
        XCTAssertNil(parser.next())
        XCTAssertFalse(parser.hasOnlyEmptyLines, "a request line has begun")
        parser.feed(Array("T / HTTP/1.1\r\nHo".utf8))
        XCTAssertNil(parser.next())
        XCTAssertFalse(parser.hasOnlyEmptyLines, "its header fields are being read")
        parser.feed(Array("st: h\r\n\r\n".utf8))
        XCTAssertNotNil(parser.next())
        XCTAssertFalse(parser.hasOnlyEmptyLines)
        XCTAssertEqual(parser.phase, .idle)
    }

    func testIdenticalRepeatedContentLengthsAreAccepted() {
        XCTAssertEqual(single("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2, 2\r\nContent-Length: 2\r\n\r\nab")?.request.bodyText, "ab")
    }

    /// RFC 9110 §8.6: a list of equal decimal numbers; anything else is a 400, and more
    /// digits than any accepted size is a 413.
    func testContentLengthListForms() {
        func head(_ value: String) -> String { "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: \(value)\r\n\r\nab" }
        XCTAssertEqual(single(head("2 ,\t2"))?.request.bodyText, "ab")
        XCTAssertEqual(single(head("02"))?.request.bodyText, "ab")
        for bad in ["", " ", ",", "2,", ",2", "2,,2", "2 2", "+2", "0x2", "2;", "２"] {
            XCTAssertEqual(failure(head(bad))?.status, 400, "Content-Length: \(bad.debugDescription)")
        }
        XCTAssertEqual(failure(head(String(repeating: "9", count: 19)))?.status, 413)
        XCTAssertEqual(failure(head("2, 3"))?.message, "Content-Length values disagree.")
    }

    /// Framing fields count only in the head: a trailer named like one changes nothing.
    func testTrailerFieldsDoNotFrameTheMessage() {
        let text = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n"
            + "Content-Length: 9\r\nHost: other\r\nConnection: close\r\n\r\n"
        guard let parsed = single(text) else { return XCTFail("no request") }
        XCTAssertEqual(parsed.request.bodyText, "ab")
        XCTAssertTrue(parsed.keepAlive)
    }

    // MARK: Limits

    func testHeadAtTheLimitIsAcceptedAndOneByteMoreIs431() {
        let limits = HTTPRequestParser.Limits(maxHeaderBytes: 100)
        let base = "GET / HTTP/1.1\r\nHost: h\r\nX: \r\n\r\n"  // 31 bytes with an empty X value
        let padding = String(repeating: "a", count: 100 - base.utf8.count)
        let exact = "GET / HTTP/1.1\r\nHost: h\r\nX: \(padding)\r\n\r\n"
        XCTAssertEqual(exact.utf8.count, 100)
        XCTAssertNotNil(single(exact, limits: limits))
        let over = "GET / HTTP/1.1\r\nHost: h\r\nX: \(padding)a\r\n\r\n"
        XCTAssertEqual(failure(over, limits: limits)?.status, 431)
    }

    func testOverlongHeadIsRefusedBeforeItEnds() {
        var parser = HTTPRequestParser(limits: .init(maxHeaderBytes: 64))
        parser.feed(Array(("GET / HTTP/1.1\r\nHost: h\r\nX-Long: " + String(repeating: "v", count: 80)).utf8))
        XCTAssertEqual(parser.next().map(Self.describe), "failure 431 request_header_fields_too_large")
    }

    func testTooManyHeaderFieldsIs431() {
        let fields = (0..<11).map { "X-\($0): v\r\n" }.joined()
        XCTAssertEqual(failure("GET / HTTP/1.1\r\nHost: h\r\n\(fields)\r\n", limits: .init(maxHeaderCount: 10))?.status, 431)
        let nine = (0..<9).map { "X-\($0): v\r\n" }.joined()
        XCTAssertNotNil(single("GET / HTTP/1.1\r\nHost: h\r\n\(nine)\r\n", limits: .init(maxHeaderCount: 10)),
                        "ten fields including Host are within the limit")
    }

    func testContentLengthOverTheLimitIs413AsSoonAsTheHeadEnds() {
        var parser = HTTPRequestParser(limits: .init(maxBodyBytes: 10))
        parser.feed(Array("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 11\r\n\r\n".utf8))
        XCTAssertEqual(parser.next().map(Self.describe), "failure 413 payload_too_large")
        XCTAssertEqual(failure("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999999\r\n\r\n")?.status, 413)
        XCTAssertNotNil(single("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n0123456789", limits: .init(maxBodyBytes: 10)))
    }

    func testChunkedBodyOverTheLimitIs413() {
        let limits = HTTPRequestParser.Limits(maxBodyBytes: 8)
        let head = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
        XCTAssertEqual(failure(head + "5\r\nhello\r\n4\r\n", limits: limits)?.status, 413)
        XCTAssertEqual(failure(head + "ffffffffffffffffff\r\n", limits: limits)?.status, 413)
        XCTAssertEqual(single(head + "5\r\nhello\r\n3\r\nabc\r\n0\r\n\r\n", limits: limits)?.request.bodyText, "helloabc")
    }

    func testTrailersCountTowardTheHeaderLimit() {
        let head = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n"
        XCTAssertEqual(failure(head + "X-T: " + String(repeating: "t", count: 200) + "\r\n\r\n",
                               limits: .init(maxHeaderBytes: 128))?.status, 431)
    }

    // MARK: Refusals

    func testFramingConflictsAndCodings() {
        XCTAssertEqual(failure("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"),
                       HTTPParseError(status: 400, code: "bad_request",
                                      message: "A request may not carry both Content-Length and Transfer-Encoding."))
        XCTAssertEqual(failure("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n")?.status, 501)
        XCTAssertEqual(failure("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: identity\r\n\r\n")?.status, 501)
        XCTAssertEqual(failure("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, chunked\r\n\r\n")?.status, 400)
        XCTAssertEqual(failure("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n")?.status, 400)
        XCTAssertEqual(failure("POST / HTTP/1.1\r\nHost: h\r\nExpect: something-else\r\nContent-Length: 1\r\n\r\nx")?.status, 417)
    }

    func testMalformedRequestsAre400() {
        let cases = [
            "GET /\r\n\r\n",
            "GET / HTTP/1.1 extra\r\nHost: h\r\n\r\n",
            "GET  / HTTP/1.1\r\nHost: h\r\n\r\n",
            "GET / http/1.1\r\nHost: h\r\n\r\n",
            "GET / HTTP/1.10\r\nHost: h\r\n\r\n",
            "G(T / HTTP/1.1\r\nHost: h\r\n\r\n",
            "GET /a\u{01}b HTTP/1.1\r\nHost: h\r\n\r\n",
            "GET /caf\u{E9} HTTP/1.1\r\nHost: h\r\n\r\n",
            "GET / HTTP/1.1\r\nHost : h\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: h\r\nX-Folded: a\r\n  b\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: h\r\nNoColon\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: h\r\n: empty-name\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: h\r\nX: a\u{00}b\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: h\r\nX: a\rb\r\n\r\n",
            "GET / HTTP/1.1\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: abc\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3x\r\nabc\r\n0\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n0\r\n\r\n",
            "\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n",
        ]
        for text in cases {
            XCTAssertEqual(failure(text)?.status, 400, "expected 400 for \(text.debugDescription)")
        }
    }

    /// Another major version is a 505 (RFC 9110 §15.6.6), HTTP/2's preface included.
    func testUnsupportedMajorVersionIs505() {
        let refusal = HTTPParseError(status: 505, code: "http_version_not_supported",
                                     message: "Only HTTP/1 is served: HTTP/1.0, and HTTP/1.1 (also for a higher minor version).")
        for line in ["GET / HTTP/2.0", "GET / HTTP/0.9", "GET / HTTP/3.0", "GET / HTTP/9.9", "GET / HTTP/0.0", "PRI * HTTP/2.0"] {
            XCTAssertEqual(failure(line + "\r\nHost: h\r\n\r\n"), refusal, line)
        }
        XCTAssertEqual(failure("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), refusal)
    }

    /// A higher minor version of HTTP/1 is served as HTTP/1.1, the highest this server
    /// conforms to (RFC 9110 §2.5): persistent by default, `Host` required.
    func testHigherMinorVersionIsServedAsHTTP11() {
        for minor in 2...9 {
            XCTAssertEqual(events("GET /x HTTP/1.\(minor)\r\nHost: h\r\n\r\n"),
                           ["GET /x ? HTTP/1.1 keepAlive=true [Host=h] body="], "HTTP/1.\(minor)")
            XCTAssertEqual(failure("GET /x HTTP/1.\(minor)\r\n\r\n")?.message,
                           "An HTTP/1.1 request needs exactly one Host header field.")
        }
        XCTAssertEqual(events("POST /x HTTP/1.2\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n\r\n"),
                       ["POST /x ? HTTP/1.1 keepAlive=true [Host=h;Transfer-Encoding=chunked] body=a"])
    }

    /// `HTTP-version = HTTP-name "/" DIGIT "." DIGIT`, `HTTP-name` case-sensitive (RFC 9112
    /// §2.3): anything else in its place is a malformed request line, 400.
    func testMalformedVersionIs400() {
        let versions = ["HTTP/1.10", "HTTP/10.1", "HTTP/1", "HTTP/1.", "HTTP/11", "HTTP/1,1", "HTTP/1.1.1", "HTTP/a.b",
                        "http/1.1", "Http/1.1", "HTTPS/1.1", "HTTP 1.1", "HTTP/+1.1", "HTTP/1.1 ", "HTTP/\u{FF11}.1", "HTTP/2", ""]
        for version in versions {
            XCTAssertEqual(failure("GET / \(version)\r\nHost: h\r\n\r\n"),
                           HTTPParseError(status: 400, code: "bad_request", message: "The HTTP version is malformed."),
                           version.debugDescription)
        }
    }

    func testNothingFollowsAFailure() {
        var parser = HTTPRequestParser()
        parser.feed(Array("BAD\r\n".utf8))
        XCTAssertEqual(parser.next().map(Self.describe), "failure 400 bad_request")
        parser.feed(Array("GET / HTTP/1.1\r\nHost: h\r\n\r\n".utf8))
        XCTAssertNil(parser.next().map(Self.describe))
        XCTAssertTrue(parser.hasFailed)
    }

    /// The bit sets behind the byte classes, checked byte by byte against RFC 9110's grammar.
    func testByteClassesFollowRFC9110() {
        let tchar = Set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
        for b in UInt8.min...UInt8.max {
            XCTAssertEqual(HTTPSyntax.isTokenByte(b), tchar.contains(b), "tchar \(b)")
            XCTAssertEqual(HTTPSyntax.isFieldValueByte(b), b == 0x09 || b == 0x20 || (0x21...0x7E).contains(b) || b >= 0x80,
                           "field-value byte \(b)")
            let one = [b]
            one.withUnsafeBufferPointer { bytes in
                XCTAssertEqual(HTTPSyntax.allTokenBytes(bytes), tchar.contains(b))
                XCTAssertEqual(HTTPSyntax.allVisibleASCII(bytes), (0x21...0x7E).contains(b))
            }
        }
    }

    /// A line feed beyond the header limit is not looked for: the head is refused as
    /// soon as the limit is passed, however the bytes arrive.
    func testLineSearchStopsAtTheLimit() {
        var parser = HTTPRequestParser(limits: .init(maxHeaderBytes: 64))
        parser.feed(Array(("GET /" + String(repeating: "a", count: 40)).utf8))
        XCTAssertNil(parser.next().map(Self.describe))
        parser.feed(Array((String(repeating: "a", count: 40) + " HTTP/1.1\r\nHost: h\r\n\r\n").utf8))
        XCTAssertEqual(parser.next().map(Self.describe), "failure 431 request_header_fields_too_large")
    }

    /// The word-at-a-time value check agrees with the byte rule for every byte at every
    /// position of a value, whatever its length and alignment.
    func testFieldValueCheckFindsAForbiddenByteAnywhere() {
        for length in [1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 40] {
            for position in 0..<length {
                for b in UInt8.min...UInt8.max {
                    var bytes = [UInt8](repeating: UInt8(ascii: "x"), count: length + 1)
                    bytes[1 + position] = b
                    let verdict = bytes.withUnsafeBufferPointer { HTTPSyntax.allFieldValueBytes(UnsafeBufferPointer(rebasing: $0[1...])) }
                    if verdict != HTTPSyntax.isFieldValueByte(b) {
                        XCTFail("byte \(b) at \(position) of \(length)")
                        return
                    }
                }
            }
        }
    }
}
