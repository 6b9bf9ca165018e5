import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Accepted sockets handed from the loop that accepted them to the loop that will serve them,
/// and the count of connections that loop serves.
///
/// Whichever loop accepts, the server chooses the loop that serves a connection (see
/// ``HTTPServerConfiguration/ConnectionPlacement``): the kernel's `SO_REUSEPORT` hashing, or
/// whichever loop wakes first on a shared listener, knows neither the clients nor the loads.
/// Only accepting and closing touch the inbox; requests never do.
final class ConnectionInbox: Sendable {
    /// The receiving loop's eventfd, written to wake it.
    let wakeFD: Int32
    /// Connections placed on the receiving loop and not yet closed.
    let connectionCount = Atomic<Int>(0)
    /// Set while new connections from the receiving loop's cores go to the least busy loop
    /// instead, until that one has caught up (see ``HTTPServerConfiguration/ConnectionPlacement``).
    let overflowing = Atomic<Bool>(false)
    private let sockets = Mutex<[Int32]>([])

    init(wakeFD: Int32) {
        self.wakeFD = wakeFD
    }

    /// Queues a socket and wakes the receiving loop.
    func deliver(_ fd: Int32) {
        sockets.withLock { $0.append(fd) }
        var one: UInt64 = 1
        _ = write(wakeFD, &one, 8)
    }

    /// Takes every queued socket.
    func take() -> [Int32] {
        sockets.withLock { queued in
            defer { queued = [] }
            return queued
        }
    }
}
