import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Accepted sockets handed from the loop that accepted them to the loop that will serve them.
///
/// Whichever loop accepts, connections are dealt to the loops in turn, so each
/// loop serves the same number of them (the kernel's `SO_REUSEPORT` hashing, or
/// whichever loop wakes first on a shared listener, can leave one loop with twice
/// the connections of another). Only accepting touches the inbox's lock; requests never do.
final class ConnectionInbox: Sendable {
    /// The receiving loop's eventfd, written to wake it.
    let wakeFD: Int32
    private let sockets = Mutex<[Int32]>([])

    init(wakeFD: Int32) {
        self.wakeFD = wakeFD
    }

    /// Queues an accepted socket and wakes the receiving loop.
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
