import Foundation
import Synchronization

/// One request a tenant received, with the response it got.
public struct JournalEntry: Sendable {
    /// Order of arrival across all tenants (1, 2, 3, …).
    public let sequence: Int
    /// Wall-clock time the request arrived, seconds since 1970.
    public let receivedAt: Double
    /// The tenant that answered, or `nil` when none was found.
    public let tenant: String?
    public let request: HTTPRequest
    public let response: HTTPResponse
    /// Time spent answering, in microseconds (injected latency included).
    public let durationMicroseconds: Int

    /// Header names whose values are masked when an entry is shown.
    public static let secretHeaders: Set<String> = ["authorization", "cookie", "set-cookie", "proxy-authorization"]

    /// The entry as JSON, secrets masked (`Bearer eyJh…(412 chars)`); bodies as text.
    public var json: JSONValue {
        [
            "sequence": .int(sequence),
            "received_at": .number(.double((receivedAt * 1000).rounded() / 1000)),
            "tenant": tenant.map { .string($0) } ?? .null,
            "request": [
                "method": .string(request.method),
                "path": .string(request.path),
                "query": .string(request.rawQuery),
                "headers": Self.maskedHeaders(request.headers),
                "body": .string(request.bodyText),
            ],
            "response": [
                "status": .int(response.status),
                "headers": Self.maskedHeaders(response.headers),
                "body": .string(response.bodyText),
            ],
            "duration_us": .int(durationMicroseconds),
        ]
    }

    public static func maskedHeaders(_ headers: HTTPHeaders) -> JSONValue {
        .array(headers.fields.map { field in
            let secret = secretHeaders.contains(field.name.lowercased())
            return [field.name: .string(secret ? mask(field.value) : field.value)]
        })
    }

    /// Keeps a scheme word and the first four characters of a secret.
    static func mask(_ value: String) -> String {
        let parts = value.split(separator: " ", maxSplits: 1)
        let (scheme, secret) = parts.count == 2 ? (String(parts[0]) + " ", String(parts[1])) : ("", value)
        guard secret.count > 4 else { return scheme + "****" }
        return scheme + secret.prefix(4) + "…(\(secret.count) chars)"
    }
}

/// Which journal entries to return.
public struct JournalFilter: Sendable {
    public var tenant: String?
    public var method: String?
    /// A path prefix, or an exact path when it does not end in `*`… (`/api/v2/users*`).
    public var path: String?
    public var status: Int?
    /// At most this many of the newest matching entries.
    public var limit: Int?

    public init(tenant: String? = nil, method: String? = nil, path: String? = nil, status: Int? = nil, limit: Int? = nil) {
        self.tenant = tenant
        self.method = method
        self.path = path
        self.status = status
        self.limit = limit
    }

    func matches(_ entry: JournalEntry) -> Bool {
        if let tenant, entry.tenant != tenant { return false }
        if let method, entry.request.method != method.uppercased() { return false }
        if let status, entry.response.status != status { return false }
        if let path {
            if path.hasSuffix("*") {
                if !entry.request.path.hasPrefix(String(path.dropLast())) { return false }
            } else if entry.request.path != path {
                return false
            }
        }
        return true
    }
}

/// A bounded ring of journal entries: the oldest is dropped when full, and the
/// number dropped is kept, so a long run never exhausts memory.
public final class RequestJournal: Sendable {
    struct Ring {
        var entries: [JournalEntry] = []
        var head = 0
        var dropped = 0
        var capacity: Int
    }

    let ring: Mutex<Ring>

    /// A journal keeping at most `capacity` entries (0 keeps none, counting every entry as dropped).
    public init(capacity: Int) {
        ring = Mutex(Ring(capacity: max(0, capacity)))
    }

    public func append(_ entry: JournalEntry) {
        ring.withLock { r in
            guard r.capacity > 0 else { r.dropped += 1; return }
            if r.entries.count < r.capacity {
                r.entries.append(entry)
            } else {
                r.entries[r.head] = entry
                r.head = (r.head + 1) % r.capacity
                r.dropped += 1
            }
        }
    }

    /// The entries, oldest first.
    public var entries: [JournalEntry] {
        ring.withLock { r in Array(r.entries[r.head...] + r.entries[..<r.head]) }
    }

    /// How many entries were dropped to stay within capacity (or cleared entries are not counted).
    public var dropped: Int { ring.withLock { $0.dropped } }

    public var count: Int { ring.withLock { $0.entries.count } }

    public var capacity: Int { ring.withLock { $0.capacity } }

    /// Removes every entry and resets the dropped count.
    public func clear() {
        ring.withLock { r in r = Ring(capacity: r.capacity) }
    }
}

/// Allocates journal sequence numbers across tenants without a lock.
final class JournalSequence: Sendable {
    let counter = Atomic<Int>(0)
    func next() -> Int { counter.wrappingAdd(1, ordering: .relaxed).newValue }
}
