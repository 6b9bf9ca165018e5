import Synchronization

/// A bounded memory of tokens whose signature already verified, so the hot
/// path neither hashes the same token again nor re-reads its claims.
///
/// Each entry keeps what the caller derived from the verified token (`Value`:
/// the verified parts themselves, or a digest of the claims the caller needs)
/// and the key it verified under: a lookup with another key misses, so tenants
/// with different secrets never see each other's entries. Entries are found by
/// the token's signature segment and confirmed against the whole token, so a
/// token that reuses a cached signature with other contents is verified afresh
/// (and refused). Only what the signature proves is kept; time-based checks
/// (expiry) stay with the caller. When full, the oldest entry goes first.
public final class VerifiedTokenCache<Value: Sendable>: Sendable {
    @usableFromInline
    struct Entry {
        @usableFromInline var token: String
        @usableFromInline var key: [UInt8]
        @usableFromInline var value: Value

        @usableFromInline
        init(token: String, key: [UInt8], value: Value) {
            self.token = token
            self.key = key
            self.value = value
        }
    }

    @usableFromInline
    struct Storage {
        @usableFromInline var entries: [Substring: Entry] = [:]
        @usableFromInline var order: [Substring] = []
        @usableFromInline var head = 0

        @usableFromInline
        init() {}
    }

    /// The most entries kept.
    public let capacity: Int
    @usableFromInline
    let storage = Mutex(Storage())

    /// A cache holding at most `capacity` tokens.
    public init(capacity: Int = 4096) {
        precondition(capacity > 0, "a cache holds at least one token")
        self.capacity = capacity
    }

    /// The number of tokens held.
    public var count: Int { storage.withLock { $0.entries.count } }

    /// What `derive` made of `token` verified under `key`: from the cache, or by
    /// verifying the token and remembering the result of a success. Failures are
    /// not remembered.
    ///
    /// Inlinable, so that it is specialized for the caller's `Value` (it runs on every request).
    @inlinable
    public func value(for token: String, key: [UInt8],
                      derive: (HS256JWT.Verified) -> Value) throws(HS256JWT.Failure) -> Value {
        try value(for: token[...], key: key, derive: derive)
    }

    /// ``value(for:key:derive:)-(String,_,_)`` for a token that is a slice of a larger
    /// string (an `Authorization` header): a hit copies nothing.
    @inlinable
    public func value(for token: Substring, key: [UInt8],
                      derive: (HS256JWT.Verified) -> Value) throws(HS256JWT.Failure) -> Value {
        let signature = Self.signature(of: token)
        if let hit = storage.withLock({ s -> Value? in
            guard let entry = s.entries[signature], entry.token == token, entry.key == key else { return nil }
            return entry.value
        }) {
            return hit
        }
        let whole = String(token)
        let value = derive(try HS256JWT.verify(whole, key: key))
        storage.withLock { s in
            // The key is a slice of the kept token, not of the caller's (larger) string.
            let signature = Self.signature(of: whole[...])
            if s.entries.updateValue(Entry(token: whole, key: key, value: value), forKey: signature) != nil { return }
            s.order.append(signature)
            // `order` may name a signature twice (evicted, then verified again): evict until within bounds.
            while s.entries.count > capacity {
                s.entries[s.order[s.head]] = nil
                s.head += 1
            }
            if s.head >= capacity {
                s.order.removeFirst(s.head)
                s.head = 0
            }
        }
        return value
    }

    /// The text after the last `.` (the whole token when there is none).
    @usableFromInline
    static func signature(of token: Substring) -> Substring {
        let utf8 = token.utf8
        let start = utf8.withContiguousStorageIfAvailable { bytes -> Int? in
            var i = bytes.count
            while i > 0 {
                i -= 1
                if bytes[i] == UInt8(ascii: ".") { return i + 1 }
            }
            return nil
        } ?? utf8.lastIndex(of: UInt8(ascii: ".")).map { utf8.distance(from: utf8.startIndex, to: $0) + 1 }
        guard let start else { return token }
        return Substring(utf8[utf8.index(utf8.startIndex, offsetBy: start)...])
    }
}

extension VerifiedTokenCache where Value == HS256JWT.Verified {
    /// The verified parts of `token` under `key`, from the cache or by verifying it.
    public func verify(_ token: String, key: [UInt8]) throws(HS256JWT.Failure) -> HS256JWT.Verified {
        try value(for: token, key: key) { $0 }
    }
}
