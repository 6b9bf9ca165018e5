import Foundation
import Synchronization
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Runs a closure when the process receives SIGINT or SIGTERM, instead of dying.
///
/// Create it before any other thread starts: it blocks both signals in the
/// calling thread, every thread started afterwards inherits that mask, and one
/// thread of its own takes them with `sigwait`. (Ignoring the signals and
/// watching them with a dispatch source loses them: the kernel discards an
/// ignored signal that some thread does not block.)
final class TerminationSignals: Sendable {
    init(_ action: @escaping @Sendable (Int32) -> Void) {
        var blocked = Self.signalSet()
        pthread_sigmask(SIG_BLOCK, &blocked, nil)
        let waiter = Thread {
            var set = TerminationSignals.signalSet()
            while true {
                var number: Int32 = 0
                if sigwait(&set, &number) == 0 { action(number) }
            }
        }
        waiter.name = "tenantmock.signals"
        waiter.start()
    }

    static func signalSet() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        return set
    }
}

/// A shutdown asked for by a signal, possibly before there is a server to stop.
final class ShutdownRequest: Sendable {
    private let state = Mutex<(fired: Bool, action: (@Sendable () -> Void)?)>((false, nil))

    /// Runs `action` now if a signal already came, else when one comes.
    func setAction(_ action: @escaping @Sendable () -> Void) {
        let runNow = state.withLock { s -> Bool in
            s.action = action
            return s.fired
        }
        if runNow { action() }
    }

    func fire() {
        let action = state.withLock { s -> (@Sendable () -> Void)? in
            s.fired = true
            return s.action
        }
        action?()
    }
}
