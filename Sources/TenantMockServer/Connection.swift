import TenantMockCore

/// One client connection, owned by the event loop that accepted it.
///
/// Not thread-safe: only its loop's thread touches it.
final class Connection {
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

    let fd: Int32
    var parser: HTTPRequestParser
    var state: State = .open
    /// Bytes waiting to be sent, from `outputOffset` on.
    var output: [UInt8] = []
    var outputOffset = 0
    /// The client shut its write side (read returned end of file).
    var peerClosed = false
    /// The epoll events currently registered.
    var interest: UInt32
    let acceptedAt: Int64
    /// The last time bytes moved either way.
    var lastActivity: Int64
    /// When the head being received began, if one is.
    var headStartedAt: Int64?
    /// Requests answered so far.
    var served = 0
    /// An answer held back by an injected latency; nothing more is read or parsed until it is sent.
    var delayed: DelayedAnswer?
    /// Set once the loop has closed the socket (timers may still hold the connection).
    var isClosed = false
    /// Queued for writing at the end of the loop's current batch of events.
    var awaitingWrite = false

    init(fd: Int32, limits: HTTPRequestParser.Limits, now: Int64, interest: UInt32) {
        self.fd = fd
        self.parser = HTTPRequestParser(limits: limits)
        self.interest = interest
        self.acceptedAt = now
        self.lastActivity = now
    }

    /// Bytes queued and not yet sent.
    var pendingOutput: Int { output.count - outputOffset }
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

/// A loop's connections, indexed by file descriptor (descriptors are small integers).
struct ConnectionTable {
    private var slots: [Connection?] = []
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    subscript(fd: Int32) -> Connection? {
        let i = Int(fd)
        return i >= 0 && i < slots.count ? slots[i] : nil
    }

    mutating func insert(_ connection: Connection) {
        let i = Int(connection.fd)
        if i >= slots.count { slots.append(contentsOf: repeatElement(nil, count: max(i + 1 - slots.count, slots.count))) }
        if slots[i] == nil { count += 1 }
        slots[i] = connection
    }

    /// Removes the connection of `fd`; `false` if there was none.
    mutating func remove(_ fd: Int32) -> Bool {
        let i = Int(fd)
        guard i >= 0, i < slots.count, slots[i] != nil else { return false }
        slots[i] = nil
        count -= 1
        return true
    }

    /// Every connection, as a snapshot (safe to close connections while iterating it).
    var all: [Connection] { slots.compactMap { $0 } }
}
