import Foundation
import TenantMock
import TenantMockServer
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Thousands of broken clients, then a good one: the server answers it and has
/// closed every socket the broken ones opened.
final class RobustnessTests: XCTestCase {
    /// A small deterministic generator (SplitMix64), so a failure can be replayed.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// One abusive exchange, chosen by `kind`.
    static func abuse(port: Int, kind: Int, random: inout SplitMix) {
        guard let client = try? TestClient(port: port, timeout: 2) else { return }
        let valid = Array("POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello".utf8)
        switch kind {
        case 0: // random bytes
            client.send((0..<Int.random(in: 1...300, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) })
        case 1: // a head cut off anywhere, then gone
            client.send(Array(valid[0..<Int.random(in: 1..<(valid.count - 5), using: &random)]))
        case 2: // Content-Length lies: fewer bytes than announced, then half-close
            client.send("POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 1000\r\n\r\nshort")
            client.shutdownWrite()
        case 3: // a huge number of header fields
            client.send("GET / HTTP/1.1\r\nHost: h\r\n" + String(repeating: "A: b\r\n", count: 4000) + "\r\n")
            _ = try? client.readResponse()
        case 4: // half-closed in the middle of a head
            client.send("GET /half HTTP/1.1\r\nHo")
            client.shutdownWrite()
            _ = client.isClosedByServer()
        case 5: // garbage chunked framing
            client.send("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
        case 6: // abortive close (reset) right after a partial request
            var linger = linger(l_onoff: 1, l_linger: 0)
            setsockopt(client.fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<linger>.size))
            client.send(Array(valid[0..<10]))
        default: // random mutations of a valid request
            var bytes = valid
            for _ in 0..<3 { bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random) }
            client.send(bytes)
            client.shutdownWrite()
            _ = try? client.readResponse()
        }
    }

    func testTenThousandBrokenClientsLeaveNothingBehind() throws {
        let running = try RunningServer {
            $0.headerReadTimeout = .seconds(2)
            $0.lingerTimeout = .milliseconds(500)
        }
        defer { running.stop() }
        // Warm up the process's descriptors (the XCTest runtime, the server's loops).
        let warm = try TestClient(port: running.port)
        warm.send("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
        _ = try warm.readResponse()
        XCTAssertTrue(warm.isClosedByServer())
        XCTAssertTrue(eventually { running.server.openConnectionCount == 0 })
        let baseline = openDescriptorCount()

        let threads = 4
        let perThread = 2500
        let port = running.port
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            var random = SplitMix(state: UInt64(t + 1) * 7919)
            for i in 0..<perThread { Self.abuse(port: port, kind: i % 8, random: &random) }
        }

        do {
            let client = try TestClient(port: running.port)
            client.send("POST /after HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nok")
            let response = try client.readResponse()
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.bodyText, #"{"method":"POST","path":"/after","query":"","body":"ok"}"#)
        }

        XCTAssertTrue(eventually(within: 10) { running.server.openConnectionCount == 0 },
                      "open connections: \(running.server.openConnectionCount)")
        XCTAssertTrue(eventually(within: 10) { openDescriptorCount() == baseline },
                      "descriptors: \(openDescriptorCount()) against a baseline of \(baseline)")
    }
}
