import Dispatch
import Foundation

/// Runs `body(i, rendezvous)` for `i` in `0..<count`, each on a thread of its own.
///
/// Every thread calls `rendezvous()` once (a thread that returns without calling it
/// counts as arrived): when all have arrived, `midway` runs on the calling thread
/// while they wait, then they go on. Returns when every thread has finished.
public func onSeparateThreads(_ count: Int, midway: () -> Void = {},
                       _ body: @escaping @Sendable (_ index: Int, _ rendezvous: () -> Void) -> Void) {
    let arrived = DispatchSemaphore(value: 0), released = DispatchSemaphore(value: 0), finished = DispatchGroup()
    for i in 0..<count {
        finished.enter()
        let thread = Thread {
            var waited = false
            let rendezvous = {
                guard !waited else { return }
                waited = true
                arrived.signal()
                released.wait()
            }
            body(i, rendezvous)
            rendezvous()
            finished.leave()
        }
        thread.start()
    }
    for _ in 0..<count { arrived.wait() }
    midway()
    for _ in 0..<count { released.signal() }
    finished.wait()
}
