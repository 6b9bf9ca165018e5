import TenantMockCore
#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP/1.1 client on a POSIX socket, for plain `http://` targets.
///
/// It sends exactly the header fields of the request, adding only `Host`
/// (when absent), `Content-Length` (when there is a body) and
/// `Connection: close`; it never adds a `Content-Type` and never follows a
/// redirect — so "no Content-Type" and 301 cases mean what they say.
/// One connection per request.
public struct SocketHTTPTransport: ContractTransport {
    public let host: String
    public let port: Int
    /// Seconds to wait for the connection and for each read or write.
    public var timeout: Int

    public init(host: String, port: Int, timeout: Int = 10) {
        self.host = host
        self.port = port
        self.timeout = timeout
    }

    public func send(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse {
        let fd = try connect()
        defer { close(fd) }
        try writeAll(fd, Self.serialize(request, defaultHost: port == 80 ? host : "\(host):\(port)"))
        let raw = try readAll(fd)
        return try Self.parseResponse(raw, method: request.method)
    }

    /// The request's bytes on the wire.
    static func serialize(_ request: HTTPRequest, defaultHost: String) -> [UInt8] {
        var head = "\(request.method) \(request.target) HTTP/1.1\r\n"
        if !request.headers.contains("Host") { head += "Host: \(defaultHost)\r\n" }
        for field in request.headers where !field.name.equalsIgnoringASCIICase("Content-Length")
            && !field.name.equalsIgnoringASCIICase("Connection") {
            head += "\(field.name): \(field.value)\r\n"
        }
        if !request.body.isEmpty { head += "Content-Length: \(request.body.count)\r\n" }
        head += "Connection: close\r\n\r\n"
        return Array(head.utf8) + request.body
    }

    func connect() throws(TransportError) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &list)
        guard rc == 0, let first = list else {
            throw TransportError("cannot resolve \(host): \(String(cString: gai_strerror(rc)))", kind: .noConnection)
        }
        defer { freeaddrinfo(list) }
        var lastError: Int32 = 0
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            entry = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            if fd < 0 { lastError = errno; continue }
            var tv = timeval(tv_sec: timeout, tv_usec: 0)
            _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            var result: Int32
            repeat { result = Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) } while result < 0 && errno == EINTR
            if result == 0 { return fd }
            lastError = errno
            close(fd)
        }
        throw TransportError("cannot connect to \(host):\(port): \(String(cString: strerror(lastError)))", kind: .noConnection)
    }

    func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws(TransportError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { buffer in
                Glibc.send(fd, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw TransportError("cannot send to \(host):\(port): \(String(cString: strerror(errno)))")
            }
            offset += n
        }
    }

    func readAll(_ fd: Int32) throws(TransportError) -> [UInt8] {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { return out }
            if n < 0 {
                if errno == EINTR { continue }
                // A reset after a complete answer (the server closed with unread input) still counts.
                if errno == ECONNRESET, !out.isEmpty { return out }
                throw TransportError("cannot read from \(host):\(port): \(String(cString: strerror(errno)))")
            }
            out.append(contentsOf: buffer[0..<n])
        }
    }

    /// Parses a complete answer read up to the connection's close.
    static func parseResponse(_ raw: [UInt8], method: String) throws(TransportError) -> HTTPResponse {
        var rest = raw[...]
        while true {
            guard let headEnd = find([13, 10, 13, 10], in: rest) else {
                throw TransportError("incomplete HTTP answer (\(raw.count) bytes)")
            }
            let head = String(decoding: rest[rest.startIndex..<headEnd], as: UTF8.self)
            rest = rest[(headEnd + 4)...]
            var lines = head.components(separatedBy: "\r\n")
            let statusLine = lines.removeFirst().split(separator: " ", maxSplits: 2)
            guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/1."), let status = Int(statusLine[1]) else {
                throw TransportError("malformed status line in the answer")
            }
            var headers = HTTPHeaders()
            for line in lines {
                guard let colon = line.firstIndex(of: ":") else { throw TransportError("malformed header line \"\(line)\"") }
                headers.add(name: String(line[..<colon]),
                            value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }
            // Interim answers (100 Continue) precede the real one.
            if (100...199).contains(status) { continue }
            if method == "HEAD" || status == 204 || status == 304 {
                return HTTPResponse(status: status, headers: headers, body: [])
            }
            if let coding = headers["Transfer-Encoding"], coding.lowercased().contains("chunked") {
                return HTTPResponse(status: status, headers: headers, body: try dechunk(rest))
            }
            if let lengthText = headers["Content-Length"] {
                guard let length = Int(lengthText), length >= 0, length <= rest.count else {
                    throw TransportError("answer shorter than its Content-Length \(lengthText)")
                }
                return HTTPResponse(status: status, headers: headers, body: Array(rest.prefix(length)))
            }
            return HTTPResponse(status: status, headers: headers, body: Array(rest))
        }
    }

    static func dechunk(_ bytes: ArraySlice<UInt8>) throws(TransportError) -> [UInt8] {
        var out: [UInt8] = []
        var rest = bytes
        while true {
            guard let lineEnd = find([13, 10], in: rest) else { throw TransportError("truncated chunked body") }
            let sizeText = String(decoding: rest[rest.startIndex..<lineEnd], as: UTF8.self)
                .split(separator: ";").first.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
            guard let size = Int(sizeText, radix: 16) else { throw TransportError("bad chunk size \"\(sizeText)\"") }
            rest = rest[(lineEnd + 2)...]
            if size == 0 { return out }
            guard rest.count >= size + 2 else { throw TransportError("truncated chunk") }
            out.append(contentsOf: rest.prefix(size))
            rest = rest.dropFirst(size + 2)
        }
    }

    static func find(_ needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var i = haystack.startIndex
        while i + needle.count <= haystack.endIndex {
            if haystack[i] == needle[0] && haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}
