import CTenantMockEpoll
import Foundation
import TenantMock
import TenantMockServer
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Which loop serves a connection (``HTTPServerConfiguration/ConnectionPlacement``), seen from
/// clients on threads bound to one core each. Every answer names the loop thread that gave it.
final class ConnectionPlacementTests: XCTestCase {
    /// Answers with the name of the thread it runs on: `tm-loop-N`.
    static let loopName: @Sendable (HTTPRequest) -> HTTPResponse = { _ in
        let name = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? "?"
        return .json(200, ["loop": .string(name.trimmingCharacters(in: .whitespacesAndNewlines))])
    }

    /// The first two CPUs this process may run on, or a skip.
    func twoCPUs() throws -> (Int, Int) {
        var cpus = [Int32](repeating: -1, count: 64)
        let count = ctm_allowed_cpus(&cpus, Int32(cpus.count))
        guard count >= 2 else { throw XCTSkip("needs two CPUs, the process may use \(count)") }
        return (Int(cpus[0]), Int(cpus[1]))
    }

    /// Runs `body` on a new thread bound to `cpu` and waits for it.
    func onCPU<T: Sendable>(_ cpu: Int, _ body: @escaping @Sendable () throws -> T) throws -> T {
        let result = LockedBox<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            defer { done.signal() }
            guard bindCurrentThread(to: cpu) else {
                result.set(.failure(TestClient.Failure(description: "sched_setaffinity: errno \(errno)")))
                return
            }
            result.set(Result { try body() })
        }
        thread.start()
        done.wait()
        return try result.get()!.get()
    }

    /// Opens `count` connections to `port` one after the other, asks once on each, and returns
    /// the loops that answered (the connections stay open until all have answered).
    static func loopsAnswering(_ count: Int, port: Int) throws -> [String] {
        var clients: [TestClient] = []
        var loops: [String] = []
        for _ in 0..<count {
            let client = try TestClient(port: port)
            clients.append(client)
            client.send("GET /which HTTP/1.1\r\nHost: localhost\r\n\r\n")
            loops.append(try client.readResponse().json?["loop"]?.stringValue ?? "?")
        }
        return loops
    }

    func testConnectionsFromOneCoreShareALoopAndEachCoreHasItsOwn() throws {
        let (first, second) = try twoCPUs()
        let running = try RunningServer(configure: { $0.eventLoopCount = 2 }, handler: Self.loopName)
        defer { running.stop() }
        let port = running.port
        let fromFirst = try onCPU(first) { try Self.loopsAnswering(4, port: port) }
        let fromSecond = try onCPU(second) { try Self.loopsAnswering(4, port: port) }
        XCTAssertEqual(Set(fromFirst), ["tm-loop-0"], "connections made on CPU \(first)")
        XCTAssertEqual(Set(fromSecond), ["tm-loop-1"], "connections made on CPU \(second)")
    }

    func testRoundRobinDealsOneCoresConnectionsToEveryLoop() throws {
        let (first, _) = try twoCPUs()
        let running = try RunningServer(configure: { $0.eventLoopCount = 2; $0.connectionPlacement = .roundRobin },
                                        handler: Self.loopName)
        defer { running.stop() }
        let port = running.port
        let loops = try onCPU(first) { try Self.loopsAnswering(4, port: port) }
        XCTAssertEqual(loops.filter { $0 == "tm-loop-0" }.count, 2, "\(loops)")
        XCTAssertEqual(loops.filter { $0 == "tm-loop-1" }.count, 2, "\(loops)")
    }

    func testMoreLoopsThanCoresAreDealtConnectionsInTurn() throws {
        let (first, _) = try twoCPUs()
        var cpus = [Int32](repeating: -1, count: 1024)
        let loops = Int(ctm_allowed_cpus(&cpus, Int32(cpus.count))) + 1
        let running = try RunningServer(configure: { $0.eventLoopCount = loops }, handler: Self.loopName)
        defer { running.stop() }
        let port = running.port
        let answered = try onCPU(first) { try Self.loopsAnswering(loops, port: port) }
        XCTAssertEqual(Set(answered), Set((0..<loops).map { "tm-loop-\($0)" }), "\(answered)")
    }

    func testOneCoresManyConnectionsAreStillSpreadOverTheLoops() throws {
        let (first, _) = try twoCPUs()
        let running = try RunningServer(configure: { $0.eventLoopCount = 2 }, handler: Self.loopName)
        defer { running.stop() }
        let port = running.port
        let loops = try onCPU(first) { try Self.loopsAnswering(40, port: port) }
        // The core's own loop takes connections until it leads by 16; then the other loop takes
        // them until it has caught up, in one block, and the core's own loop again after that.
        let expected = Array(repeating: "tm-loop-0", count: 16) + Array(repeating: "tm-loop-1", count: 16)
            + Array(repeating: "tm-loop-0", count: 8)
        XCTAssertEqual(loops, expected)

        // Closed connections leave the counts: once all are gone, the core's loop takes 16 again.
        XCTAssertTrue(eventually { running.server.openConnectionCount == 0 })
        let again = try onCPU(first) { try Self.loopsAnswering(16, port: port) }
        XCTAssertEqual(again, Array(repeating: "tm-loop-0", count: 16))
    }
}

/// Binds the calling thread to one CPU; `false` if the system refused.
func bindCurrentThread(to cpu: Int) -> Bool {
    ctm_bind_thread(Int32(cpu)) == 0
}

/// A value shared between threads under a lock.
final class LockedBox<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func set(_ newValue: Value) { lock.withLock { value = newValue } }
    func get() -> Value { lock.withLock { value } }
}
