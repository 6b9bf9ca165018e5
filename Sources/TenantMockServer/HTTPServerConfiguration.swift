#if canImport(Glibc)
import Glibc
#endif

/// How an ``HTTPServer`` listens, what it accepts, and how long it waits.
public struct HTTPServerConfiguration: Sendable {
    /// How the event loops share incoming connections.
    public enum AcceptStrategy: Sendable, Equatable {
        /// One listening socket per loop bound with `SO_REUSEPORT`: the kernel spreads
        /// connections over the loops and no two loops ever contend on accept.
        case reusePort
        /// One listening socket watched by every loop with `EPOLLEXCLUSIVE`.
        case sharedListener
    }

    /// Which loop serves an accepted connection.
    public enum ConnectionPlacement: Sendable, Equatable {
        /// The loops take turns.
        case roundRobin
        /// Connections whose packets arrived on the same core go to the same loop
        /// (`SO_INCOMING_CPU`; on loopback, the core of the client thread that connected),
        /// until that loop serves 16 (or a quarter) more than the least busy loop; then the
        /// least busy loop takes that core's new connections until it has caught up. With
        /// more loops than cores the process may use, connections are placed as by
        /// ``roundRobin``.
        ///
        /// A client thread's connections then wait on one loop rather than on all of them,
        /// and each loop trades turns with the clients it serves instead of every loop
        /// waking every client. Measured on 2 cores shared with wrk (2 threads, 32
        /// connections; medians of 3 rounds, five runs), against ``roundRobin`` in the
        /// same runs: p99 0.86–2.30 ms instead of 2.51–2.88 ms, at 60–76k instead of
        /// 56–67k requests per second, with an earlier share rule (8, in turns); with the rule
        /// above, in three runs on a busier host: 1.09–2.18 ms instead of 2.70–3.21 ms, at
        /// 59–63k instead of 49–56k.
        case incomingCPU
    }

    /// The address to bind: an IPv4 or IPv6 literal, or `localhost`.
    public var host: String = "127.0.0.1"
    /// The port to bind; 0 lets the system choose (``HTTPServer/start()`` returns it).
    public var port: Int = 8080
    /// The most bytes the request line and header fields may take (else 431).
    public var maxHeaderBytes: Int = 16 * 1024
    /// The largest request body (else 413, answered before the body is read).
    public var maxBodyBytes: Int = 1024 * 1024
    /// The most header fields in one request (else 431).
    public var maxHeaderCount: Int = 256
    /// How long a client may take to send a request head once it started (else 408 and close),
    /// and how long a new connection may stay silent (else closed).
    public var headerReadTimeout: Duration = .seconds(10)
    /// How long a keep-alive connection may stay idle between requests, and how long a body
    /// or a slow reader may stall, before the connection is closed.
    public var idleTimeout: Duration = .seconds(60)
    /// How long to keep reading (and discarding) after an error answer, so the client
    /// receives the answer rather than a reset.
    public var lingerTimeout: Duration = .seconds(2)
    /// How long ``HTTPServer/shutdown()`` lets in-flight requests finish before closing them.
    public var shutdownGracePeriod: Duration = .seconds(10)
    /// The most open connections; beyond it a new connection gets a quick 503 and is closed.
    /// Lowered to the process's descriptor limit (`RLIMIT_NOFILE`) less 64 when that is smaller.
    public var maxConnections: Int = 4096
    /// The number of event loops (threads); by default one per online core.
    public var eventLoopCount: Int = HTTPServerConfiguration.onlineCores
    /// How connections are spread over the loops.
    public var acceptStrategy: AcceptStrategy = .reusePort
    /// Which loop serves an accepted connection.
    public var connectionPlacement: ConnectionPlacement = .incomingCPU
    /// The time slice each loop thread asks the scheduler for, or `nil` for the system's.
    ///
    /// On Linux 6.12 and later (EEVDF custom slices) a short slice brings a loop back sooner
    /// after a client thread on the same cores took its core, which shortens the tail of the
    /// latencies; older kernels ignore it. Measured on 2 cores shared with wrk: p99 2.9 ms
    /// with the system's slice, 1.9–2.4 ms with 100 µs, at the same throughput.
    public var loopTimeSlice: Duration? = .microseconds(100)

    public init() {}

    /// A configuration listening on `host`:`port`, everything else by default.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// The parser limits these settings imply.
    public var parserLimits: HTTPRequestParser.Limits {
        HTTPRequestParser.Limits(maxHeaderBytes: maxHeaderBytes, maxBodyBytes: maxBodyBytes,
                                 maxHeaderCount: maxHeaderCount)
    }

    /// The number of online cores (at least 1).
    public static var onlineCores: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}

extension Duration {
    /// The duration in whole nanoseconds.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    /// The duration in whole milliseconds (at least 1 for a positive duration).
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        let ms = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return ms == 0 && attoseconds > 0 ? 1 : ms
    }
}
