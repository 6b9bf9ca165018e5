import TenantMockCore
#if canImport(Glibc)
import Glibc
#endif

/// An incremental HTTP/1.x request parser: a state machine fed bytes, with no socket.
///
/// Feed it whatever arrived (`feed(_:)`) and pull events (`next()`) until it
/// returns `nil`, meaning it needs more bytes. The events of a byte stream do
/// not depend on how the stream was split into `feed` calls, and pipelined
/// requests come out one by one, in order.
///
/// The parser enforces the framing rules of RFC 9112 and the limits it is given:
/// a head over `maxHeaderBytes` is a 431, a `Content-Length` over `maxBodyBytes`
/// a 413 reported as soon as the head is complete (the body is never read), a
/// transfer coding other than `chunked` a 501, and every malformed line a 400.
/// After a `.failure` the parser stops: the connection must answer and close.
public struct HTTPRequestParser: Sendable {
    /// What the parser accepts.
    public struct Limits: Sendable, Equatable {
        /// The most bytes the request line and header fields may take, line ends included.
        public var maxHeaderBytes: Int
        /// The largest body accepted, whether framed by `Content-Length` or chunked.
        public var maxBodyBytes: Int
        /// The most header fields (or trailer fields) in one request.
        public var maxHeaderCount: Int

        public init(maxHeaderBytes: Int = 16 * 1024, maxBodyBytes: Int = 1024 * 1024, maxHeaderCount: Int = 256) {
            self.maxHeaderBytes = maxHeaderBytes
            self.maxBodyBytes = maxBodyBytes
            self.maxHeaderCount = maxHeaderCount
        }
    }

    /// What the parser found.
    public enum Event: Sendable {
        /// A complete request.
        case request(ParsedRequest)
        /// A head asking `Expect: 100-continue` passed every check and its body is
        /// still to come: answer `100 Continue` now, before the body is read.
        case continueExpected
        /// A request that must be refused; the connection closes after the answer.
        case failure(HTTPParseError)
    }

    /// Where the parser stands, for timeouts: nothing of a request yet, part of a head, or part of a body.
    public enum Phase: Sendable, Equatable {
        case idle
        case head
        case body
    }

    public let limits: Limits

    private enum State {
        case requestLine
        case headers
        case body(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case failed
    }

    private var state: State = .requestLine
    private var buffer: [UInt8] = []
    /// The first byte not yet consumed.
    private var position = 0
    /// Bytes before this index (from `position`) are known to hold no line feed.
    private var scanned = 0

    // The request being assembled.
    private var method = ""
    /// The target of the request line: origin form split into path and query, or another form as sent.
    private var target = RequestTarget.origin(path: "/", query: "")
    private var version = HTTPVersion.http11
    private var headers = HTTPHeaders()
    /// The fields that frame the message, picked out as the head is read.
    private var framing = Framing()
    private var headBytes = 0
    private var emptyLinesSkipped = 0
    private var trailerBytes = 0
    private var fieldCount = 0
    private var body: [UInt8] = []
    private var keepAlive = true

    /// The longest chunk-size line (size and extensions) accepted.
    static let maxChunkLineBytes = 4096
    /// Empty lines tolerated before a request line (RFC 9112 §2.2 asks to skip at least one).
    static let maxLeadingEmptyLines = 8

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Appends bytes received from the peer.
    public mutating func feed(_ bytes: some Sequence<UInt8>) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Appends bytes received from the peer, copied from raw memory.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Whether fed bytes are waiting to be parsed.
    public var hasBufferedBytes: Bool { position < buffer.count }

    /// Whether the parser stopped at a failure.
    public var hasFailed: Bool {
        if case .failed = state { return true }
        return false
    }

    /// Whether all the peer has sent of the current request is empty lines, which RFC 9112
    /// §2.2 lets a server skip (some clients send one after a request's body). ``phase`` is
    /// then ``Phase/head``, but nothing has been asked: a server treats the connection as idle.
    public var hasOnlyEmptyLines: Bool {
        guard case .requestLine = state else { return false }
        return emptyLinesSkipped > 0 && position == buffer.count
    }

    /// Whether nothing of a request is pending: ``Phase/idle``, or only empty lines so far.
    public var awaitsRequest: Bool { phase == .idle || hasOnlyEmptyLines }

    /// Where the parser stands in the current request.
    public var phase: Phase {
        switch state {
        case .requestLine: return position < buffer.count || emptyLinesSkipped > 0 ? .head : .idle
        case .headers: return .head
        case .body, .chunkSize, .chunkData, .chunkDataEnd, .trailers: return .body
        case .failed: return .idle
        }
    }

    /// The next event, or `nil` when more bytes are needed (or after a failure).
    public mutating func next() -> Event? {
        while true {
            switch state {
            case .failed:
                return nil

            case .requestLine:
                guard let line = nextLine(limit: limits.maxHeaderBytes - headBytes) else {
                    return pendingLineOverflow(limit: limits.maxHeaderBytes - headBytes, status: 431)
                }
                if line.isEmpty && line.lineLength <= 2 {
                    emptyLinesSkipped += 1
                    if emptyLinesSkipped > Self.maxLeadingEmptyLines {
                        return fail(400, "bad_request", "Too many empty lines before the request line.")
                    }
                    continue
                }
                headBytes += line.lineLength
                if let error = parseRequestLine(line.range) { return fail(error) }
                state = .headers

            case .headers:
                guard let line = nextLine(limit: limits.maxHeaderBytes - headBytes) else {
                    return pendingLineOverflow(limit: limits.maxHeaderBytes - headBytes, status: 431)
                }
                headBytes += line.lineLength
                if line.isEmpty {
                    if let event = finishHead() { return event }
                    continue
                }
                switch parseField(line.range) {
                case .success(let field):
                    headers.add(name: field.name, value: field.value)
                    framing.note(field)
                case .failure(let error): return fail(error)
                }

            case .body(let remaining):
                let available = buffer.count - position
                if available == 0 { return nil }
                let take = min(available, remaining)
                body.append(contentsOf: buffer[position..<(position + take)])
                position += take
                scanned = position
                if take == remaining { return complete() }
                state = .body(remaining: remaining - take)
                return nil

            case .chunkSize:
                guard let line = nextLine(limit: Self.maxChunkLineBytes) else {
                    return pendingLineOverflow(limit: Self.maxChunkLineBytes, status: 400)
                }
                switch parseChunkSize(line.range) {
                case .failure(let error):
                    return fail(error)
                case .success(0):
                    state = .trailers
                    fieldCount = 0
                case .success(let size):
                    if size > limits.maxBodyBytes - body.count {
                        return fail(413, "payload_too_large",
                                    "The request body exceeds the limit of \(limits.maxBodyBytes) bytes.")
                    }
                    body.reserveCapacity(body.count + size)
                    state = .chunkData(remaining: size)
                }

            case .chunkData(let remaining):
                let available = buffer.count - position
                if available == 0 { return nil }
                let take = min(available, remaining)
                body.append(contentsOf: buffer[position..<(position + take)])
                position += take
                scanned = position
                state = take == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - take)

            case .chunkDataEnd:
                guard let line = nextLine(limit: 2) else { return pendingLineOverflow(limit: 2, status: 400) }
                guard line.isEmpty else {
                    return fail(400, "bad_request", "Chunk data is not followed by CRLF.")
                }
                state = .chunkSize

            case .trailers:
                guard let line = nextLine(limit: limits.maxHeaderBytes - trailerBytes) else {
                    return pendingLineOverflow(limit: limits.maxHeaderBytes - trailerBytes, status: 431)
                }
                trailerBytes += line.lineLength
                if line.isEmpty { return complete() }
                // Trailer fields are checked for syntax and otherwise discarded (RFC 9112 §7.1.2).
                if case .failure(let error) = parseField(line.range) { return fail(error) }
            }
        }
    }

    // MARK: Lines

    private struct Line {
        /// The content, without CRLF or LF.
        var range: Range<Int>
        /// The bytes consumed, line end included.
        var lineLength: Int
        var isEmpty: Bool { range.isEmpty }
    }

    /// The next complete line, consuming it; `nil` if no line end has arrived yet.
    private mutating func nextLine(limit: Int) -> Line? {
        let from = max(scanned, position)
        // Only look as far as the limit allows: a longer line is an overflow anyway.
        let searchEnd = min(buffer.count, position + max(limit, 0))
        guard from < searchEnd else {
            scanned = max(from, searchEnd)
            return nil
        }
        let lineFeed: Int? = buffer.withUnsafeBytes { raw in
            let base = raw.baseAddress!
            guard let found = memchr(base + from, 0x0A, searchEnd - from) else { return nil }
            return base.distance(to: UnsafeRawPointer(found))
        }
        guard let i = lineFeed else {
            scanned = searchEnd
            return nil
        }
        var contentEnd = i
        if contentEnd > position && buffer[contentEnd - 1] == UInt8(ascii: "\r") { contentEnd -= 1 }
        let line = Line(range: position..<contentEnd, lineLength: i + 1 - position)
        position = i + 1
        scanned = position
        return line
    }

    /// A failure if the unfinished line already exceeds `limit` bytes, else `nil` (wait for more).
    private mutating func pendingLineOverflow(limit: Int, status: Int) -> Event? {
        guard buffer.count - position >= limit else { return nil }
        if status == 431 {
            return fail(431, "request_header_fields_too_large",
                        "The request line and header fields exceed \(limits.maxHeaderBytes) bytes.")
        }
        return fail(400, "bad_request", "A chunk line is malformed or too long.")
    }

    // MARK: Request line and fields

    private mutating func parseRequestLine(_ range: Range<Int>) -> HTTPParseError? {
        typealias Parts = (method: String, target: RequestTarget, version: HTTPVersion)
        let parsed: Result<Parts, HTTPParseError> = buffer.withUnsafeBufferPointer { all in
            let line = UnsafeBufferPointer(rebasing: all[range])
            guard let firstSpace = line.firstIndex(of: 0x20) else {
                return .failure(.badRequest("The request line is malformed."))
            }
            guard let secondSpace = line[(firstSpace + 1)...].firstIndex(of: 0x20) else {
                return .failure(.badRequest("The request line is malformed."))
            }
            let methodBytes = UnsafeBufferPointer(rebasing: line[..<firstSpace])
            let targetBytes = UnsafeBufferPointer(rebasing: line[(firstSpace + 1)..<secondSpace])
            let versionBytes = UnsafeBufferPointer(rebasing: line[(secondSpace + 1)...])
            guard !methodBytes.isEmpty, HTTPSyntax.allTokenBytes(methodBytes) else {
                return .failure(.badRequest("The request method is not a token."))
            }
            // The version before the target, so that HTTP/2's preface (`PRI * HTTP/2.0`) is a 505.
            guard let parsedVersion = HTTPVersion(bytes: versionBytes) else {
                return .failure(.badRequest("The HTTP version is malformed."))
            }
            // RFC 9110 §2.5: a higher minor version of a major version the server implements
            // SHOULD be processed as the highest minor version it conforms to (HTTP/1.2 as
            // HTTP/1.1); 505 (§15.6.6) refuses a major version: 0, and 2 and above.
            guard parsedVersion.major == 1 else {
                return .failure(HTTPParseError(status: 505, code: "http_version_not_supported",
                                               message: "Only HTTP/1 is served: HTTP/1.0, and HTTP/1.1 (also for a higher minor version)."))
            }
            guard !targetBytes.isEmpty, HTTPSyntax.allVisibleASCII(targetBytes) else {
                return .failure(.badRequest("The request target is empty or holds characters not allowed."))
            }
            let method = String(decoding: methodBytes, as: UTF8.self)
            guard let target = RequestTarget(targetBytes, method: method) else {
                return .failure(.badRequest(HTTPRequest.targetFormRefusal))
            }
            return .success((method, target, parsedVersion.minor == 0 ? .http10 : .http11))
        }
        switch parsed {
        case .success(let parts):
            (method, target, version) = parts
            return nil
        case .failure(let error):
            return error
        }
    }

    private struct Field {
        var name: String
        var value: String
        var role: FieldRole
    }

    /// What a header field means to the framing of the message.
    private enum FieldRole {
        case host, expect, connection, contentLength, transferEncoding, other

        /// The role of a field name, compared without regard to ASCII case.
        init(name: UnsafeBufferPointer<UInt8>) {
            func named(_ lowercase: StaticString) -> Bool {
                lowercase.withUTF8Buffer { expected in
                    for i in 0..<expected.count {
                        let b = name[i]
                        if (b >= 0x41 && b <= 0x5A ? b | 0x20 : b) != expected[i] { return false }
                    }
                    return true
                }
            }
            switch name.count {
            case 4 where named("host"): self = .host
            case 6 where named("expect"): self = .expect
            case 10 where named("connection"): self = .connection
            case 14 where named("content-length"): self = .contentLength
            case 17 where named("transfer-encoding"): self = .transferEncoding
            default: self = .other
            }
        }
    }

    /// The framing fields of a head, collected as its fields are read.
    private struct Framing {
        var hostCount = 0
        var connection: [String] = []
        var transferEncodings: [String] = []
        /// Whether any `Content-Length` field was seen, and what its values (all of them so
        /// far, in order) state: the agreed length or the first thing wrong with them.
        var hasContentLength = false
        var contentLength: Result<Int, HTTPParseError> = .success(0)
        var expectation: String?

        mutating func note(_ field: Field) {
            switch field.role {
            case .host: hostCount += 1
            case .expect: expectation = expectation ?? field.value
            case .connection: connection.append(field.value)
            case .contentLength:
                guard case .success(let agreed) = contentLength else { return }
                contentLength = HTTPRequestParser.contentLength(field.value, agreeing: hasContentLength ? agreed : nil)
                hasContentLength = true
            case .transferEncoding: transferEncodings.append(field.value)
            case .other: break
            }
        }
    }

    private mutating func parseField(_ range: Range<Int>) -> Result<Field, HTTPParseError> {
        let field = Self.field(in: range, of: buffer)
        guard case .success = field else { return field }
        fieldCount += 1
        if fieldCount > limits.maxHeaderCount {
            return .failure(HTTPParseError(status: 431, code: "request_header_fields_too_large",
                                           message: "The request has more than \(limits.maxHeaderCount) header fields."))
        }
        return field
    }

    private static func field(in range: Range<Int>, of buffer: [UInt8]) -> Result<Field, HTTPParseError> {
        buffer.withUnsafeBufferPointer { all in
            let line = UnsafeBufferPointer(rebasing: all[range])
            guard let first = line.first, first != 0x20, first != 0x09 else {
                return .failure(.badRequest("Obsolete line folding is not accepted."))
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
                return .failure(.badRequest("A header field has no colon."))
            }
            let name = UnsafeBufferPointer(rebasing: line[..<colon])
            guard !name.isEmpty, HTTPSyntax.allTokenBytes(name) else {
                return .failure(.badRequest("A header field name is empty or not a token."))
            }
            var valueStart = colon + 1
            var valueEnd = line.count
            while valueStart < valueEnd, line[valueStart] == 0x20 || line[valueStart] == 0x09 { valueStart += 1 }
            while valueEnd > valueStart, line[valueEnd - 1] == 0x20 || line[valueEnd - 1] == 0x09 { valueEnd -= 1 }
            let value = UnsafeBufferPointer(rebasing: line[valueStart..<valueEnd])
            guard HTTPSyntax.allFieldValueBytes(value) else {
                return .failure(.badRequest("A header field value holds a control character."))
            }
            return .success(Field(name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self),
                                  role: FieldRole(name: name)))
        }
    }

    // MARK: Framing

    /// Applies the framing rules once the head is complete; returns an event or `nil` to go on parsing.
    private mutating func finishHead() -> Event? {
        let hostCount = framing.hostCount
        let connection = framing.connection
        let transferEncodings = framing.transferEncodings
        let expectation = framing.expectation
        if hostCount > 1 || (version == .http11 && hostCount == 0) {
            return fail(.badRequest("An HTTP/1.1 request needs exactly one Host header field."))
        }
        keepAlive = Self.keepAlive(version: version, connection: connection)

        if !transferEncodings.isEmpty && framing.hasContentLength {
            return fail(.badRequest("A request may not carry both Content-Length and Transfer-Encoding."))
        }
        var chunked = false
        var contentLength = 0
        if !transferEncodings.isEmpty {
            if version == .http10 {
                return fail(.badRequest("Transfer-Encoding is not defined for HTTP/1.0 requests."))
            }
            let codings = transferEncodings.flatMap { $0.split(separator: ",") }
                .map { HTTPSyntax.trimmed($0).lowercased() }.filter { !$0.isEmpty }
            if let unsupported = codings.first(where: { $0 != "chunked" }) {
                return fail(HTTPParseError(status: 501, code: "not_implemented",
                                           message: "The transfer coding \"\(unsupported)\" is not supported."))
            }
            guard codings.count == 1 else {
                return fail(.badRequest("The chunked transfer coding must be applied exactly once."))
            }
            chunked = true
        } else if framing.hasContentLength {
            switch framing.contentLength {
            case .success(let length): contentLength = length
            case .failure(let error): return fail(error)
            }
            if contentLength > limits.maxBodyBytes {
                return fail(413, "payload_too_large",
                            "The request body of \(contentLength < Int.max ? "\(contentLength)" : "that many") bytes exceeds the limit of \(limits.maxBodyBytes) bytes.")
            }
        }

        var expectsContinue = false
        if let expectation, version == .http11 {
            guard HTTPSyntax.trimmed(Substring(expectation)).lowercased() == "100-continue" else {
                return fail(HTTPParseError(status: 417, code: "expectation_failed",
                                           message: "Only the expectation 100-continue is supported."))
            }
            expectsContinue = true
        }

        if chunked {
            state = .chunkSize
            trailerBytes = 0
        } else if contentLength > 0 {
            body.reserveCapacity(contentLength)
            state = .body(remaining: contentLength)
        } else {
            return complete()
        }
        return expectsContinue ? .continueExpected : nil
    }

    /// The length a `Content-Length` value states: a comma-separated list of decimal
    /// numbers that must all agree, with each other and with `agreed` from earlier fields
    /// (RFC 9110 §8.6); `Int.max` for more digits than any accepted size.
    fileprivate static func contentLength(_ value: String, agreeing agreed: Int?) -> Result<Int, HTTPParseError> {
        var text = value
        return text.withUTF8 { bytes in
            var agreed = agreed
            var i = 0
            while true {
                // One list element: optional spaces, digits, optional spaces.
                while i < bytes.count && (bytes[i] == 0x20 || bytes[i] == 0x09) { i += 1 }
                var digits = 0
                var number = 0
                while i < bytes.count && bytes[i] >= 0x30 && bytes[i] <= 0x39 {
                    if digits < 18 { number = number * 10 + Int(bytes[i] - 0x30) }
                    digits += 1
                    i += 1
                }
                while i < bytes.count && (bytes[i] == 0x20 || bytes[i] == 0x09) { i += 1 }
                guard digits > 0, i == bytes.count || bytes[i] == UInt8(ascii: ",") else {
                    return .failure(.badRequest("Content-Length is not a decimal number."))
                }
                let length = digits > 18 ? Int.max : number
                if let agreed, agreed != length {
                    return .failure(.badRequest("Content-Length values disagree."))
                }
                agreed = length
                if i == bytes.count { return .success(length) }
                i += 1
            }
        }
    }

    private mutating func parseChunkSize(_ range: Range<Int>) -> Result<Int, HTTPParseError> {
        var i = range.lowerBound
        var size = 0
        var digits = 0
        while i < range.upperBound, let digit = FormURLEncoding.hexValue(buffer[i]) {
            digits += 1
            // 15 hex digits already exceed any accepted body.
            if digits > 15 { return .failure(HTTPParseError(status: 413, code: "payload_too_large",
                                                              message: "A chunk exceeds the body limit of \(limits.maxBodyBytes) bytes.")) }
            size = size << 4 | Int(digit)
            i += 1
        }
        guard digits > 0 else { return .failure(.badRequest("A chunk size is not hexadecimal.")) }
        // Optional chunk extensions: BWS ";" ... — accepted and ignored (RFC 9112 §7.1.1).
        while i < range.upperBound, buffer[i] == 0x20 || buffer[i] == 0x09 { i += 1 }
        if i < range.upperBound {
            guard buffer[i] == UInt8(ascii: ";"),
                  buffer[i..<range.upperBound].allSatisfy(HTTPSyntax.isFieldValueByte) else {
                return .failure(.badRequest("A chunk size line is malformed."))
            }
        }
        return .success(size)
    }

    // MARK: Completion

    private mutating func complete() -> Event {
        var request: HTTPRequest
        switch target {
        case .origin(let path, let query):
            request = HTTPRequest(verbatimMethod: method, path: path, query: query, headers: headers, body: body)
        case .absolute(let text):
            // The target's authority becomes `Host` (RFC 9112 §3.2.2).
            request = HTTPRequest(method: method, target: text, headers: headers, body: body)
            // HTTPRequest upper-cases; the method token is case-sensitive (RFC 9110 §9.1), keep it as sent.
            request.method = method
        case .asterisk:
            request = HTTPRequest(verbatimMethod: method, path: "*", query: "", headers: headers, body: body)
        }
        let parsed = ParsedRequest(request: request, version: version, keepAlive: keepAlive)
        resetRequest()
        return .request(parsed)
    }

    private mutating func resetRequest() {
        state = .requestLine
        method = ""
        target = .origin(path: "/", query: "")
        version = .http11
        headers = HTTPHeaders()
        framing = Framing()
        headBytes = 0
        emptyLinesSkipped = 0
        trailerBytes = 0
        fieldCount = 0
        body = []
        keepAlive = true
    }

    private mutating func fail(_ status: Int, _ code: String, _ message: String) -> Event {
        fail(HTTPParseError(status: status, code: code, message: message))
    }

    private mutating func fail(_ error: HTTPParseError) -> Event {
        state = .failed
        buffer = []
        position = 0
        scanned = 0
        return .failure(error)
    }

    /// Drops consumed bytes so the buffer does not grow with the connection's lifetime.
    private mutating func compact() {
        if position == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 16 * 1024)
            position = 0
            scanned = 0
        } else if position >= 16 * 1024 {
            buffer.removeFirst(position)
            scanned -= position
            position = 0
        }
    }

    /// Whether a request of `version` with these `Connection` values keeps the connection open.
    static func keepAlive(version: HTTPVersion, connection: [String]) -> Bool {
        var close = false
        var keep = false
        for value in connection {
            for token in value.split(separator: ",") {
                let t = HTTPSyntax.trimmed(token)
                if t.equalsIgnoringASCIICase("close") { close = true }
                if t.equalsIgnoringASCIICase("keep-alive") { keep = true }
            }
        }
        if close { return false }
        return version == .http11 || keep
    }
}

/// A request target (RFC 9112 §3.2), in a form this server accepts:
///
/// - origin-form `/path?query` (§3.2.1), split as it is read;
/// - absolute-form (§3.2.2, which a server MUST accept), `http` or `https` only, kept whole
///   (``HTTPRequest/absoluteForm(_:)`` splits it; its authority becomes `Host`);
/// - asterisk-form `*` (§3.2.4), with OPTIONS only, the one method it is defined for.
///
/// Any other target is refused (400): a path without its leading `/` (`api/v2/roles`),
/// another scheme, `*` with another method, and authority-form `host:port` (§3.2.3), which
/// only CONNECT uses, to ask a proxy for a tunnel (RFC 9110 §9.3.6); this server is none.
private enum RequestTarget {
    case origin(path: String, query: String)
    case absolute(String)
    case asterisk

    init?(_ bytes: UnsafeBufferPointer<UInt8>, method: String) {
        guard bytes.first == UInt8(ascii: "/") else {
            if bytes.count == 1 && bytes[bytes.startIndex] == UInt8(ascii: "*") {
                guard method == "OPTIONS" else { return nil }
                self = .asterisk
                return
            }
            let text = String(decoding: bytes, as: UTF8.self)
            guard HTTPRequest.absoluteForm(Substring(text)) != nil else { return nil }
            self = .absolute(text)
            return
        }
        if let mark = bytes.firstIndex(of: UInt8(ascii: "?")) {
            self = .origin(path: String(decoding: UnsafeBufferPointer(rebasing: bytes[..<mark]), as: UTF8.self),
                           query: String(decoding: UnsafeBufferPointer(rebasing: bytes[(mark + 1)...]), as: UTF8.self))
        } else {
            self = .origin(path: String(decoding: bytes, as: UTF8.self), query: "")
        }
    }
}

/// A complete request as parsed, with what the connection needs to know about it.
public struct ParsedRequest: Sendable {
    /// The request handed to the handler.
    public var request: HTTPRequest
    /// The protocol version the client spoke.
    public var version: HTTPVersion
    /// Whether the client lets the connection stay open after the answer.
    public var keepAlive: Bool
}

/// An HTTP/1.x protocol version.
public struct HTTPVersion: Sendable, Equatable, CustomStringConvertible {
    public var major: Int
    public var minor: Int

    public static let http10 = HTTPVersion(major: 1, minor: 0)
    public static let http11 = HTTPVersion(major: 1, minor: 1)

    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// Parses `HTTP/d.d` (RFC 9112 §2.3); `nil` if malformed.
    init?(bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count == 8 else { return nil }
        let s = bytes.startIndex
        guard bytes[s] == UInt8(ascii: "H"), bytes[s + 1] == UInt8(ascii: "T"), bytes[s + 2] == UInt8(ascii: "T"),
              bytes[s + 3] == UInt8(ascii: "P"), bytes[s + 4] == UInt8(ascii: "/") else { return nil }
        let major = bytes[s + 5], dot = bytes[s + 6], minor = bytes[s + 7]
        guard (0x30...0x39).contains(major), dot == UInt8(ascii: "."), (0x30...0x39).contains(minor) else { return nil }
        self.init(major: Int(major - 0x30), minor: Int(minor - 0x30))
    }

    public var description: String { "HTTP/\(major).\(minor)" }
}

/// Why a request was refused: the status to answer, a short code and a message.
public struct HTTPParseError: Error, Sendable, Equatable {
    public var status: Int
    public var code: String
    public var message: String

    public init(status: Int, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    static func badRequest(_ message: String) -> HTTPParseError {
        HTTPParseError(status: 400, code: "bad_request", message: message)
    }
}

/// Character classes of RFC 9110 §5.6.
enum HTTPSyntax {
    /// `tchar` (the characters of a token) as a bit set: bit `b` of the first word for
    /// bytes 0–63, bit `b - 64` of the second for 64–127; no byte above 127 is one.
    private static let tokenBitsLow: UInt64 = 0x03FF_6CFA_0000_0000
    private static let tokenBitsHigh: UInt64 = 0x57FF_FFFF_C7FF_FFFE

    /// `tchar`: `!#$%&'*+-.^_`|~`, digits and letters.
    @inline(__always)
    static func isTokenByte(_ b: UInt8) -> Bool {
        if b < 64 { return (tokenBitsLow >> UInt64(b)) & 1 != 0 }
        if b < 128 { return (tokenBitsHigh >> UInt64(b &- 64)) & 1 != 0 }
        return false
    }

    /// A byte allowed in a field value: visible characters, space, tab and obs-text.
    @inline(__always)
    static func isFieldValueByte(_ b: UInt8) -> Bool {
        b == 0x09 || (b >= 0x20 && b != 0x7F)
    }

    static func allTokenBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for b in bytes where !isTokenByte(b) { return false }
        return true
    }

    /// Whether every byte may appear in a field value. Sixteen bytes are checked at a
    /// time (values such as bearer tokens run to a kilobyte): a block with no byte below
    /// `0x20` and none equal to `0x7F` is clean; any other block is checked byte by byte
    /// (a tab is allowed).
    static func allFieldValueBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        let space = SIMD16<UInt8>(repeating: 0x20)
        let delete = SIMD16<UInt8>(repeating: 0x7F)
        var i = 0
        while i + 16 <= bytes.count {
            let block = raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
            if any((block .< space) .| (block .== delete)) {
                for j in i..<(i + 16) where !isFieldValueByte(bytes[j]) { return false }
            }
            i += 16
        }
        while i < bytes.count {
            if !isFieldValueByte(bytes[i]) { return false }
            i += 1
        }
        return true
    }

    /// Whether every byte is visible ASCII (`0x21`–`0x7E`), as a request target must be.
    static func allVisibleASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for b in bytes where b <= 0x20 || b >= 0x7F { return false }
        return true
    }

    /// Whether `text` equals `lowercase` (given in lower case), ignoring ASCII case.
    static func equalsLowercased(_ text: String, _ lowercase: StaticString) -> Bool {
        guard text.utf8.count == lowercase.utf8CodeUnitCount else { return false }
        var text = text
        return text.withUTF8 { bytes in
            lowercase.withUTF8Buffer { expected in
                for i in 0..<expected.count {
                    let b = bytes[i]
                    if (b >= 0x41 && b <= 0x5A ? b | 0x20 : b) != expected[i] { return false }
                }
                return true
            }
        }
    }

    /// `text` without leading and trailing spaces and tabs.
    static func trimmed(_ text: Substring) -> Substring {
        // Spaces and tabs are ASCII: byte positions around them are character boundaries.
        let utf8 = text.utf8
        var start = utf8.startIndex
        var end = utf8.endIndex
        while start < end && (utf8[start] == 0x20 || utf8[start] == 0x09) { utf8.formIndex(after: &start) }
        while start < end {
            let last = utf8.index(before: end)
            guard utf8[last] == 0x20 || utf8[last] == 0x09 else { break }
            end = last
        }
        return Substring(utf8[start..<end])
    }
}
