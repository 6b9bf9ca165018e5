/// Which loop serves a new connection whose packets arrive on a core whose own loop is
/// `preferred` (``HTTPServerConfiguration/ConnectionPlacement/incomingCPU``), as a pure
/// function of the loops' loads.
///
/// The core's own loop, until it serves ``shareSlack`` (or a quarter) connections more than
/// the least busy loop; then the least busy loop, for every new connection from that core,
/// until it has caught up. A single receiving core (one client thread, or a network card
/// with one queue) would otherwise put every connection on one loop.
///
/// The overflow goes in one block rather than alternately, so that consecutive connections
/// from one core, most likely one client thread's, stay together: when wrk's two threads
/// both started on one core, they connected one after the other, 16 each; taking turns after
/// the first 16 split the second thread's connections over both loops (10 of 10 such rounds
/// traced), while the block gave each thread a loop of its own (8 of 8).
///
/// Connections stay where they are placed. Moving them later to follow their client's core
/// was measured and made the tail worse: client threads move between cores while they start
/// (often all of a client's threads at once, trading cores), and connections that followed
/// them split the groups this placement makes.
struct PlacementRule {
    /// How many connections more than the least busy loop a core's own loop may serve before
    /// new connections from that core go elsewhere (or a quarter of the least busy loop's, if
    /// that is more). A client thread that opens its pool of up to 16 connections before its
    /// other threads connect keeps them on one loop: with 8, the first 16 connections of wrk's
    /// first thread were split 13/3 and the groups mixed; in interleaved 4 s rounds (2 cores
    /// shared with wrk, 2 threads, 32 connections) p99 stayed under 2 ms in 46 of 54 rounds
    /// with 16 against 36 of 54 with 8 (four series; one, in a noisy stretch, favoured 8).
    static let shareSlack = 16

    /// The decision for one connection.
    struct Decision: Equatable {
        /// The loop that serves the connection.
        var loop: Int
        /// Whether the preferred loop's new connections go elsewhere from now on.
        var overflowing: Bool
    }

    /// Places one connection.
    /// - Parameters:
    ///   - preferred: the loop of the core the connection's packets arrive on.
    ///   - loads: each loop's open connections, indexed by loop.
    ///   - overflowing: whether the preferred loop's new connections were going elsewhere.
    static func place(preferred: Int, loads: some Collection<Int>, overflowing: Bool) -> Decision {
        var preferredLoad = 0
        var (least, leastLoad) = (preferred, Int.max)
        for (loop, load) in loads.enumerated() {
            if loop == preferred {
                preferredLoad = load
            } else if load < leastLoad {
                (least, leastLoad) = (loop, load)
            }
        }
        // With a single loop, or a preferred loop no busier than the rest, nothing to share.
        if leastLoad == Int.max || preferredLoad <= leastLoad {
            return Decision(loop: preferred, overflowing: false)
        }
        if overflowing { return Decision(loop: least, overflowing: true) }
        if preferredLoad >= leastLoad + max(shareSlack, leastLoad / 4) {
            return Decision(loop: least, overflowing: true)
        }
        return Decision(loop: preferred, overflowing: false)
    }
}
