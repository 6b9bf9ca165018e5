import CTenantMockEpoll
import TenantMockCore
#if canImport(Glibc)
import Glibc
#endif

/// One epoll event loop: accepts on its listener, reads, calls the handler and writes,
/// all on its own thread, with no lock on the hot path.
///
/// The loop makes the system calls; what they mean for each connection (parsing,
/// answering, closing, timeouts) is decided by its ``ConnectionStateMachine``, and which
/// loop serves a new connection by ``PlacementRule``.
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
    /// The `Date` of the answers of the current batch of events.
    private var date = ""
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

    private let timeouts: ConnectionStateMachine.Timeouts
    /// How often deadlines are checked.
    private let tick: Int64

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
        timeouts = ConnectionStateMachine.Timeouts(core.configuration)
        tick = min(250, max(5, min(timeouts.header, timeouts.idle, timeouts.linger) / 4))
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
            if let due = delayed.lazy.compactMap({ $0.machine.delayed?.due }).min() {
                let wait = Int32(clamping: max(0, due - Socket.monotonicMilliseconds()))
                timeout = timeout < 0 ? wait : min(timeout, wait)
            }
            let count = ctm_epoll_wait(epfd, events, Self.maxEvents, timeout)
            now = Socket.monotonicMilliseconds()
            date = dates.current()
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
        let ranks = core.cpuRanks
        let cpu = ranks.isEmpty ? -1 : Int(ctm_incoming_cpu(fd))
        guard cpu >= 0 && cpu < ranks.count && ranks[cpu] >= 0 else {
            return core.nextLoop.wrappingAdd(1, ordering: .relaxed).oldValue % inboxes.count
        }
        let preferred = ranks[cpu] % inboxes.count
        let inbox = inboxes[preferred]
        let decision = PlacementRule.place(
            preferred: preferred, loads: inboxes.lazy.map { $0.connectionCount.load(ordering: .relaxed) },
            overflowing: inbox.overflowing.load(ordering: .relaxed))
        inbox.overflowing.store(decision.overflowing, ordering: .relaxed)
        return decision.loop
    }

    /// Starts serving an accepted socket on this loop (or closes it if the loop is stopping).
    private func adopt(_ fd: Int32) {
        let interest = ConnectionStateMachine.Interest.read
        guard !draining, ctm_epoll_ctl(epfd, EpollOperation.add, fd, Self.epollEvents(interest)) == 0 else {
            Socket.close(fd)
            inboxes[index].connectionCount.wrappingSubtract(1, ordering: .relaxed)
            core.openConnections.wrappingSubtract(1, ordering: .relaxed)
            return
        }
        let machine = ConnectionStateMachine(limits: configuration.parserLimits, timeouts: timeouts, now: now)
        connections.insert(Connection(fd: fd, machine: machine, registered: interest))
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
        if connection.machine.isLingering {
            discardInput(connection)
            return
        }
        if events & CTM_EPOLLOUT != 0 {
            drive(connection)
            guard !connection.isClosed else { return }
        }
        if events & (CTM_EPOLLIN | CTM_EPOLLRDHUP | CTM_EPOLLHUP) != 0 && connection.registered.contains(.read) {
            switch Socket.receive(connection.fd, into: readBuffer) {
            case .bytes(let n):
                connection.machine.received(UnsafeRawBufferPointer(rebasing: readBuffer[0..<n]), now: now)
            case .wouldBlock:
                return
            case .endOfFile:
                connection.machine.receivedEndOfFile()
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
            serve(connection)
            if !connection.isClosed && !connection.awaitingWrite {
                connection.awaitingWrite = true
                awaitingWrite.append(connection)
                if awaitingWrite.count >= Self.maxDeferredWrites { writeDeferredAnswers() }
            }
            return
        }
        while true {
            serve(connection)
            let stalled = connection.machine.pendingOutput > ConnectionStateMachine.highWater
            guard !connection.isClosed, flush(connection) else { return }
            // Parsing stopped on the queued output, all of which is now written: carry on.
            if stalled && connection.machine.pendingOutput == 0 && connection.machine.state == .open { continue }
            break
        }
        guard let interest = connection.machine.settle(now: now, draining: draining) else {
            close(connection)
            return
        }
        setInterest(connection, interest)
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

    /// Hands the connection's buffered requests to the handler and queues the answers.
    private func serve(_ connection: Connection) {
        while let request = connection.machine.nextRequest(date: date) {
            let response = core.handler(request.request)
            // The stop may have been asked while the handler ran: then this is the last answer.
            let closing = draining || core.stopping.load(ordering: .relaxed)
            switch connection.machine.answer(response, to: request, closing: closing, now: now, date: date) {
            case .queued:
                continue
            case .delayed:
                delayed.append(connection)
                return
            case .reset:
                reset(connection)
                return
            }
        }
    }

    /// Drops a connection so that the client sees a reset (an injected fault): what earlier
    /// answers are still queued is offered to the socket once, then the socket is closed with
    /// `SO_LINGER` 0, which makes the kernel send RST instead of FIN.
    private func reset(_ connection: Connection) {
        if connection.machine.pendingOutput > 0 {
            _ = connection.machine.withPendingOutput { Socket.send(connection.fd, $0) }
        }
        Socket.setLingerZero(connection.fd)
        close(connection)
    }

    /// Sends the delayed answers whose time has come, then carries on with their connections.
    private func sendDueAnswers() {
        let current = Socket.monotonicMilliseconds()
        var due: [Connection] = []
        delayed.removeAll { connection in
            guard let answer = connection.machine.delayed, !connection.isClosed else { return true }
            if answer.due <= current {
                due.append(connection)
                return true
            }
            return false
        }
        for connection in due {
            let closing = draining || core.stopping.load(ordering: .relaxed)
            switch connection.machine.delayElapsed(closing: closing, now: now, date: date) {
            case .queued, .delayed: drive(connection)
            case .reset: reset(connection)
            }
        }
    }

    /// Writes queued output; returns `false` if the connection was closed (or now lingers).
    private func flush(_ connection: Connection) -> Bool {
        while connection.machine.pendingOutput > 0 {
            switch connection.machine.withPendingOutput({ Socket.send(connection.fd, $0) }) {
            case .bytes(let n):
                connection.machine.wrote(n, now: now)
            case .wouldBlock:
                return true
            case .endOfFile, .failed:
                close(connection)
                return false
            }
        }
        switch connection.machine.outputFlushed(now: now) {
        case .none, .write:
            return true
        case .close:
            close(connection)
            return false
        case .shutdownWriteAndLinger:
            _ = Glibc.shutdown(connection.fd, Int32(SHUT_WR))
            setInterest(connection, .read)
            // A failed interest change closes the connection, and its descriptor may already be reused.
            if !connection.isClosed { discardInput(connection) }
            return false
        }
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

    /// The epoll events of an interest.
    private static func epollEvents(_ interest: ConnectionStateMachine.Interest) -> UInt32 {
        (interest.contains(.read) ? CTM_EPOLLIN | CTM_EPOLLRDHUP : 0) | (interest.contains(.write) ? CTM_EPOLLOUT : 0)
    }

    private func setInterest(_ connection: Connection, _ wanted: ConnectionStateMachine.Interest) {
        guard wanted != connection.registered else { return }
        if ctm_epoll_ctl(epfd, EpollOperation.modify, connection.fd, Self.epollEvents(wanted)) == 0 {
            connection.registered = wanted
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
            switch connection.machine.tick(now: now, draining: draining, date: date) {
            case .none, .shutdownWriteAndLinger:
                break
            case .close:
                close(connection)
            case .write:
                if flush(connection) { setInterest(connection, connection.machine.interest) }
            }
        }
    }

    private func beginDraining() {
        draining = true
        for fd in inboxes[index].take() { adopt(fd) }
        drainDeadline = now + configuration.shutdownGracePeriod.milliseconds
        if listening { _ = ctm_epoll_ctl(epfd, EpollOperation.delete, listener, 0) }
        listening = false
        acceptPausedUntil = nil
        for connection in connections.all where connection.machine.closesWhenDrainBegins {
            close(connection)
        }
    }
}
