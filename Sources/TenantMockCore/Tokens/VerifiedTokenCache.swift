import Synchronization

/// A bounded memory of tokens whose signature already verified, so the hot
/// path does not hash the same token on every request.
///
/// Entries are keyed by the token text and remember the key they verified
/// under: a lookup with another key misses, so tenants with different secrets
/// never see each other's entries. Only the signature is remembered; time-based
/// checks (expiry) stay with the caller. When full, the oldest entry goes first.
public final class VerifiedTokenCache: Sendable {
    struct Entry {
        var key: [UInt8]
        var verified: HS256JWT.Verified
    }

    struct Storage {
        var entries: [String: Entry] = [:]
        var order: [String] = []
        var head = 0
    }

    /// The most entries kept.
    public let capacity: Int
    private let storage = Mutex(Storage())

    /// A cache holding at most `capacity` tokens.
    public init(capacity: Int = 4096) {
        precondition(capacity > 0, "a cache holds at least one token")
        self.capacity = capacity
    }

    /// The number of tokens held.
    public var count: Int { storage.withLock { $0.entries.count } }

    /// The verified parts of `token` under `key`, from the cache or by verifying it
    /// (and remembering a success). Failures are not remembered.
    public func verify(_ token: String, key: [UInt8]) throws(HS256JWT.Failure) -> HS256JWT.Verified {
        if let hit = storage.withLock({ s -> HS256JWT.Verified? in
            guard let entry = s.entries[token], entry.key == key else { return nil }
            return entry.verified
        }) {
            return hit
        }
        let verified = try HS256JWT.verify(token, key: key)
        storage.withLock { s in
            if s.entries.updateValue(Entry(key: key, verified: verified), forKey: token) != nil { return }
            s.order.append(token)
            // `order` may name a token twice (evicted, then verified again): evict until within bounds.
            while s.entries.count > capacity {
                s.entries[s.order[s.head]] = nil
                s.head += 1
            }
            if s.head >= capacity {
                s.order.removeFirst(s.head)
                s.head = 0
            }
        }
        return verified
    }
}
