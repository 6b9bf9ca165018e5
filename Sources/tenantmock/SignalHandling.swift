import Foundation
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// SIGINT and SIGTERM turned into a call, with no window in which one is lost.
///
/// `block()` blocks both signals in the calling thread and in every thread it
/// creates afterwards, so a signal sent at any moment stays pending; a thread of
/// its own then takes them with `sigwait` and calls the action for the first one.
/// A second signal ends the process at once with status 1.
enum TerminationSignals {
    /// Blocks SIGINT and SIGTERM; call it before any other thread is started.
    static func block() {
        var set = signals
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Runs `action` on a dedicated thread when SIGINT or SIGTERM arrives.
    static func handle(_ action: @escaping @Sendable (Int32) -> Void) {
        Thread.detachNewThread {
            var set = signals
            var received: Int32 = 0
            var count = 0
            while true {
                guard sigwait(&set, &received) == 0 else { continue }
                count += 1
                if count > 1 { exit(1) }
                action(received)
            }
        }
    }

    private static var signals: sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        return set
    }
}
