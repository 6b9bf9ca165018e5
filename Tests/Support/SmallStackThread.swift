import Dispatch
import Foundation

/// The stack size of the server's event loop threads (`HTTPServer` gives each 1 MiB):
/// a handler that recursed too deep for it would crash the sandbox.
public let eventLoopStackSize = 1 << 20

/// Runs `body` on a new thread with a stack of `stackSize` bytes and returns when it
/// has finished: a test that must not run out of stack on the server's threads runs
/// its requests here (running out crashes the test process).
public func onThread<T: Sendable>(stackSize: Int = eventLoopStackSize, _ body: @escaping @Sendable () -> T) -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        box.value = body()
        done.signal()
    }
    thread.stackSize = stackSize
    thread.start()
    done.wait()
    return box.value!
}

/// Carries a result from the thread that computed it to the one that waited for it
/// (the semaphore orders the two accesses).
private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}
