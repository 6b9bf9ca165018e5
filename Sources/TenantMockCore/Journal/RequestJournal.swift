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
    /// Bytes of the request body the journal did not keep (beyond its body limit): `request.body`
    /// is then the first bytes only.
    public let requestBodyBytesDropped: Int
    /// Bytes of the response body the journal did not keep, as for the request.
    public let responseBodyBytesDropped: Int

    public init(sequence: Int, receivedAt: Double, tenant: String?, request: HTTPRequest, response: HTTPResponse,
                durationMicroseconds: Int, requestBodyBytesDropped: Int = 0, responseBodyBytesDropped: Int = 0) {
        self.sequence = sequence
        self.receivedAt = receivedAt
        self.tenant = tenant
        self.request = request
        self.response = response
        self.durationMicroseconds = durationMicroseconds
        self.requestBodyBytesDropped = requestBodyBytesDropped
        self.responseBodyBytesDropped = responseBodyBytesDropped
    }

    /// Header names whose values are masked when an entry is shown.
    public static let secretHeaders: Set<String> = ["authorization", "cookie", "set-cookie", "proxy-authorization"]

    /// The entry as JSON, secrets masked (`Bearer eyJh…(412 chars)`); bodies as text. A body
    /// the journal cut ends with `…(N more bytes not journaled)`, and its object also has
    /// `"body_truncated": true` and `"body_bytes_dropped": N`.
    public var json: JSONValue {
        var requestObject: JSONObject = [
            "method": .string(request.method),
            "path": .string(request.path),
            "query": .string(request.rawQuery),
            "headers": Self.maskedHeaders(request.headers),
        ]
        Self.addBody(request.body, dropped: requestBodyBytesDropped, to: &requestObject)
        var responseObject: JSONObject = [
            "status": .int(response.status),
            "headers": Self.maskedHeaders(response.headers),
        ]
        Self.addBody(response.body, dropped: responseBodyBytesDropped, to: &responseObject)
        return [
            "sequence": .int(sequence),
            "received_at": .number(.double((receivedAt * 1000).rounded() / 1000)),
            "tenant": tenant.map { .string($0) } ?? .null,
            "request": .object(requestObject),
            "response": .object(responseObject),
            "duration_us": .int(durationMicroseconds),
        ]
    }

    static func addBody(_ body: [UInt8], dropped: Int, to object: inout JSONObject) {
        let text = String(decoding: body, as: UTF8.self)
        guard dropped > 0 else { object["body"] = .string(text); return }
        object["body"] = .string(text + "…(\(dropped) more bytes not journaled)")
        object["body_truncated"] = true
        object["body_bytes_dropped"] = .int(dropped)
    }

    /// The entry with each body cut to its first `limit` bytes (at a UTF-8 character
    /// boundary when the body is text), the bytes cut counted.
    func truncatingBodies(to limit: Int) -> JournalEntry {
        guard needsTruncating(to: limit) else { return self }
        var request = self.request, response = self.response
        let requestDropped = Self.truncate(&request.body, to: limit)
        let responseDropped = Self.truncate(&response.body, to: limit)
        return JournalEntry(sequence: sequence, receivedAt: receivedAt, tenant: tenant, request: request,
                            response: response, durationMicroseconds: durationMicroseconds,
                            requestBodyBytesDropped: requestBodyBytesDropped + requestDropped,
                            responseBodyBytesDropped: responseBodyBytesDropped + responseDropped)
    }

    /// Whether a body is longer than `limit` bytes.
    func needsTruncating(to limit: Int) -> Bool { request.body.count > limit || response.body.count > limit }

    /// Cuts `body` to at most `limit` bytes, into a copy of its own (the whole body's storage is
    /// released with the request); returns the number of bytes cut.
    static func truncate(_ body: inout [UInt8], to limit: Int) -> Int {
        guard body.count > limit else { return 0 }
        var keep = max(0, limit)
        // Back off at most three continuation bytes (10xxxxxx), so a character is not cut in two.
        var backedOff = 0
        while keep > 0, backedOff < 3, body[keep] & 0xC0 == 0x80 {
            keep -= 1
            backedOff += 1
        }
        let dropped = body.count - keep
        body = Array(body[..<keep])
        return dropped
    }

    /// What the entry costs a journal's byte budget: its bodies, header names and values,
    /// method, path, query and tenant, plus `JournalLimits.entryOverheadBytes` and
    /// `JournalLimits.headerFieldOverheadBytes` for each header field.
    public var accountedBytes: Int {
        func headerBytes(_ headers: HTTPHeaders) -> Int {
            headers.fields.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + JournalLimits.headerFieldOverheadBytes }
        }
        return JournalLimits.entryOverheadBytes
            + request.method.utf8.count + request.path.utf8.count + request.rawQuery.utf8.count
            + request.mountPrefix.utf8.count + (tenant?.utf8.count ?? 0)
            + headerBytes(request.headers) + request.body.count
            + headerBytes(response.headers) + response.body.count
    }

    public static func maskedHeaders(_ headers: HTTPHeaders) -> JSONValue {
        .array(headers.fields.map { field in [field.name: .string(shownValue(of: field))] })
    }

    /// A header field's value as the journal shows it: masked (``maskedCredential(_:)``) for
    /// one of ``secretHeaders``, as received otherwise.
    public static func shownValue(of field: (name: String, value: String)) -> String {
        secretHeaders.contains(field.name.lowercased()) ? mask(field.value) : field.value
    }

    /// A secret as the journal shows it: its scheme word and first four characters
    /// (`Bearer eyJh…(412 chars)`), or `****` for four characters or fewer.
    public static func maskedCredential(_ value: String) -> String { mask(value) }

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

/// How much a journal keeps. Every request is journaled, even one refused for want of
/// credentials, so each journal is bounded three ways: entries, bytes of each body, and
/// bytes in all (`JournalBudget` bounds all journals together).
public enum JournalLimits {
    /// Entries kept per journal by default (`serve --journal-capacity`).
    public static let defaultCapacity = 1_000
    /// Bytes of each body (request, response) an entry keeps by default (`serve --journal-body-bytes`): 64 KiB.
    public static let defaultBodyBytes = 64 << 10
    /// Bytes one journal holds by default (`serve --journal-bytes`): 16 MiB.
    public static let defaultBytes = 16 << 20
    /// Bytes all journals of an emulator hold together by default (`serve --journal-total-bytes`): 256 MiB.
    public static let defaultTotalBytes = 256 << 20
    /// What an entry costs beyond its bodies, headers and strings (its record, the strings'
    /// and arrays' own headers), counted with it.
    public static let entryOverheadBytes = 256
    /// What each header field costs beyond its name and value.
    public static let headerFieldOverheadBytes = 32
}

/// A journal's entries, oldest first, within its limits: at most `capacity` entries and
/// `byteLimit` bytes (`JournalEntry.accountedBytes`), each body cut to `bodyByteLimit` bytes.
/// The oldest entries are dropped to make room, and counted, so a long run never exhausts
/// memory; an entry larger on its own than `byteLimit` (or than the shared budget) is dropped
/// at once. When the journal shares a `JournalBudget`, the oldest entries of all its journals
/// are also dropped while they hold more than the budget.
public final class RequestJournal: Sendable {
    struct Ring {
        /// Kept entries from `head` on (slots before it were dropped; compacted now and then).
        var slots: [(entry: JournalEntry, bytes: Int)?] = []
        var head = 0
        /// The journal-wide number of the oldest kept entry: the first entry ever appended is 0,
        /// and numbers are never reused, even after `clear()`.
        var firstIndex = 0
        var bytes = 0
        var dropped = 0

        var count: Int { slots.count - head }

        /// Adds an entry; returns its journal-wide number.
        mutating func append(_ entry: consuming JournalEntry, bytes size: Int) -> Int {
            slots.append((entry, size))
            bytes += size
            return firstIndex + count - 1
        }

        /// Drops the oldest entry; returns its bytes.
        mutating func dropOldest() -> Int {
            let size = slots[head]?.bytes ?? 0
            slots[head] = nil
            head += 1
            firstIndex += 1
            bytes -= size
            dropped += 1
            if head == slots.count {
                slots.removeAll(keepingCapacity: true)
                head = 0
            } else if head >= 64 && head * 2 >= slots.count {
                slots.removeFirst(head)
                head = 0
            }
            return size
        }
    }

    let ring: Mutex<Ring>
    /// Entries kept at most (0 keeps none, counting every entry as dropped).
    public let capacity: Int
    /// Bytes of each body an entry keeps.
    public let bodyByteLimit: Int
    /// Bytes the journal holds at most.
    public let byteLimit: Int
    /// The budget this journal shares with others, if any.
    public let budget: JournalBudget?

    /// A journal keeping at most `capacity` entries (0 keeps none, counting every entry as
    /// dropped) and `bytes` bytes, bodies cut to `bodyBytes`, within `budget` when given.
    public init(capacity: Int, bodyBytes: Int = JournalLimits.defaultBodyBytes, bytes: Int = JournalLimits.defaultBytes,
                budget: JournalBudget? = nil) {
        self.capacity = max(0, capacity)
        self.bodyByteLimit = max(0, bodyBytes)
        self.byteLimit = max(0, bytes)
        self.budget = budget
        ring = Mutex(Ring())
    }

    deinit {
        let (bytes, count) = ring.withLock { ($0.bytes, $0.count) }
        budget?.release(bytes: bytes, entries: count)
    }

    public func append(_ entry: consuming JournalEntry) {
        // Moved, not copied, into the ring: a copy of an entry is a dozen reference counts.
        var stored: JournalEntry? = entry.needsTruncating(to: bodyByteLimit) ? entry.truncatingBodies(to: bodyByteLimit) : entry
        let size = stored!.accountedBytes
        let fits = capacity > 0 && size <= byteLimit && size <= (budget?.totalBytes ?? .max)
        let (index, freed, evicted) = ring.withLock { r -> (Int?, Int, Int) in
            guard fits else { r.dropped += 1; return (nil, 0, 0) }
            var freed = 0, evicted = 0
            while r.count > 0 && (r.count >= capacity || r.bytes + size > byteLimit) {
                freed += r.dropOldest()
                evicted += 1
            }
            return (r.append(stored.take()!, bytes: size), freed, evicted)
        }
        if let index, let budget {
            budget.appended(to: self, index: index, bytes: size - freed, entries: 1 - evicted)
        }
    }

    /// Drops the oldest entries up to and including journal-wide number `index` (for the shared
    /// budget); returns the bytes and entries dropped.
    func dropOldest(through index: Int) -> (bytes: Int, entries: Int) {
        ring.withLock { r in
            var freed = 0, count = 0
            while r.count > 0 && r.firstIndex <= index {
                freed += r.dropOldest()
                count += 1
            }
            return (freed, count)
        }
    }

    /// Whether the entry numbered `index` is still kept.
    func holds(_ index: Int) -> Bool { ring.withLock { index >= $0.firstIndex && index < $0.firstIndex + $0.count } }

    /// The entries, oldest first.
    public var entries: [JournalEntry] {
        ring.withLock { r in r.slots[r.head...].compactMap { $0?.entry } }
    }

    /// How many entries were dropped to stay within the limits (cleared entries are not counted).
    public var dropped: Int { ring.withLock { $0.dropped } }

    public var count: Int { ring.withLock { $0.count } }

    /// Bytes the kept entries account for (`JournalEntry.accountedBytes`).
    public var bytes: Int { ring.withLock { $0.bytes } }

    /// Removes every entry and resets the dropped count.
    public func clear() {
        let (bytes, count) = ring.withLock { r -> (Int, Int) in
            let released = (r.bytes, r.count)
            r = Ring(slots: [], head: 0, firstIndex: r.firstIndex + r.count, bytes: 0, dropped: 0)
            return released
        }
        budget?.release(bytes: bytes, entries: count)
    }
}

/// The bytes all journals of an emulator may hold together. While their entries account for
/// more than `totalBytes`, the oldest entries across journals are dropped (and counted in
/// their journal's `dropped`), so the number of tenants cannot multiply the memory journals take.
///
/// The budget lists appended entries in order of arrival (a journal and an entry number each);
/// entries that left their journal otherwise are skipped when reached, and the list is
/// compacted when it holds more than twice the entries kept. Locks: the list's lock may be
/// held while taking a journal's, never the other way round; a journal's deinit (which may
/// run under the list's lock, when a record held its last reference) only updates atomics.
public final class JournalBudget: Sendable {
    struct Record {
        weak var journal: RequestJournal?
        let index: Int
    }

    struct Order {
        var records: [Record] = []
        var head = 0
    }

    /// The bytes all journals may hold together.
    public let totalBytes: Int
    let used = Atomic<Int>(0)
    let kept = Atomic<Int>(0)
    let order = Mutex(Order())

    public init(totalBytes: Int) {
        self.totalBytes = max(0, totalBytes)
    }

    /// Bytes the journals' entries account for now.
    public var usedBytes: Int { used.load(ordering: .relaxed) }

    /// Entry `index` of `journal` was appended; the journal's bytes and entries changed by these amounts.
    func appended(to journal: RequestJournal, index: Int, bytes: Int, entries: Int) {
        used.add(bytes, ordering: .relaxed)
        kept.add(entries, ordering: .relaxed)
        order.withLock { o in
            o.records.append(Record(journal: journal, index: index))
            while used.load(ordering: .relaxed) > totalBytes && o.head < o.records.count {
                let record = o.records[o.head]
                o.records[o.head] = Record(journal: nil, index: 0)
                o.head += 1
                guard let victim = record.journal else { continue }
                let freed = victim.dropOldest(through: record.index)
                release(bytes: freed.bytes, entries: freed.entries)
            }
            if o.head > 0 && o.head * 2 >= o.records.count {
                o.records.removeFirst(o.head)
                o.head = 0
            }
            // Records of entries their own journal dropped, or cleared, wait here until reached;
            // they are kept within twice the entries kept (amortized: the list doubled since).
            if o.records.count > 2 * kept.load(ordering: .relaxed) + 1_024 {
                o.records.removeAll { record in record.journal.map { !$0.holds(record.index) } ?? true }
            }
        }
    }

    /// Bytes and entries that left a journal without the budget's doing.
    func release(bytes: Int, entries: Int) {
        used.subtract(bytes, ordering: .relaxed)
        kept.subtract(entries, ordering: .relaxed)
    }
}

/// Allocates journal sequence numbers across tenants without a lock.
final class JournalSequence: Sendable {
    let counter = Atomic<Int>(0)
    func next() -> Int { counter.wrappingAdd(1, ordering: .relaxed).newValue }
}
