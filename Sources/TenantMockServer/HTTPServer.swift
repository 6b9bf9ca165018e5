import CTenantMockEpoll
import Dispatch
import Foundation
import Synchronization
import TenantMockCore
#if canImport(Glibc)
import Glibc
#endif

/// A small, fast HTTP/1.1 server for the sandbox: epoll event loops, one per core,
/// each calling a synchronous handler on its own thread.
///
/// ```swift
/// let server = HTTPServer(configuration: .init(host: "127.0.0.1", port: 0)) { request in
///     emulator.handle(request)
/// }
/// let port = try server.start()
/// // ...
/// server.shutdown()
/// server.waitUntilStopped()
/// ```
///
/// The handler must be fast (it runs on an event loop) and may be called from
/// several loops at once. Requests of one connection are answered in order.
/// The server answers protocol errors itself (400, 408, 413, 417, 431, 501, 505,
/// and 503 beyond ``HTTPServerConfiguration/maxConnections``) with a small JSON
/// body and closes that connection; it never stops serving others.
///
/// Two fields of an answer are instructions to the server (a tenant's injected
/// faults): ``HTTPResponse/delay`` holds the answer on the loop's timer while the
/// loop serves its other connections, and ``HTTPResponse/resetConnection`` closes
/// the connection with `SO_LINGER` 0 instead of answering, so the client sees a reset.
public final class HTTPServer: Sendable {
    /// The settings the server was created with.
    public let configuration: HTTPServerConfiguration
    let core: ServerCore
    private let group = DispatchGroup()

    /// Creates a server; nothing is bound until ``start()``.
    public init(configuration: HTTPServerConfiguration = HTTPServerConfiguration(),
                handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse) {
        self.configuration = configuration
        self.core = ServerCore(configuration: configuration, handler: handler)
    }

    /// Binds, starts the event loops and returns the bound port (the chosen one when
    /// the configured port is 0). Calling it again returns the same port.
    @discardableResult
    public func start() throws(SocketError) -> Int {
        try core.control.withLock { (control) throws(SocketError) -> Int in
            switch control.phase {
            case .running, .stopping, .stopped: return control.port
            case .idle: break
            }
            Socket.ignoreSIGPIPE()
            let config = configuration
            let loopCount = max(1, config.eventLoopCount)
            var created: [Int32] = []
            func cleanUp() { for fd in created { Socket.close(fd) } }

            var listeners: [Int32] = []
            do throws(SocketError) {
                switch config.acceptStrategy {
                case .reusePort:
                    // SO_REUSEPORT would let this server share a port another process listens on:
                    // a plain bind first reports EADDRINUSE as it should.
                    if config.port != 0 { try Socket.probeBind(host: config.host, port: config.port) }
                    let first = try Socket.listen(host: config.host, port: config.port, reusePort: true)
                    created.append(first)
                    listeners.append(first)
                    let port = Socket.localPort(first)
                    for _ in 1..<loopCount {
                        let fd = try Socket.listen(host: config.host, port: port, reusePort: true)
                        created.append(fd)
                        listeners.append(fd)
                    }
                case .sharedListener:
                    let fd = try Socket.listen(host: config.host, port: config.port, reusePort: false)
                    created.append(fd)
                    listeners = Array(repeating: fd, count: loopCount)
                }
            } catch {
                cleanUp()
                throw error
            }

            var loops: [(epfd: Int32, wake: Int32, listener: Int32)] = []
            for i in 0..<loopCount {
                let epfd = ctm_epoll_create()
                guard epfd >= 0 else { let e = errno; cleanUp(); throw SocketError(call: "epoll_create1", errno: e) }
                created.append(epfd)
                let wake = ctm_eventfd()
                guard wake >= 0 else { let e = errno; cleanUp(); throw SocketError(call: "eventfd", errno: e) }
                created.append(wake)
                let listenEvents = CTM_EPOLLIN | (config.acceptStrategy == .sharedListener ? CTM_EPOLLEXCLUSIVE : 0)
                guard ctm_epoll_ctl(epfd, EpollOperation.add, wake, CTM_EPOLLIN) == 0,
                      ctm_epoll_ctl(epfd, EpollOperation.add, listeners[i], listenEvents) == 0 else {
                    let e = errno
                    cleanUp()
                    throw SocketError(call: "epoll_ctl", errno: e)
                }
                loops.append((epfd, wake, listeners[i]))
            }

            control.phase = .running
            control.port = Socket.localPort(listeners[0])
            control.listeners = Array(Set(listeners))
            control.wakeFDs = loops.map(\.wake)
            control.runningLoops = loopCount
            let inboxes = loops.map { ConnectionInbox(wakeFD: $0.wake) }
            control.inboxes = inboxes
            let core = self.core
            for (index, loop) in loops.enumerated() {
                group.enter()
                let slice = config.loopTimeSlice.map { UInt64(clamping: max(0, $0.nanoseconds)) }
                let thread = Thread { [group] in
                    // The name `top -H` and /proc show (at most 15 bytes).
                    _ = ctm_name_thread("tm-loop-\(index)")
                    // Best effort: where the kernel has no custom slices the call fails or is ignored.
                    if let slice { _ = ctm_request_slice(slice) }
                    let eventLoop = EventLoop(core: core, index: index, inboxes: inboxes, epfd: loop.epfd,
                                              listener: loop.listener,
                                              exclusiveListener: config.acceptStrategy == .sharedListener)
                    eventLoop.run()
                    core.loopFinished()
                    group.leave()
                }
                thread.stackSize = 1 << 20
                thread.start()
            }
            return control.port
        }
    }

    /// The bound port, or `nil` before ``start()``.
    public var port: Int? {
        core.control.withLock { $0.port == 0 ? nil : $0.port }
    }

    /// The connection limit in force: ``HTTPServerConfiguration/maxConnections``, or less if
    /// the process may not open that many descriptors.
    public var maxConnections: Int { core.maxConnections }

    /// The number of connections open right now.
    public var openConnectionCount: Int { core.openConnections.load(ordering: .relaxed) }

    /// Stops gracefully and returns at once: new connections are refused, idle ones
    /// closed, requests in flight answered (with `Connection: close`) before their
    /// connections close. Whatever is still open after
    /// ``HTTPServerConfiguration/shutdownGracePeriod`` is closed.
    public func shutdown() {
        core.control.withLock { control in
            guard control.phase == .running else {
                if control.phase == .idle { control.phase = .stopped }
                return
            }
            control.phase = .stopping
            // Shutting a listening socket down makes the kernel refuse new connections at
            // once, even while a loop is busy in a handler; the loops close the sockets later.
            for fd in control.listeners { _ = Glibc.shutdown(fd, Int32(SHUT_RDWR)) }
            core.stopping.store(true, ordering: .releasing)
            var one: UInt64 = 1
            for fd in control.wakeFDs { _ = write(fd, &one, 8) }
        }
    }

    /// Blocks until every event loop has stopped (returns at once if the server never started).
    public func waitUntilStopped() {
        group.wait()
    }
}

/// What the loops share: settings, the handler, counters and the start/stop bookkeeping.
final class ServerCore: Sendable {
    enum Phase { case idle, running, stopping, stopped }

    struct Control {
        var phase: Phase = .idle
        var port = 0
        var listeners: [Int32] = []
        var wakeFDs: [Int32] = []
        var inboxes: [ConnectionInbox] = []
        var runningLoops = 0
    }

    let configuration: HTTPServerConfiguration
    let handler: @Sendable (HTTPRequest) -> HTTPResponse
    /// `maxConnections`, lowered if the process may not open that many descriptors, so
    /// that load beyond it is shed with a 503 rather than stalled by `EMFILE`.
    let maxConnections: Int
    let openConnections = Atomic<Int>(0)
    /// The loop the next accepted connection goes to (modulo the loop count) when placed in turn.
    let nextLoop = Atomic<Int>(0)
    /// For ``HTTPServerConfiguration/ConnectionPlacement/incomingCPU``: each CPU's rank among the
    /// CPUs the process may run on (-1 for the others), so that n loops share them out evenly.
    /// Empty when connections are placed in turn: by configuration, or when there are more
    /// loops than CPUs (or a single CPU).
    let cpuRanks: [Int]
    let stopping = Atomic<Bool>(false)
    let control = Mutex(Control())

    init(configuration: HTTPServerConfiguration, handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse) {
        self.configuration = configuration
        self.handler = handler
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 {
            // Keep room for the listeners, epoll sets, files and pipes of the rest of the process.
            let descriptors = Int(clamping: limit.rlim_cur)
            self.maxConnections = max(1, min(configuration.maxConnections, descriptors - 64))
        } else {
            self.maxConnections = configuration.maxConnections
        }
        var ranks: [Int] = []
        if configuration.connectionPlacement == .incomingCPU {
            var cpus = [Int32](repeating: -1, count: 1024)
            let count = Int(ctm_allowed_cpus(&cpus, Int32(cpus.count)))
            // More loops than cores: a core's loop would leave the others idle; deal in turn.
            if count > 1 && count >= configuration.eventLoopCount {
                ranks = Array(repeating: -1, count: Int(cpus[count - 1]) + 1)
                for (rank, cpu) in cpus[..<count].enumerated() { ranks[Int(cpu)] = rank }
            }
        }
        self.cpuRanks = ranks
    }

    /// Called by each loop as it ends; the last one closes the listeners and wake-up descriptors.
    func loopFinished() {
        control.withLock { control in
            control.runningLoops -= 1
            guard control.runningLoops == 0 else { return }
            // Sockets dealt to a loop that had already stopped.
            for inbox in control.inboxes {
                for fd in inbox.take() {
                    Socket.close(fd)
                    inbox.connectionCount.wrappingSubtract(1, ordering: .relaxed)
                    openConnections.wrappingSubtract(1, ordering: .relaxed)
                }
            }
            control.inboxes = []
            for fd in control.listeners { Socket.close(fd) }
            for fd in control.wakeFDs { Socket.close(fd) }
            control.listeners = []
            control.wakeFDs = []
            control.phase = .stopped
        }
    }
}

/// `epoll_ctl` operations.
enum EpollOperation {
    static let add: Int32 = 1
    static let delete: Int32 = 2
    static let modify: Int32 = 3
}
