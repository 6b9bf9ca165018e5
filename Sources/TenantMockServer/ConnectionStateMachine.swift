import TenantMockCore

/// The life of one HTTP/1.1 connection, without its system calls: what its bytes mean,
/// what is answered, when it closes and when it times out.
///
/// The event loop reports what happened (bytes read, end of file, bytes written, time
/// passing, the server draining) and carries out what the machine answers (write, shut
/// the write side and linger, close, reset). Time enters only as the `now` of each event,
/// in monotonic milliseconds, so every timeout rule can be driven by a test with plain
/// numbers, without a socket or a sleep.
///
/// The rules:
/// - A new connection may stay silent for ``Timeouts/header``; a kept-alive one, between
///   requests, for ``Timeouts/idle``. Then it is closed without an answer. Empty lines
///   before a request count as silence, timed from the first of them.
/// - A request head must arrive within ``Timeouts/header`` of its first byte, and a body
///   may stall for at most ``Timeouts/idle``; else `408` and close.
/// - A client that stops reading its answers is closed after ``Timeouts/idle``.
/// - After an answer that closes the connection while the client may still be sending,
///   the write side is shut and input discarded for at most ``Timeouts/linger``, so the
///   client reads the answer rather than a reset.
/// - An answer held back by an injected latency suspends all of these: the connection
///   waits for the server, not for the client.
/// - While the server drains, a connection that has nothing in flight is closed.
struct ConnectionStateMachine {
    /// How long each wait may last, in milliseconds.
    struct Timeouts: Equatable {
        /// A request head, from its first byte; and a new connection's silence.
        var header: Int64
        /// A kept-alive connection's silence, a stalled body, a client not reading.
        var idle: Int64
        /// Reading and discarding after an answer that closes the connection.
        var linger: Int64

        init(header: Int64, idle: Int64, linger: Int64) {
            self.header = header
            self.idle = idle
            self.linger = linger
        }

        init(_ configuration: HTTPServerConfiguration) {
            self.init(header: configuration.headerReadTimeout.milliseconds,
                      idle: configuration.idleTimeout.milliseconds,
                      linger: configuration.lingerTimeout.milliseconds)
        }
    }

    /// Where the connection is in its life.
    enum State: Equatable {
        /// Reading requests and answering them.
        case open
        /// The last answer is queued; close once it is written (lingering if the
        /// client may still be sending, so it reads the answer rather than a reset).
        case closingAfterWrite(linger: Bool)
        /// Write side shut down; reading and discarding until the client closes or time runs out.
        case lingering(since: Int64)
    }

    /// What the loop does next.
    enum Action: Equatable {
        /// Nothing until the next event.
        case none
        /// Write ``pendingOutput`` bytes, reporting each write with ``wrote(_:now:)``.
        case write
        /// Shut the socket's write side, then read and discard until end of file.
        case shutdownWriteAndLinger
        /// Close the socket.
        case close
    }

    /// What became of a handler's answer.
    enum AnswerOutcome: Equatable {
        /// Queued for writing.
        case queued
        /// Held back until the given time; call ``delayElapsed(closing:now:date:)`` then.
        case delayed(until: Int64)
        /// The answer asks for a reset: write what is pending once, then close with `SO_LINGER` 0.
        case reset
    }

    /// The epoll interest a connection needs.
    struct Interest: OptionSet, Equatable {
        let rawValue: UInt8
        static let read = Interest(rawValue: 1)
        static let write = Interest(rawValue: 2)
    }

    /// Above this much queued output, no more requests are parsed or read until the client catches up.
    static let highWater = 256 * 1024

    let timeouts: Timeouts
    private(set) var state: State = .open
    private(set) var parser: HTTPRequestParser
    /// Bytes waiting to be sent, from `outputOffset` on.
    private(set) var output: [UInt8] = []
    private(set) var outputOffset = 0
    /// The client shut its write side (read returned end of file).
    private(set) var peerClosed = false
    /// The last time bytes moved either way.
    private(set) var lastActivity: Int64
    /// When the head being received began, if one is.
    private(set) var headStartedAt: Int64?
    /// Requests answered so far.
    private(set) var served = 0
    /// An answer held back by an injected latency; nothing more is read or parsed until it is sent.
    private(set) var delayed: DelayedAnswer?

    init(limits: HTTPRequestParser.Limits, timeouts: Timeouts, now: Int64) {
        self.parser = HTTPRequestParser(limits: limits)
        self.timeouts = timeouts
        self.lastActivity = now
    }

    /// Bytes queued and not yet sent.
    var pendingOutput: Int { output.count - outputOffset }

    /// Whether the connection is reading only to discard, before closing.
    var isLingering: Bool {
        if case .lingering = state { return true }
        return false
    }

    /// Calls `body` with the bytes queued and not yet sent.
    func withPendingOutput<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        output.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[outputOffset...])) }
    }

    // MARK: Input

    /// Bytes arrived from the client.
    mutating func received(_ bytes: UnsafeRawBufferPointer, now: Int64) {
        parser.feed(bytes)
        lastActivity = now
    }

    /// The client shut its write side: nothing more will arrive.
    mutating func receivedEndOfFile() {
        peerClosed = true
    }

    // MARK: Requests and answers

    /// The next buffered request for the handler, or `nil` when there is none to answer now
    /// (more bytes are needed, an answer is held back, too much output is queued, or the
    /// connection is closing). Interim `100 Continue` answers and the server's own error
    /// answers (400, 413, 431, …) are queued on the way.
    mutating func nextRequest(date: String) -> ParsedRequest? {
        while state == .open && delayed == nil {
            if pendingOutput > Self.highWater { return nil }
            guard let event = parser.next() else { break }
            switch event {
            case .continueExpected:
                output.append(contentsOf: HTTPResponseEncoder.continueResponse)
            case .request(let parsed):
                served += 1
                // That head is complete; the next one's time starts when its first bytes are seen.
                headStartedAt = nil
                return parsed
            case .failure(let error):
                queueFinalError(HTTPResponseEncoder.errorResponse(error), date: date)
            }
        }
        if state == .open && delayed == nil && peerClosed {
            // Nothing more will arrive: whatever is left is a truncated request, dropped.
            state = .closingAfterWrite(linger: false)
        }
        return nil
    }

    /// The handler's answer to `request`.
    /// - Parameter closing: the server is stopping: this is the connection's last answer.
    mutating func answer(_ response: HTTPResponse, to request: ParsedRequest, closing: Bool, now: Int64,
                         date: String) -> AnswerOutcome {
        let isHead = request.request.method == "HEAD"
        if response.delay > 0 {
            // Injected latency: the answer waits on the loop's timer, never by sleeping,
            // so the loop keeps serving its other connections meanwhile.
            let due = now + max(1, Int64((response.delay * 1000).rounded(.up)))
            delayed = DelayedAnswer(response: response, isHead: isHead, keepAlive: request.keepAlive,
                                    version: request.version, due: due)
            return .delayed(until: due)
        }
        return queue(response, isHead: isHead, keepAlive: request.keepAlive, version: request.version,
                     closing: closing, date: date)
    }

    /// The held-back answer's time has come: it is queued (or asks for a reset).
    mutating func delayElapsed(closing: Bool, now: Int64, date: String) -> AnswerOutcome {
        guard let answer = delayed else { return .queued }
        delayed = nil
        lastActivity = now
        return queue(answer.response, isHead: answer.isHead, keepAlive: answer.keepAlive, version: answer.version,
                     closing: closing, date: date)
    }

    private mutating func queue(_ response: HTTPResponse, isHead: Bool, keepAlive: Bool, version: HTTPVersion,
                                closing: Bool, date: String) -> AnswerOutcome {
        if response.resetConnection { return .reset }
        let close = !keepAlive || closing
        let persistence: HTTPResponseEncoder.Persistence =
            close ? .close : (version == .http10 ? .keepAliveRequested : .keepAliveByDefault)
        HTTPResponseEncoder.encode(response, isHead: isHead, persistence: persistence, date: date, into: &output)
        if close { state = .closingAfterWrite(linger: parser.hasBufferedBytes) }
        return .queued
    }

    /// Queues a server error answer after which the connection closes.
    private mutating func queueFinalError(_ response: HTTPResponse, date: String) {
        HTTPResponseEncoder.encode(response, isHead: false, persistence: .close, date: date, into: &output)
        state = .closingAfterWrite(linger: !peerClosed)
    }

    // MARK: Output

    /// `count` bytes of ``pendingOutput`` were written.
    mutating func wrote(_ count: Int, now: Int64) {
        outputOffset += count
        lastActivity = now
    }

    /// Everything queued is written (or nothing was queued): what follows.
    /// - Returns: ``Action/none`` to carry on, ``Action/close`` or ``Action/shutdownWriteAndLinger``.
    mutating func outputFlushed(now: Int64) -> Action {
        output.removeAll(keepingCapacity: output.capacity <= 16 * 1024)
        outputOffset = 0
        guard case .closingAfterWrite(let linger) = state else { return .none }
        guard linger else { return .close }
        state = .lingering(since: now)
        return .shutdownWriteAndLinger
    }

    /// After serving and writing what it could: the interest the connection needs, or `nil`
    /// if it should be closed now (the server is draining and nothing is in flight).
    mutating func settle(now: Int64, draining: Bool) -> Interest? {
        if state == .open && pendingOutput == 0 {
            if parser.phase == .head {
                if headStartedAt == nil { headStartedAt = now }
            } else {
                headStartedAt = nil
            }
            if draining && parser.awaitsRequest && delayed == nil { return nil }
        }
        return interest
    }

    /// The interest the connection's state needs.
    var interest: Interest {
        if isLingering { return .read }
        var wanted: Interest = []
        if pendingOutput > 0 { wanted.insert(.write) }
        if state == .open && !peerClosed && delayed == nil && pendingOutput <= Self.highWater {
            wanted.insert(.read)
        }
        return wanted
    }

    // MARK: Time and shutdown

    /// Time passed: enforces every deadline.
    /// - Returns: ``Action/close``, ``Action/write`` (a `408` answer was queued), or ``Action/none``.
    mutating func tick(now: Int64, draining: Bool, date: String) -> Action {
        switch state {
        case .lingering(let since):
            return now - since >= timeouts.linger ? .close : .none
        case .closingAfterWrite:
            return now - lastActivity >= timeouts.idle ? .close : .none
        case .open:
            // Waiting for its own held-back answer, not for the client.
            if delayed != nil { return .none }
            if pendingOutput > 0 {
                // A client that stopped reading.
                return now - lastActivity >= timeouts.idle ? .close : .none
            }
            // `headStartedAt` is set while a head is arriving (empty lines alone included), else nil.
            let started = headStartedAt ?? lastActivity
            if parser.awaitsRequest {
                // Nothing asked: closed without an answer. Empty lines alone count as nothing,
                // timed from the first of them so that more of them do not keep it open.
                let limit = served == 0 ? timeouts.header : timeouts.idle
                return draining || now - started >= limit ? .close : .none
            }
            if parser.phase == .head {
                guard now - started >= timeouts.header else { return .none }
                return timeOut("The request head was not received within the time allowed.", date: date)
            }
            guard now - lastActivity >= timeouts.idle else { return .none }
            return timeOut("The request body stalled.", date: date)
        }
    }

    private mutating func timeOut(_ message: String, date: String) -> Action {
        queueFinalError(HTTPResponseEncoder.errorResponse(status: 408, code: "request_timeout", message: message),
                        date: date)
        return .write
    }

    /// Whether the connection closes at once when the server begins to drain: it is lingering
    /// (its answer was sent), or idle between requests with nothing in flight.
    var closesWhenDrainBegins: Bool {
        switch state {
        case .lingering: return true
        case .open: return pendingOutput == 0 && delayed == nil && parser.awaitsRequest
        case .closingAfterWrite: return false
        }
    }
}

/// An answer held back by an injected latency (``HTTPResponse/delay``), with what
/// its encoding needs to know about the request it answers.
struct DelayedAnswer {
    let response: HTTPResponse
    let isHead: Bool
    let keepAlive: Bool
    let version: HTTPVersion
    /// Monotonic milliseconds at which it is due.
    let due: Int64
}
