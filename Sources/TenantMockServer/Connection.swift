import TenantMockCore

/// One client connection, owned by the event loop that accepted it: its socket, what
/// the loop registered for it with epoll, and its ``ConnectionStateMachine``.
///
/// Not thread-safe: only its loop's thread touches it.
final class Connection {
    let fd: Int32
    var machine: ConnectionStateMachine
    /// The interest currently registered with epoll.
    var registered: ConnectionStateMachine.Interest
    /// Set once the loop has closed the socket (timers may still hold the connection).
    var isClosed = false
    /// Queued for writing at the end of the loop's current batch of events.
    var awaitingWrite = false

    init(fd: Int32, machine: ConnectionStateMachine, registered: ConnectionStateMachine.Interest) {
        self.fd = fd
        self.machine = machine
        self.registered = registered
    }
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
