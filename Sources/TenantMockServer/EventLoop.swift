import CTenantMockEpoll
import TenantMockCore
#if canImport(Glibc)
import Glibc
#endif

/// One epoll event loop: accepts on its listener, reads, parses, calls the handler
/// and writes, all on its own thread, with no lock on the hot path.
///
/// Created and run on its thread; never shared.
final class EventLoop {
    let core: ServerCore
    let configuration: HTTPServerConfiguration
    let index: Int
    let inboxes: [ConnectionInbox]
    let epfd: Int32
    let wakeFD: Int32
    let listener: Int32
    let exclusiveListener: Bool

    private var connections = ConnectionTable()
    private let readBuffer: UnsafeMutableRawBufferPointer
    private let events: UnsafeMutablePointer<ctm_epoll_event>
    private static let maxEvents: Int32 = 256
    private var dates = HTTPDateCache()
    private var now: Int64
    private var listening = true
    private var acceptPausedUntil: Int64?
    private var draining = false
    private var drainDeadline: Int64 = 0
    private var nextSweep: Int64 = 0
    /// Connections whose answer is delayed, in no particular order (few at a time).
    private var delayed: [Connection] = []
    /// While the ready events of one `epoll_wait` are read and answered, answers are queued
    /// rather than sent, and written once the batch is done (or this many connections wait).
    /// A client woken by its answer takes a core; on a machine where clients share the cores,
    /// waking them one by one in the middle of a batch had the loop preempted after nearly
    /// every answer (measured: 17k involuntary context switches per second per loop with two
    /// loops on two cores) and cost a quarter of the throughput.
    private var writesDeferred = false
    private var awaitingWrite: [Connection] = []
    private static let maxDeferredWrites = 64

    private let headerTimeout: Int64
    private let idleTimeout: Int64
    private let lingerTimeout: Int64
    /// How often deadlines are checked.
    private let tick: Int64
    /// Above this much queued output a connection stops reading until the client catches up.
    private static let highWater = 256 * 1024

    init(core: ServerCore, index: Int, inboxes: [ConnectionInbox], epfd: Int32, listener: Int32,
         exclusiveListener: Bool) {
        self.core = core
        self.configuration = core.configuration
        self.index = index
        self.inboxes = inboxes
        self.epfd = epfd
        self.wakeFD = inboxes[index].wakeFD
        self.listener = listener
        self.exclusiveListener = exclusiveListener
        self.readBuffer = .allocate(byteCount: 64 * 1024, alignment: 16)
        self.events = .allocate(capacity: Int(Self.maxEvents))
        self.now = Socket.monotonicMilliseconds()
        headerTimeout = configuration.headerReadTimeout.milliseconds
        idleTimeout = configuration.idleTimeout.milliseconds
        lingerTimeout = configuration.lingerTimeout.milliseconds
        tick = min(250, max(5, min(headerTimeout, idleTimeout, lingerTimeout) / 4))
    }

    deinit {
        readBuffer.deallocate()
        events.deallocate()
    }

    // MARK: The loop

    /// Runs until the server stops and every connection of this loop is closed.
    func run() {
        while true {
            var timeout: Int32 = connections.isEmpty && acceptPausedUntil == nil && !draining ? -1 : Int32(tick)
            if let due = delayed.lazy.compactMap({ $0.delayed?.due }).min() {
                let wait = Int32(clamping: max(0, due - Socket.monotonicMilliseconds()))
                timeout = timeout < 0 ? wait : min(timeout, wait)
            }
            let count = ctm_epoll_wait(epfd, events, Self.maxEvents, timeout)
            now = Socket.monotonicMilliseconds()
            if count < 0 && errno != EINTR { break }
            writesDeferred = true
            for i in 0..<max(0, Int(count)) {
                let event = events[i]
                if event.fd == wakeFD {
                    var value: UInt64 = 0
                    _ = read(wakeFD, &value, 8)
                    for fd in inboxes[index].take() { adopt(fd) }
                } else if event.fd == listener {
                    if listening { acceptConnections() }
                } else if let connection = connections[event.fd] {
                    handle(connection, events: event.events)
                }
            }
            writesDeferred = false
            writeDeferredAnswers()
            if !delayed.isEmpty { sendDueAnswers() }
            if !draining && core.stopping.load(ordering: .acquiring) { beginDraining() }
            if now >= nextSweep {
                nextSweep = now + tick
                sweep()
            }
            if draining && (connections.isEmpty || now >= drainDeadline) { break }
        }
        for connection in connections.all { close(connection) }
        if listening { _ = ctm_epoll_ctl(epfd, EpollOperation.delete, listener, 0) }
        Socket.close(epfd)
    }

    // MARK: Accepting

    private func acceptConnections() {
        // A bounded batch keeps one loop from taking every connection of a burst.
        for _ in 0..<(exclusiveListener ? 4 : 64) {
            guard let fd = Socket.accept(listener) else {
                switch errno {
                case ECONNABORTED, EPROTO, EPERM:
                    continue
                case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                    // Out of descriptors or memory: stop accepting for a moment instead of spinning.
                    _ = ctm_epoll_ctl(epfd, EpollOperation.delete, listener, 0)
                    listening = false
                    acceptPausedUntil = now + 100
                    return
                default:
                    return
                }
            }
            let open = core.openConnections.wrappingAdd(1, ordering: .relaxed).newValue
            if open > core.maxConnections {
                shed(fd)
                continue
            }
            Socket.setOption(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
            let target = inboxes.count == 1 ? index : placement(of: fd)
            inboxes[target].connectionCount.wrappingAdd(1, ordering: .relaxed)
            if target == index {
                adopt(fd)
            } else {
                inboxes[target].deliver(fd)
            }
        }
    }

    /// The loop that serves a new connection (see ``HTTPServerConfiguration/ConnectionPlacement``).
    private func placement(of fd: Int32) -> Int {
        if let cpu = incomingCPU(of: fd) { return loop(forCPU: cpu) }
        return core.nextLoop.wrappingAdd(1, ordering: .relaxed).oldValue % inboxes.count
    }

    /// The core that received the socket's latest packets (for a new connection, the core of
    /// the client thread that connected, on loopback), when connections are placed by it.
    private func incomingCPU(of fd: Int32) -> Int? {
        let ranks = core.cpuRanks
        guard !ranks.isEmpty else { return nil }
        let cpu = Int(ctm_incoming_cpu(fd))
        return cpu >= 0 && cpu < ranks.count && ranks[cpu] >= 0 ? cpu : nil
    }

    /// How many connections more than the least busy loop a core's own loop may serve before
    /// new connections from that core go elsewhere (or a quarter of the least busy loop's, if
    /// that is more). A client thread that opens its pool of up to 16 connections before its
    /// other threads connect keeps them on one loop: with 8, the first 16 connections of wrk's
    /// first thread were split 13/3 and the groups mixed; in interleaved 4 s rounds (2 cores
    /// shared with wrk, 2 threads, 32 connections) p99 stayed under 2 ms in 46 of 54 rounds
    /// with 16 against 36 of 54 with 8 (four series; one, in a noisy stretch, favoured 8).
    static let shareSlack = 16

    /// The loop for a new connection whose packets arrive on `cpu`: the core's own loop until it
    /// serves ``shareSlack`` (or a quarter) connections more than the least busy loop; then the
    /// least busy loop, for every new connection from that core, until it has caught up. A
    /// single receiving core (one client thread, or a network card with one queue) would
    /// otherwise put every connection on one loop.
    ///
    /// The overflow goes in one block rather than alternately, so that consecutive connections
    /// from one core, most likely one client thread's, stay together: when wrk's two threads
    /// both started on one core, they connected one after the other, 16 each; taking turns after
    /// the first 16 split the second thread's connections over both loops (10 of 10 such rounds
    /// traced), while the block gave each thread a loop of its own (8 of 8).
    ///
    /// Connections stay where they are placed. Moving them later to follow their client's core
    /// was measured and made the tail worse: client threads move between cores while they start
    /// (often all of a client's threads at once, trading cores), and connections that followed
    /// them split the groups this placement makes.
    private func loop(forCPU cpu: Int) -> Int {
        let preferred = core.cpuRanks[cpu] % inboxes.count
        let preferredLoad = inboxes[preferred].connectionCount.load(ordering: .relaxed)
        var (least, leastLoad) = (preferred, preferredLoad)
        for (loop, inbox) in inboxes.enumerated() where loop != preferred {
            let count = inbox.connectionCount.load(ordering: .relaxed)
            if count < leastLoad { (least, leastLoad) = (loop, count) }
        }
        let inbox = inboxes[preferred]
        if inbox.overflowing.load(ordering: .relaxed) {
            if leastLoad < preferredLoad { return least }
            inbox.overflowing.store(false, ordering: .relaxed)
            return preferred
        }
        if preferredLoad >= leastLoad + max(Self.shareSlack, leastLoad / 4) {
            inbox.overflowing.store(true, ordering: .relaxed)
            return least
        }
        return preferred
    }

    /// Starts serving an accepted socket on this loop (or closes it if the loop is stopping).
    private func adopt(_ fd: Int32) {
        let interest = CTM_EPOLLIN | CTM_EPOLLRDHUP
        guard !draining, ctm_epoll_ctl(epfd, EpollOperation.add, fd, interest) == 0 else {
            Socket.close(fd)
            inboxes[index].connectionCount.wrappingSubtract(1, ordering: .relaxed)
            core.openConnections.wrappingSubtract(1, ordering: .relaxed)
            return
        }
        connections.insert(Connection(fd: fd, limits: configuration.parserLimits, now: now, interest: interest))
    }

    /// Refuses a connection beyond the limit: a best-effort 503, then close.
    private func shed(_ fd: Int32) {
        var bytes: [UInt8] = []
        let response = HTTPResponseEncoder.errorResponse(
            status: 503, code: "service_unavailable",
            message: "The server has \(core.maxConnections) connections open; try again shortly.")
        HTTPResponseEncoder.encode(response, isHead: false, persistence: .close, date: dates.current(), into: &bytes)
        _ = bytes.withUnsafeBytes { Socket.send(fd, $0) }
        _ = Glibc.shutdown(fd, Int32(SHUT_WR))
        _ = Socket.receive(fd, into: readBuffer)
        Socket.close(fd)
        core.openConnections.wrappingSubtract(1, ordering: .relaxed)
    }

    // MARK: Connection events

    private func handle(_ connection: Connection, events: UInt32) {
        if events & CTM_EPOLLERR != 0 {
            close(connection)
            return
        }
        if case .lingering = connection.state {
            discardInput(connection)
            return
        }
        if events & CTM_EPOLLOUT != 0 {
            drive(connection)
            guard connections[connection.fd] === connection else { return }
        }
        if events & (CTM_EPOLLIN | CTM_EPOLLRDHUP | CTM_EPOLLHUP) != 0 && connection.interest & CTM_EPOLLIN != 0 {
            switch Socket.receive(connection.fd, into: readBuffer) {
            case .bytes(let n):
                connection.parser.feed(UnsafeRawBufferPointer(rebasing: readBuffer[0..<n]))
                connection.lastActivity = now
            case .wouldBlock:
                return
            case .endOfFile:
                connection.peerClosed = true
            case .failed:
                close(connection)
                return
            }
            drive(connection)
        } else if events & CTM_EPOLLHUP != 0 {
            close(connection)
        }
    }

    /// Answers what can be answered, writes what can be written, then settles the epoll interest.
    /// While a batch of events is being handled, only answers; the writing comes after the batch.
    private func drive(_ connection: Connection) {
        if writesDeferred {
            _ = serve(connection)
            if !connection.isClosed && !connection.awaitingWrite {
                connection.awaitingWrite = true
                awaitingWrite.append(connection)
                if awaitingWrite.count >= Self.maxDeferredWrites { writeDeferredAnswers() }
            }
            return
        }
        while true {
            let stalled = serve(connection)
            guard !connection.isClosed, flush(connection) else { return }
            if stalled && connection.pendingOutput == 0 && connection.state == .open { continue }
            break
        }
        if connection.state == .open && connection.pendingOutput == 0 {
            let phase = connection.parser.phase
            if phase == .head {
                if connection.headStartedAt == nil { connection.headStartedAt = now }
            } else {
                connection.headStartedAt = nil
            }
            if draining && connection.parser.awaitsRequest && connection.delayed == nil {
                close(connection)
                return
            }
        }
        updateInterest(connection)
    }

    /// Writes the answers queued while a batch of events was handled, and carries on with
    /// each of those connections as ``drive(_:)`` does.
    private func writeDeferredAnswers() {
        guard !awaitingWrite.isEmpty else { return }
        let deferring = writesDeferred
        writesDeferred = false
        for connection in awaitingWrite {
            connection.awaitingWrite = false
            if !connection.isClosed { drive(connection) }
        }
        awaitingWrite.removeAll(keepingCapacity: true)
        writesDeferred = deferring
    }

    /// Parses and answers buffered requests; returns `true` if it stopped because too much output is queued.
    private func serve(_ connection: Connection) -> Bool {
        while connection.state == .open && connection.delayed == nil {
            if connection.pendingOutput > Self.highWater { return true }
            guard let event = connection.parser.next() else { break }
            switch event {
            case .continueExpected:
                connection.output.append(contentsOf: HTTPResponseEncoder.continueResponse)
            case .request(let parsed):
                connection.served += 1
                // That head is complete; the next one's time starts when its first bytes are seen.
                connection.headStartedAt = nil
                let response = core.handler(parsed.request)
                let isHead = parsed.request.method == "HEAD"
                if response.delay > 0 {
                    // Injected latency: the answer waits on this loop's timer, never by sleeping,
                    // so the loop keeps serving its other connections meanwhile.
                    let due = now + max(1, Int64((response.delay * 1000).rounded(.up)))
                    connection.delayed = DelayedAnswer(response: response, isHead: isHead, keepAlive: parsed.keepAlive,
                                                       version: parsed.version, due: due)
                    delayed.append(connection)
                    return false
                }
                guard answer(connection, response, isHead: isHead, keepAlive: parsed.keepAlive, version: parsed.version) else {
                    return false
                }
            case .failure(let error):
                respondWithError(connection, HTTPResponseEncoder.errorResponse(error))
            }
        }
        if connection.state == .open && connection.delayed == nil && connection.peerClosed {
            // Nothing more will arrive: whatever is left is a truncated request, dropped.
            connection.state = .closingAfterWrite(linger: false)
        }
        return false
    }

    /// Queues the handler's answer to a request, or resets the connection if the answer
    /// says so; returns `false` if the connection was reset (and is closed).
    private func answer(_ connection: Connection, _ response: HTTPResponse, isHead: Bool, keepAlive: Bool,
                        version: HTTPVersion) -> Bool {
        if response.resetConnection {
            reset(connection)
            return false
        }
        // The stop may have been asked while the handler ran: then this is the last answer.
        let close = !keepAlive || draining || core.stopping.load(ordering: .relaxed)
        let persistence: HTTPResponseEncoder.Persistence =
            close ? .close : (version == .http10 ? .keepAliveRequested : .keepAliveByDefault)
        HTTPResponseEncoder.encode(response, isHead: isHead, persistence: persistence, date: dates.current(),
                                   into: &connection.output)
        if close { connection.state = .closingAfterWrite(linger: connection.parser.hasBufferedBytes) }
        return true
    }

    /// Drops a connection so that the client sees a reset (an injected fault): what earlier
    /// answers are still queued is offered to the socket once, then the socket is closed with
    /// `SO_LINGER` 0, which makes the kernel send RST instead of FIN.
    private func reset(_ connection: Connection) {
        if connection.pendingOutput > 0 {
            _ = connection.output.withUnsafeBytes { raw in
                Socket.send(connection.fd, UnsafeRawBufferPointer(rebasing: raw[connection.outputOffset...]))
            }
        }
        Socket.setLingerZero(connection.fd)
        close(connection)
    }

    /// Sends the delayed answers whose time has come, then carries on with their connections.
    private func sendDueAnswers() {
        let current = Socket.monotonicMilliseconds()
        var due: [Connection] = []
        delayed.removeAll { connection in
            guard let answer = connection.delayed, !connection.isClosed else { return true }
            if answer.due <= current {
                due.append(connection)
                return true
            }
            return false
        }
        for connection in due {
            guard let delayedAnswer = connection.delayed else { continue }
            connection.delayed = nil
            connection.lastActivity = now
            guard answer(connection, delayedAnswer.response, isHead: delayedAnswer.isHead,
                         keepAlive: delayedAnswer.keepAlive, version: delayedAnswer.version) else { continue }
            drive(connection)
        }
    }

    /// Queues a server error answer and marks the connection for closing.
    private func respondWithError(_ connection: Connection, _ response: HTTPResponse) {
        HTTPResponseEncoder.encode(response, isHead: false, persistence: .close, date: dates.current(),
                                   into: &connection.output)
        connection.state = .closingAfterWrite(linger: !connection.peerClosed)
    }

    /// Writes queued output; returns `false` if the connection was closed.
    private func flush(_ connection: Connection) -> Bool {
        while connection.outputOffset < connection.output.count {
            let result = connection.output.withUnsafeBytes { raw in
                Socket.send(connection.fd, UnsafeRawBufferPointer(rebasing: raw[connection.outputOffset...]))
            }
            switch result {
            case .bytes(let n):
                connection.outputOffset += n
                connection.lastActivity = now
            case .wouldBlock:
                return true
            case .endOfFile, .failed:
                close(connection)
                return false
            }
        }
        connection.output.removeAll(keepingCapacity: connection.output.capacity <= 16 * 1024)
        connection.outputOffset = 0
        if case .closingAfterWrite(let linger) = connection.state {
            if linger {
                startLingering(connection)
            } else {
                close(connection)
            }
            return false
        }
        return true
    }

    private func startLingering(_ connection: Connection) {
        _ = Glibc.shutdown(connection.fd, Int32(SHUT_WR))
        connection.state = .lingering(since: now)
        setInterest(connection, CTM_EPOLLIN | CTM_EPOLLRDHUP)
        // A failed interest change closes the connection, and its descriptor may already be reused.
        if !connection.isClosed { discardInput(connection) }
    }

    /// Reads and drops what a lingering connection sends; closes at its end of file.
    private func discardInput(_ connection: Connection) {
        for _ in 0..<16 {
            switch Socket.receive(connection.fd, into: readBuffer) {
            case .bytes: continue
            case .wouldBlock: return
            case .endOfFile, .failed:
                close(connection)
                return
            }
        }
    }

    private func updateInterest(_ connection: Connection) {
        var wanted: UInt32 = 0
        if connection.pendingOutput > 0 { wanted |= CTM_EPOLLOUT }
        if connection.state == .open && !connection.peerClosed && connection.delayed == nil
            && connection.pendingOutput <= Self.highWater {
            wanted |= CTM_EPOLLIN | CTM_EPOLLRDHUP
        }
        setInterest(connection, wanted)
    }

    private func setInterest(_ connection: Connection, _ wanted: UInt32) {
        guard wanted != connection.interest else { return }
        if ctm_epoll_ctl(epfd, EpollOperation.modify, connection.fd, wanted) == 0 {
            connection.interest = wanted
        } else {
            close(connection)
        }
    }

    private func close(_ connection: Connection) {
        guard connections.remove(connection.fd) else { return }
        connection.isClosed = true
        // Closing the only descriptor of the socket also removes it from the epoll set.
        Socket.close(connection.fd)
        inboxes[index].connectionCount.wrappingSubtract(1, ordering: .relaxed)
        core.openConnections.wrappingSubtract(1, ordering: .relaxed)
    }

    // MARK: Deadlines and shutdown

    /// Enforces every deadline; runs every `tick` milliseconds.
    private func sweep() {
        if let until = acceptPausedUntil, now >= until, !draining {
            acceptPausedUntil = nil
            let events = CTM_EPOLLIN | (exclusiveListener ? CTM_EPOLLEXCLUSIVE : 0)
            if ctm_epoll_ctl(epfd, EpollOperation.add, listener, events) == 0 { listening = true }
        }
        for connection in connections.all {
            switch connection.state {
            case .lingering(let since):
                if now - since >= lingerTimeout { close(connection) }
            case .closingAfterWrite:
                if now - connection.lastActivity >= idleTimeout { close(connection) }
            case .open:
                // Waiting for its own delayed answer, not for the client.
                if connection.delayed != nil { continue }
                if connection.pendingOutput > 0 {
                    // A client that stopped reading.
                    if now - connection.lastActivity >= idleTimeout { close(connection) }
                    continue
                }
                // `headStartedAt` is set while a head is arriving (empty lines alone included), else nil.
                let started = connection.headStartedAt ?? connection.lastActivity
                if connection.parser.awaitsRequest {
                    // Nothing asked: closed without an answer. Empty lines alone count as nothing,
                    // timed from the first of them so that more of them do not keep it open.
                    let limit = connection.served == 0 ? headerTimeout : idleTimeout
                    if draining || now - started >= limit { close(connection) }
                } else if connection.parser.phase == .head {
                    if now - started >= headerTimeout {
                        timeOut(connection, "The request head was not received within the time allowed.")
                    }
                } else if now - connection.lastActivity >= idleTimeout {
                    timeOut(connection, "The request body stalled.")
                }
            }
        }
    }

    private func timeOut(_ connection: Connection, _ message: String) {
        respondWithError(connection, HTTPResponseEncoder.errorResponse(status: 408, code: "request_timeout", message: message))
        if flush(connection) { updateInterest(connection) }
    }

    private func beginDraining() {
        draining = true
        for fd in inboxes[index].take() { adopt(fd) }
        drainDeadline = now + configuration.shutdownGracePeriod.milliseconds
        if listening { _ = ctm_epoll_ctl(epfd, EpollOperation.delete, listener, 0) }
        listening = false
        acceptPausedUntil = nil
        for connection in connections.all {
            switch connection.state {
            case .lingering:
                // Its answer was sent long enough ago; nothing is in flight.
                close(connection)
            case .open where connection.pendingOutput == 0 && connection.delayed == nil && connection.parser.awaitsRequest:
                close(connection)
            default:
                break
            }
        }
    }
}
