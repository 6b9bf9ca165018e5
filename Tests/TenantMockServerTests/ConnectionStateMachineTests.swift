import TenantMockCore
@testable import TenantMockServer
import XCTest

/// Every rule of ``ConnectionStateMachine``, driven with plain millisecond values: no socket,
/// no thread, no sleep. The socket-level tests in `HTTPServerTests` check that the event
/// loop delivers these events; these check what the events mean, to the millisecond.
final class ConnectionStateMachineTests: XCTestCase {
    typealias Machine = ConnectionStateMachine
    static let timeouts = Machine.Timeouts(header: 10_000, idle: 60_000, linger: 2_000)
    static let date = "Sun, 06 Dec 2026 22:00:00 GMT"

    func machine(at now: Int64 = 0) -> Machine {
        Machine(limits: HTTPRequestParser.Limits(), timeouts: Self.timeouts, now: now)
    }

    // MARK: Helpers

    func receive(_ machine: inout Machine, _ text: String, at now: Int64) {
        Array(text.utf8).withUnsafeBytes { machine.received($0, now: now) }
    }

    /// Answers every buffered request with `response`; returns the paths answered.
    @discardableResult
    func serve(_ machine: inout Machine, at now: Int64, closing: Bool = false,
               with response: HTTPResponse = .empty(204)) -> [String] {
        var paths: [String] = []
        while let request = machine.nextRequest(date: Self.date) {
            paths.append(request.request.path)
            XCTAssertEqual(machine.answer(response, to: request, closing: closing, now: now, date: Self.date), .queued)
        }
        return paths
    }

    /// Writes everything queued, as a socket that takes it all would; returns it and what follows.
    func writeAll(_ machine: inout Machine, at now: Int64) -> (String, Machine.Action) {
        let text = machine.withPendingOutput { String(decoding: $0, as: UTF8.self) }
        machine.wrote(machine.pendingOutput, now: now)
        return (text, machine.outputFlushed(now: now))
    }

    func get(_ path: String) -> String { "GET \(path) HTTP/1.1\r\nHost: h\r\n\r\n" }

    // MARK: A connection's silence

    func testANewConnectionMayStaySilentForTheHeaderTimeoutThenClosesWithoutAnswer() {
        var m = machine(at: 1_000)
        XCTAssertEqual(m.tick(now: 10_999, draining: false, date: Self.date), .none)
        XCTAssertEqual(m.tick(now: 11_000, draining: false, date: Self.date), .close)
        XCTAssertEqual(m.pendingOutput, 0, "nothing was asked, nothing is answered")
    }

    func testAKeptAliveConnectionMayStaySilentForTheIdleTimeout() {
        var m = machine()
        receive(&m, get("/a"), at: 100)
        XCTAssertEqual(serve(&m, at: 100), ["/a"])
        XCTAssertEqual(writeAll(&m, at: 100).1, .none)
        XCTAssertEqual(m.settle(now: 100, draining: false), .read)
        XCTAssertEqual(m.tick(now: 100 + 10_000, draining: false, date: Self.date), .none,
                       "the header timeout is for new connections")
        XCTAssertEqual(m.tick(now: 100 + 59_999, draining: false, date: Self.date), .none)
        XCTAssertEqual(m.tick(now: 100 + 60_000, draining: false, date: Self.date), .close)
    }

    func testEmptyLinesAloneAreTimedFromTheFirstOfThem() {
        var m = machine()
        receive(&m, "\r\n", at: 1_000)
        XCTAssertNil(m.nextRequest(date: Self.date))
        XCTAssertEqual(m.settle(now: 1_000, draining: false), .read)
        for t in stride(from: Int64(2_000), through: 8_000, by: 1_000) {
            receive(&m, "\r\n", at: t)
            XCTAssertNil(m.nextRequest(date: Self.date))
            _ = m.settle(now: t, draining: false)
        }
        XCTAssertEqual(m.tick(now: 10_999, draining: false, date: Self.date), .none)
        XCTAssertEqual(m.tick(now: 11_000, draining: false, date: Self.date), .close,
                       "more empty lines did not keep it open")
        XCTAssertEqual(m.pendingOutput, 0, "closed without an answer")
    }

    func testAnEmptyLineAfterABodyLeavesTheConnectionIdleNotTimedOut() {
        // RFC 9112 §2.2: an empty line before a request line is skipped.
        var m = machine()
        receive(&m, "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nab\r\n", at: 0)
        XCTAssertEqual(serve(&m, at: 0), ["/a"])
        _ = writeAll(&m, at: 0)
        _ = m.settle(now: 0, draining: false)
        XCTAssertEqual(m.tick(now: 30_000, draining: false, date: Self.date), .none, "no 408 at the header timeout")
        XCTAssertEqual(m.pendingOutput, 0)
        receive(&m, get("/b"), at: 30_000)
        XCTAssertEqual(serve(&m, at: 30_000), ["/b"])
    }

    // MARK: A slow head

    func testAHeadMustArriveWithinTheHeaderTimeoutOfItsFirstByte() {
        var m = machine()
        receive(&m, get("/a"), at: 0)
        serve(&m, at: 0)
        _ = writeAll(&m, at: 0)
        _ = m.settle(now: 0, draining: false)
        // 40 s of keep-alive silence, then a head begins and stalls.
        receive(&m, "GET /b HTTP/1.1\r\nHo", at: 40_000)
        XCTAssertNil(m.nextRequest(date: Self.date))
        _ = m.settle(now: 40_000, draining: false)
        XCTAssertEqual(m.tick(now: 49_999, draining: false, date: Self.date), .none)
        XCTAssertEqual(m.tick(now: 50_000, draining: false, date: Self.date), .write)
        let (text, next) = writeAll(&m, at: 50_000)
        XCTAssertTrue(text.hasPrefix("HTTP/1.1 408 Request Timeout\r\n"), text)
        XCTAssertTrue(text.contains("Connection: close\r\n"), text)
        XCTAssertTrue(text.hasSuffix("\r\n\r\n" + #"{"error":"request_timeout","message":"The request head was not received within the time allowed."}"#),
                      text)
        XCTAssertEqual(next, .shutdownWriteAndLinger, "the client may still be sending: linger")
    }

    func testTheHeaderTimeoutCountsFromTheStartOfEachPipelinedHead() {
        var m = machine()
        receive(&m, "GET /a HTTP/1.1\r\nHo", at: 0)
        XCTAssertNil(m.nextRequest(date: Self.date))
        _ = m.settle(now: 0, draining: false)
        // The first head is finished and the second begun in one segment, 6 s in.
        receive(&m, "st: h\r\n\r\nGET /b HTTP/1.1\r\n", at: 6_000)
        XCTAssertEqual(serve(&m, at: 6_000), ["/a"])
        _ = writeAll(&m, at: 6_000)
        _ = m.settle(now: 6_000, draining: false)
        // 13 s after the first head began, 7 s after the second: only the first would be overdue.
        XCTAssertEqual(m.tick(now: 13_000, draining: false, date: Self.date), .none)
        XCTAssertEqual(m.tick(now: 15_999, draining: false, date: Self.date), .none)
        XCTAssertEqual(m.tick(now: 16_000, draining: false, date: Self.date), .write)
    }

    // MARK: A stalled body, a slow reader

    func testABodyMayStallForTheIdleTimeoutAndEachArrivalRestartsIt() {
        var m = machine()
        receive(&m, "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc", at: 0)
        XCTAssertNil(m.nextRequest(date: Self.date))
        _ = m.settle(now: 0, draining: false)
        receive(&m, "de", at: 50_000)
        XCTAssertNil(m.nextRequest(date: Self.date))
        XCTAssertEqual(m.tick(now: 109_999, draining: false, date: Self.date), .none)
        XCTAssertEqual(m.tick(now: 110_000, draining: false, date: Self.date), .write)
        let (text, _) = writeAll(&m, at: 110_000)
        XCTAssertTrue(text.hasPrefix("HTTP/1.1 408 Request Timeout\r\n"), text)
        XCTAssertTrue(text.hasSuffix("\r\n\r\n" + #"{"error":"request_timeout","message":"The request body stalled."}"#), text)
    }

    func testAClientThatStopsReadingIsClosedAfterTheIdleTimeoutOfTheLastWrite() {
        var m = machine()
        receive(&m, get("/a"), at: 0)
        serve(&m, at: 0, with: HTTPResponse(status: 200, body: Array(repeating: 0x61, count: 1000)))
        m.wrote(100, now: 5_000)
        XCTAssertEqual(m.settle(now: 5_000, draining: false), [.read, .write])
        XCTAssertEqual(m.tick(now: 64_999, draining: false, date: Self.date), .none)
        XCTAssertEqual(m.tick(now: 65_000, draining: false, date: Self.date), .close)
    }

    func testAboveTheHighWaterMarkNothingMoreIsParsedOrRead() {
        var m = machine()
        let big = HTTPResponse(status: 200, body: Array(repeating: 0x61, count: Machine.highWater))
        receive(&m, get("/a") + get("/b"), at: 0)
        XCTAssertEqual(serve(&m, at: 0, with: big), ["/a"], "/b waits for the output to drain")
        XCTAssertEqual(m.settle(now: 0, draining: false), .write, "no reading meanwhile")
        _ = writeAll(&m, at: 1)
        XCTAssertEqual(serve(&m, at: 1), ["/b"])
    }

    // MARK: Closing

    func testAnAnswerThatClosesWithNothingMoreBufferedClosesOnceWritten() {
        var m = machine()
        receive(&m, "GET /a HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n", at: 0)
        serve(&m, at: 0)
        XCTAssertEqual(m.state, .closingAfterWrite(linger: false))
        let (text, next) = writeAll(&m, at: 0)
        XCTAssertTrue(text.contains("Connection: close\r\n"), text)
        XCTAssertEqual(next, .close)
    }

    func testAnAnswerThatClosesWithMoreBufferedLingersSoTheClientReadsIt() {
        var m = machine()
        receive(&m, "GET /a HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n" + get("/b"), at: 0)
        XCTAssertEqual(serve(&m, at: 0), ["/a"], "nothing after a closing answer is served")
        XCTAssertEqual(writeAll(&m, at: 0).1, .shutdownWriteAndLinger)
        XCTAssertTrue(m.isLingering)
        XCTAssertEqual(m.interest, .read)
        XCTAssertEqual(m.tick(now: 1_999, draining: false, date: Self.date), .none)
        XCTAssertEqual(m.tick(now: 2_000, draining: false, date: Self.date), .close)
    }

    func testAProtocolErrorIsAnsweredInOrderAfterEarlierAnswers() {
        var m = machine()
        receive(&m, get("/ok") + "BROKEN\r\n\r\n" + get("/never"), at: 0)
        XCTAssertEqual(serve(&m, at: 0), ["/ok"])
        let (text, next) = writeAll(&m, at: 0)
        XCTAssertTrue(text.hasPrefix("HTTP/1.1 204 "), text)
        XCTAssertNotNil(text.range(of: "HTTP/1.1 400 "), text)
        XCTAssertEqual(next, .shutdownWriteAndLinger)
    }

    func testAClientThatShutItsWriteSideGetsItsAnswersThenTheConnectionCloses() {
        var m = machine()
        receive(&m, get("/a") + "GET /trunc", at: 0)
        m.receivedEndOfFile()
        XCTAssertEqual(serve(&m, at: 0), ["/a"])
        XCTAssertEqual(m.state, .closingAfterWrite(linger: false), "the truncated request is dropped")
        XCTAssertEqual(writeAll(&m, at: 0).1, .close)
    }

    func testUnsentOutputOfAClosingConnectionIsDroppedAfterTheIdleTimeout() {
        var m = machine()
        receive(&m, "GET /a HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n", at: 0)
        serve(&m, at: 0)
        XCTAssertEqual(m.tick(now: 59_999, draining: false, date: Self.date), .none)
        XCTAssertEqual(m.tick(now: 60_000, draining: false, date: Self.date), .close)
    }

    // MARK: Injected latency and resets

    func testAHeldBackAnswerSuspendsEveryTimeout() {
        var m = machine()
        receive(&m, get("/slow") + get("/next"), at: 0)
        let request = m.nextRequest(date: Self.date)!
        var slow = HTTPResponse.empty(204)
        slow.delay = 90
        XCTAssertEqual(m.answer(slow, to: request, closing: false, now: 0, date: Self.date), .delayed(until: 90_000))
        XCTAssertNil(m.nextRequest(date: Self.date), "nothing more is answered meanwhile")
        XCTAssertEqual(m.interest, [], "nor read")
        XCTAssertEqual(m.tick(now: 89_999, draining: false, date: Self.date), .none)
        XCTAssertEqual(m.delayElapsed(closing: false, now: 90_000, date: Self.date), .queued)
        XCTAssertEqual(serve(&m, at: 90_000), ["/next"])
        XCTAssertTrue(writeAll(&m, at: 90_000).0.hasPrefix("HTTP/1.1 204 "))
    }

    func testAResetAnswerIsNotQueued() {
        var m = machine()
        receive(&m, get("/a"), at: 0)
        let request = m.nextRequest(date: Self.date)!
        var reset = HTTPResponse.empty(200)
        reset.resetConnection = true
        XCTAssertEqual(m.answer(reset, to: request, closing: false, now: 0, date: Self.date), .reset)
        XCTAssertEqual(m.pendingOutput, 0)
    }

    // MARK: Draining

    func testDrainingClosesIdleConnectionsAndLetsRequestsInFlightFinish() {
        var idle = machine()
        XCTAssertTrue(idle.closesWhenDrainBegins)
        XCTAssertEqual(idle.tick(now: 1, draining: true, date: Self.date), .close)

        var midHead = machine()
        receive(&midHead, "GET /a HTTP/1.1\r\n", at: 0)
        _ = midHead.nextRequest(date: Self.date)
        XCTAssertFalse(midHead.closesWhenDrainBegins)
        XCTAssertEqual(midHead.tick(now: 1, draining: true, date: Self.date), .none)
        receive(&midHead, "Host: h\r\n\r\n", at: 2)
        XCTAssertEqual(serve(&midHead, at: 2, closing: true), ["/a"])
        let (text, next) = writeAll(&midHead, at: 2)
        XCTAssertTrue(text.contains("Connection: close\r\n"), "the last answer says so")
        XCTAssertEqual(next, .close)
    }

    func testAKeptAliveConnectionIsClosedWhenItsAnswerIsWrittenWhileDraining() {
        var m = machine()
        receive(&m, get("/a"), at: 0)
        serve(&m, at: 0)
        _ = writeAll(&m, at: 0)
        XCTAssertNil(m.settle(now: 0, draining: true))
    }

    // MARK: Interest

    func testInterestFollowsTheState() {
        var m = machine()
        XCTAssertEqual(m.interest, .read)
        receive(&m, get("/a"), at: 0)
        serve(&m, at: 0)
        XCTAssertEqual(m.interest, [.read, .write])
        m.wrote(m.pendingOutput, now: 0)
        XCTAssertEqual(m.outputFlushed(now: 0), .none)
        XCTAssertEqual(m.interest, .read)
        m.receivedEndOfFile()
        XCTAssertEqual(m.interest, [], "nothing more to read after end of file")
    }
}

/// ``PlacementRule``, as a pure function of the loops' loads.
final class PlacementRuleTests: XCTestCase {
    func testACoresOwnLoopServesUntilItIsTheShareSlackAhead() {
        XCTAssertEqual(PlacementRule.place(preferred: 0, loads: [15, 0], overflowing: false),
                       .init(loop: 0, overflowing: false))
        XCTAssertEqual(PlacementRule.place(preferred: 0, loads: [16, 0], overflowing: false),
                       .init(loop: 1, overflowing: true))
    }

    func testTheSlackIsAQuarterOfTheLeastBusyLoopWhenThatIsMore() {
        XCTAssertEqual(PlacementRule.place(preferred: 1, loads: [100, 124], overflowing: false),
                       .init(loop: 1, overflowing: false))
        XCTAssertEqual(PlacementRule.place(preferred: 1, loads: [100, 125], overflowing: false),
                       .init(loop: 0, overflowing: true))
    }

    func testTheOverflowGoesInOneBlockUntilTheLeastBusyLoopHasCaughtUp() {
        var loads = [16, 0]
        var overflowing = false
        var placed: [Int] = []
        for _ in 0..<20 {
            let decision = PlacementRule.place(preferred: 0, loads: loads, overflowing: overflowing)
            overflowing = decision.overflowing
            loads[decision.loop] += 1
            placed.append(decision.loop)
        }
        XCTAssertEqual(placed, Array(repeating: 1, count: 16) + [0, 0, 0, 0],
                       "16 in a block to loop 1, then loop 0 again once even")
        XCTAssertFalse(overflowing)
    }

    func testTheLeastBusyOfSeveralLoopsTakesTheOverflow() {
        XCTAssertEqual(PlacementRule.place(preferred: 2, loads: [5, 3, 40, 3], overflowing: false),
                       .init(loop: 1, overflowing: true), "the first of the least busy")
    }

    func testASingleLoopTakesEverything() {
        XCTAssertEqual(PlacementRule.place(preferred: 0, loads: [1000], overflowing: true),
                       .init(loop: 0, overflowing: false))
    }
}
