import Foundation
import TenantMock
import TenantMockServer
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The default sandbox (`Emulator.makeDefault()`, the embedded fixtures) served by
/// `HTTPServer` on 127.0.0.1, on a port the OS picks.
final class CruxLiveServer {
    let emulator: Emulator
    let server: HTTPServer
    let port: Int

    init() throws {
        let emulator = try Emulator.makeDefault()
        server = HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0)) { emulator.handle($0) }
        port = try server.start()
        self.emulator = emulator
    }

    /// `http://127.0.0.1:<port>`.
    var base: String { "http://127.0.0.1:\(port)" }

    func stop() {
        server.shutdown()
        server.waitUntilStopped()
    }
}

/// The result of one `curl -s -i` run: exit status, response status, headers, body.
struct CurlResult {
    var exitStatus: Int32
    var status: Int
    var headers: HTTPHeaders
    var body: String

    /// Runs the real `curl` binary with `-s -i` (silent; print the response head) and `arguments`.
    static func run(_ arguments: [String]) throws -> CurlResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["curl", "-s", "-i", "--max-time", "10"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Read before waiting: a full pipe would block curl.
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let (head, body) = output.range(of: "\r\n\r\n").map { (String(output[..<$0.lowerBound]), String(output[$0.upperBound...])) }
            ?? (output, "")
        let lines = head.components(separatedBy: "\r\n")
        var headers = HTTPHeaders()
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.add(name: String(line[..<colon]), value: String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
        }
        let status = lines.first.flatMap { line in line.split(separator: " ").dropFirst().first.flatMap { Int($0) } } ?? 0
        return CurlResult(exitStatus: process.terminationStatus, status: status, headers: headers, body: body)
    }

    /// Whether `curl` is on PATH.
    static var isInstalled: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/curl")
            || (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
                .contains { FileManager.default.isExecutableFile(atPath: "\($0)/curl") }
    }
}

/// One HTTP/1.1 keep-alive connection to 127.0.0.1: requests go out one at a time on
/// the same socket, and every response must leave the connection open.
final class KeepAliveConnection {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// A response as read off the wire (`Content-Length` framed, as the server sends).
    struct Response {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    private let fd: Int32
    private var buffer: [UInt8] = []

    /// Connects; reads and writes time out after `timeout` seconds, so a stuck test ends.
    init(port: Int, timeout: Int = 10) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var tv = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            let code = errno
            close(fd)
            throw Failure(description: "connect: errno \(code)")
        }
    }

    deinit { close(fd) }

    /// Sends one request and reads its response; fails if the server ends the connection.
    func send(_ method: String, _ target: String, headers: [(String, String)] = [], body: String? = nil) throws -> Response {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let body { head += "Content-Length: \(body.utf8.count)\r\n" }
        let bytes = Array((head + "\r\n" + (body ?? "")).utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw Failure(description: "send: errno \(errno)") }
            offset += n
        }
        let response = try readResponse()
        if response.headers["Connection"]?.lowercased() == "close" {
            throw Failure(description: "the server closed the keep-alive connection after \(method) \(target)")
        }
        return response
    }

    private func readResponse() throws -> Response {
        var headEnd = findHeadEnd()
        while headEnd == nil {
            try fill()
            headEnd = findHeadEnd()
        }
        let head = String(decoding: buffer[..<headEnd!], as: UTF8.self)
        buffer.removeFirst(headEnd! + 4)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0] == "HTTP/1.1", let status = Int(parts[1]) else {
            throw Failure(description: "bad status line: \(statusLine)")
        }
        var headers = HTTPHeaders()
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { throw Failure(description: "bad header line: \(line)") }
            headers.add(name: String(line[..<colon]), value: String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
        }
        let length = status == 204 || status == 304 ? 0 : Int(headers["Content-Length"] ?? "0") ?? 0
        while buffer.count < length { try fill() }
        let body = Array(buffer[..<length])
        buffer.removeFirst(length)
        return Response(status: status, headers: headers, body: body)
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw Failure(description: n == 0 ? "the server closed the connection" : "recv: errno \(errno)") }
            buffer.append(contentsOf: chunk[..<n])
            return
        }
    }

    private func findHeadEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for i in 0...(buffer.count - 4) where buffer[i] == 13 && buffer[i + 1] == 10 && buffer[i + 2] == 13 && buffer[i + 3] == 10 {
            return i
        }
        return nil
    }
}

/// Runs `body(i, rendezvous)` for `i` in `0..<count`, each on a thread of its own.
///
/// Every thread calls `rendezvous()` once (a thread that returns without calling it
/// counts as arrived): when all have arrived, `midway` runs on the calling thread
/// while they wait, then they go on. Returns when every thread has finished.
func onSeparateThreads(_ count: Int, midway: () -> Void = {},
                       _ body: @escaping @Sendable (_ index: Int, _ rendezvous: () -> Void) -> Void) {
    let arrived = DispatchSemaphore(value: 0), released = DispatchSemaphore(value: 0), finished = DispatchGroup()
    for i in 0..<count {
        finished.enter()
        let thread = Thread {
            var waited = false
            let rendezvous = {
                guard !waited else { return }
                waited = true
                arrived.signal()
                released.wait()
            }
            body(i, rendezvous)
            rendezvous()
            finished.leave()
        }
        thread.start()
    }
    for _ in 0..<count { arrived.wait() }
    midway()
    for _ in 0..<count { released.signal() }
    finished.wait()
}
