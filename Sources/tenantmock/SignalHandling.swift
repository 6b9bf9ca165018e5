import Dispatch
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Runs a closure when the process receives SIGINT or SIGTERM, instead of dying.
///
/// The signals' default actions are disabled and the closure runs on a
/// dispatch queue. Keep the value alive for as long as the handling should last.
final class TerminationSignals {
    private let sources: [any DispatchSourceSignal]

    init(_ action: @escaping @Sendable (Int32) -> Void) {
        let queue = DispatchQueue(label: "tenantmock.signals")
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            _ = signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { action(number) }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    deinit {
        for source in sources { source.cancel() }
    }
}
