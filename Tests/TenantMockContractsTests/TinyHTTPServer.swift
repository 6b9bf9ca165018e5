#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization
import TenantMock
import TenantMockContracts

/// A one-connection-at-a-time HTTP/1.1 server on 127.0.0.1 (port chosen by
/// the OS) that answers with a handler, for testing the socket client. It
/// records each request's raw head so a test can see exactly what was sent.
final class TinyHTTPServer: Sendable {
    let listener: Int32
    let port: Int
    let handler: @Sendable (HTTPRequest) -> HTTPResponse
    let heads = Mutex<[String]>([])
    /// Signalled when the accept loop has ended; only then is the listener closed,
    /// so its descriptor number cannot be reused under a loop still accepting on it.
    private let finished = DispatchSemaphore(value: 0)

    init(handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse) throws {
        self.handler = handler
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 64) == 0 else {
            close(listener)
            throw TransportError("cannot listen")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        self.port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in self.serve() }
        thread.start()
    }

    /// Stops accepting: `shutdown` wakes the accept loop, which ends; then the
    /// listener is closed. (Closing first let a new server take the same descriptor
    /// number while the old loop still accepted on it, answering with the old handler.)
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        // Bounded, in case a client holds the one connection being answered open.
        _ = finished.wait(timeout: .now() + 5)
        close(listener)
    }

    var recordedHeads: [String] { heads.withLock { $0 } }

    private func serve() {
        defer { finished.signal() }
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 { if errno == EINTR { continue } else { return } }
            answer(fd)
            close(fd)
        }
    }

    private func answer(_ fd: Int32) {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        var request: HTTPRequest?
        while request == nil {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return }
            data += buffer[0..<n]
            guard let end = data.firstRange(of: [13, 10, 13, 10]) else { continue }
            let head = String(decoding: data[..<end.lowerBound], as: UTF8.self)
            var lines = head.components(separatedBy: "\r\n")
            let requestLine = lines.removeFirst().split(separator: " ")
            var headers = HTTPHeaders()
            for line in lines {
                let parts = line.split(separator: ":", maxSplits: 1)
                headers.add(name: String(parts[0]), value: parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "")
            }
            let length = Int(headers["Content-Length"] ?? "0") ?? 0
            guard data.count >= end.upperBound + length else { continue }
            heads.withLock { $0.append(head) }
            request = HTTPRequest(method: String(requestLine[0]), target: String(requestLine[1]), headers: headers,
                                  body: Array(data[end.upperBound..<(end.upperBound + length)]))
        }
        guard let request else { return }
        let response = handler(request)
        var out = "HTTP/1.1 \(response.status) \(response.reasonPhrase)\r\n"
        for field in response.headers { out += "\(field.name): \(field.value)\r\n" }
        if response.status != 204 { out += "Content-Length: \(response.body.count)\r\n" }
        out += "Connection: close\r\n\r\n"
        let bytes = Array(out.utf8) + response.body
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }
}
