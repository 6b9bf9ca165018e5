import XCTest
@testable import TenantMockCore

/// The journal's bounds, each at its boundary: bodies cut beyond the body limit (with a
/// marker), a journal's bytes, all journals' bytes together, and the budget's own records.
/// Every request is journaled, even one refused for want of credentials, so these bounds are
/// what keeps a long run, or a client sending megabyte bodies, from exhausting memory.
final class JournalBudgetTests: XCTestCase {
    /// A journal entry `POST /x` → 401 with bodies of the given sizes (`a`s), for tenant `t`.
    func entry(_ sequence: Int, body: Int = 0, responseBody: Int = 0) -> JournalEntry {
        JournalEntry(sequence: sequence, receivedAt: 0, tenant: "t",
                     request: HTTPRequest(method: "POST", target: "/x", body: Array(repeating: 0x61, count: body)),
                     response: HTTPResponse(status: 401, body: Array(repeating: 0x61, count: responseBody)),
                     durationMicroseconds: 0)
    }

    func sequences(_ journal: RequestJournal) -> [Int] { journal.entries.map(\.sequence) }

    // MARK: Accounting

    func testAnEntryAccountsForItsBodiesHeadersAndStrings() {
        var request = HTTPRequest(method: "POST", target: "/api?q=1", headers: ["Authorization": "Bearer abc"], body: [1, 2, 3])
        request.mountPrefix = "/tenants/acme"
        let response = HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: Array(repeating: 0, count: 1000))
        let e = JournalEntry(sequence: 1, receivedAt: 0, tenant: "acme", request: request, response: response, durationMicroseconds: 0)
        let header = JournalLimits.headerFieldOverheadBytes
        XCTAssertEqual(e.accountedBytes, JournalLimits.entryOverheadBytes
                       + 4 + 4 + 3 + 13 + 4                      // POST, /api, q=1, /tenants/acme, acme
                       + 13 + 10 + header + 3                    // Authorization: Bearer abc, the body
                       + 12 + 16 + header + 1000)                // Content-Type: application/json, the body
    }

    // MARK: Bodies

    func testABodyAtTheLimitIsKeptWholeAndOneByteMoreIsCutWithAMarker() throws {
        let journal = RequestJournal(capacity: 10, bodyBytes: 10)
        journal.append(JournalEntry(sequence: 1, receivedAt: 0, tenant: "t",
                                    request: HTTPRequest(method: "POST", target: "/x", body: Array("0123456789".utf8)),
                                    response: HTTPResponse(status: 200, body: Array("abcdefghij".utf8)), durationMicroseconds: 0))
        journal.append(JournalEntry(sequence: 2, receivedAt: 0, tenant: "t",
                                    request: HTTPRequest(method: "POST", target: "/x", body: Array("0123456789A".utf8)),
                                    response: HTTPResponse(status: 200, body: Array(repeating: 0x62, count: 1 << 20)),
                                    durationMicroseconds: 0))
        let whole = journal.entries[0], cut = journal.entries[1]
        XCTAssertEqual(whole.request.bodyText, "0123456789")
        XCTAssertEqual(whole.requestBodyBytesDropped, 0)
        XCTAssertEqual(whole.json["request"]?["body"], "0123456789")
        XCTAssertNil(whole.json["request"]?["body_truncated"])
        XCTAssertNil(whole.json["response"]?["body_truncated"])

        XCTAssertEqual(cut.request.bodyText, "0123456789")
        XCTAssertEqual(cut.requestBodyBytesDropped, 1)
        XCTAssertEqual(cut.json["request"]?["body"], "0123456789…(1 more bytes not journaled)")
        XCTAssertEqual(cut.json["request"]?["body_truncated"], true)
        XCTAssertEqual(cut.json["request"]?["body_bytes_dropped"], 1)
        XCTAssertEqual(cut.response.body.count, 10)
        XCTAssertEqual(cut.responseBodyBytesDropped, (1 << 20) - 10)
        XCTAssertEqual(cut.json["response"]?["body"], .string("bbbbbbbbbb…(\((1 << 20) - 10) more bytes not journaled)"))
        XCTAssertEqual(cut.json["response"]?["body_bytes_dropped"], .int((1 << 20) - 10))
        XCTAssertEqual(journal.bytes, whole.accountedBytes + cut.accountedBytes)
        XCTAssertLessThan(cut.accountedBytes, 1_000, "the dropped megabyte is not accounted, nor kept")
    }

    func testACutNeverSplitsACharacter() {
        let journal = RequestJournal(capacity: 10, bodyBytes: 3)
        for (i, text) in ["aé", "aéé", "€€"].enumerated() {   // é is 2 bytes, € 3
            journal.append(JournalEntry(sequence: i, receivedAt: 0, tenant: nil,
                                        request: HTTPRequest(method: "POST", target: "/x", body: Array(text.utf8)),
                                        response: HTTPResponse(status: 200), durationMicroseconds: 0))
        }
        XCTAssertEqual(journal.entries.map(\.request.bodyText), ["aé", "aé", "€"])
        XCTAssertEqual(journal.entries.map(\.requestBodyBytesDropped), [0, 2, 3])
    }

    // MARK: One journal's bytes

    func testTheJournalsByteLimitAtItsBoundary() {
        let size = entry(0, body: 100).accountedBytes
        let exact = RequestJournal(capacity: 100, bytes: 3 * size)
        for i in 1...3 { exact.append(entry(i, body: 100)) }
        XCTAssertEqual(sequences(exact), [1, 2, 3], "three entries fit in exactly their bytes")
        XCTAssertEqual(exact.bytes, 3 * size)
        XCTAssertEqual(exact.dropped, 0)
        exact.append(entry(4, body: 100))
        XCTAssertEqual(sequences(exact), [2, 3, 4], "a fourth drops the oldest")
        XCTAssertEqual(exact.dropped, 1)
        XCTAssertEqual(exact.bytes, 3 * size)

        let short = RequestJournal(capacity: 100, bytes: 3 * size - 1)
        for i in 1...3 { short.append(entry(i, body: 100)) }
        XCTAssertEqual(sequences(short), [2, 3], "one byte short of three, two are kept")
        XCTAssertEqual(short.dropped, 1)
        XCTAssertEqual(short.bytes, 2 * size)
    }

    func testAnEntryLargerThanTheWholeLimitIsDroppedAndKeepsTheOthers() {
        let small = entry(0).accountedBytes
        let journal = RequestJournal(capacity: 100, bytes: 2 * small)
        journal.append(entry(1))
        journal.append(entry(2))
        journal.append(entry(3, body: small + 1))   // one byte more than the whole journal may hold
        XCTAssertEqual(entry(3, body: small + 1).accountedBytes, 2 * small + 1)
        XCTAssertEqual(sequences(journal), [1, 2])
        XCTAssertEqual(journal.dropped, 1)
        XCTAssertEqual(journal.bytes, 2 * small)
    }

    func testTheEntryLimitStillApplies() {
        let none = RequestJournal(capacity: 0)
        none.append(entry(1))
        XCTAssertEqual(none.count, 0)
        XCTAssertEqual(none.dropped, 1)
        XCTAssertEqual(none.bytes, 0)
        let two = RequestJournal(capacity: 2)
        for i in 1...5 { two.append(entry(i)) }
        XCTAssertEqual(sequences(two), [4, 5])
        XCTAssertEqual(two.dropped, 3)
        XCTAssertEqual(two.bytes, 2 * entry(0).accountedBytes)
    }

    // MARK: All journals' bytes

    func testTheSharedBudgetDropsTheOldestEntryAcrossJournalsAtItsBoundary() {
        let size = entry(0, body: 50).accountedBytes
        let budget = JournalBudget(totalBytes: 3 * size)
        let a = RequestJournal(capacity: 100, budget: budget), b = RequestJournal(capacity: 100, budget: budget)
        a.append(entry(1, body: 50))
        b.append(entry(2, body: 50))
        a.append(entry(3, body: 50))
        XCTAssertEqual(budget.usedBytes, 3 * size, "three entries fit in exactly their bytes")
        XCTAssertEqual(a.dropped + b.dropped, 0)
        b.append(entry(4, body: 50))
        XCTAssertEqual(sequences(a), [3], "the oldest of all, in the other journal, was dropped")
        XCTAssertEqual(a.dropped, 1)
        XCTAssertEqual(sequences(b), [2, 4])
        a.append(entry(5, body: 50))
        XCTAssertEqual(sequences(b), [4])
        XCTAssertEqual(b.dropped, 1)
        XCTAssertEqual(sequences(a), [3, 5])
        XCTAssertEqual(budget.usedBytes, 3 * size)

        let shortBudget = JournalBudget(totalBytes: 3 * size - 1)
        let c = RequestJournal(capacity: 100, budget: shortBudget), d = RequestJournal(capacity: 100, budget: shortBudget)
        c.append(entry(1, body: 50))
        d.append(entry(2, body: 50))
        c.append(entry(3, body: 50))
        XCTAssertEqual(sequences(c), [3], "one byte short of three, the oldest is dropped")
        XCTAssertEqual(sequences(d), [2])
        XCTAssertEqual(shortBudget.usedBytes, 2 * size)
    }

    func testAnEntryLargerThanTheWholeBudgetIsDroppedAlone() {
        let size = entry(0).accountedBytes
        let budget = JournalBudget(totalBytes: size)
        let journal = RequestJournal(capacity: 100, budget: budget)
        journal.append(entry(1))
        journal.append(entry(2, body: 1))
        XCTAssertEqual(sequences(journal), [1])
        XCTAssertEqual(journal.dropped, 1)
        XCTAssertEqual(budget.usedBytes, size)
    }

    func testClearedAndReleasedJournalsGiveTheirBytesBack() {
        let size = entry(0).accountedBytes
        let budget = JournalBudget(totalBytes: 3 * size)
        let a = RequestJournal(capacity: 100, budget: budget)
        a.append(entry(1))
        a.append(entry(2))
        XCTAssertEqual(budget.usedBytes, 2 * size)
        a.clear()
        XCTAssertEqual(budget.usedBytes, 0)
        do {
            let deleted = RequestJournal(capacity: 100, budget: budget)
            deleted.append(entry(3))
            XCTAssertEqual(budget.usedBytes, size)
        }
        XCTAssertEqual(budget.usedBytes, 0, "a released journal (a deleted tenant's) gives its bytes back")
        // The records of the cleared and released entries are skipped: the budget then drops
        // only entries still kept, oldest first.
        for i in 4...7 { a.append(entry(i)) }
        XCTAssertEqual(sequences(a), [5, 6, 7])
        XCTAssertEqual(a.dropped, 1)
        XCTAssertEqual(budget.usedBytes, 3 * size)
    }

    func testTheBudgetsRecordsStayBoundedWhenJournalsDropTheirOwn() {
        let budget = JournalBudget(totalBytes: 1 << 40)
        let journal = RequestJournal(capacity: 1, budget: budget)
        for i in 0..<20_000 { journal.append(entry(i)) }
        XCTAssertEqual(journal.count, 1)
        XCTAssertEqual(budget.usedBytes, entry(0).accountedBytes)
        let records = budget.order.withLock { $0.records.count - $0.head }
        XCTAssertLessThanOrEqual(records, 2 * 1 + 1_024 + 1, "records of entries dropped by their journal are compacted")
    }

    // MARK: Through the emulator

    func testAnEmulatorJournalsWithinItsConfiguredLimits() throws {
        let megabyte = [UInt8](repeating: 0x7A, count: 1 << 20)
        func emulator(_ configuration: Emulator.Configuration) throws -> Emulator {
            var registry = DialectRegistry()
            registry.register(NotesDialect())
            let emulator = Emulator(dialects: registry, configuration: configuration)
            try emulator.loadFixtures(documents: [(file: "notes-a.json", bytes: notesFixture(tenant: "alpha", isDefault: true))])
            emulator.startFixtureTenants()
            _ = try emulator.createTenant(id: "aaaa", fixture: "notes-a")
            _ = try emulator.createTenant(id: "bbbb", fixture: "notes-a")
            return emulator
        }
        func read(_ e: Emulator, _ tenant: String) {
            _ = e.handle(HTTPRequest(method: "GET", target: "/tenants/\(tenant)/notes/users/u2", body: megabyte))
        }
        // One entry's bytes, measured on an emulator with the same body limit.
        let probe = try emulator(.init(adminKey: "k", journalBodyBytes: 16))
        read(probe, "aaaa")
        let size = try XCTUnwrap(probe.tenants.tenant("aaaa")).journal.bytes

        let e = try emulator(.init(adminKey: "k", journalBodyBytes: 16, journalTotalBytes: 3 * size))
        read(e, "aaaa")
        read(e, "bbbb")
        read(e, "aaaa")
        read(e, "bbbb")
        let a = try XCTUnwrap(e.tenants.tenant("aaaa")).journal, b = try XCTUnwrap(e.tenants.tenant("bbbb")).journal
        XCTAssertEqual(a.count, 1, "the oldest entry of all, aaaa's first, made room")
        XCTAssertEqual(a.dropped, 1)
        XCTAssertEqual(b.count, 2)
        XCTAssertEqual(e.journalBudget.usedBytes, 3 * size)

        let journal = e.handle(HTTPRequest(method: "GET", target: "/__admin/journal?tenant=bbbb&limit=1",
                                           headers: ["Authorization": "Bearer k"])).jsonBody
        let request = journal?[path: JSONPath(parsing: "$.entries[0].request")!]
        XCTAssertEqual(request?["body"], .string(String(repeating: "z", count: 16) + "…(\((1 << 20) - 16) more bytes not journaled)"))
        XCTAssertEqual(request?["body_truncated"], true)
        XCTAssertEqual(request?["body_bytes_dropped"], .int((1 << 20) - 16))
        XCTAssertEqual(journal?["dropped"], 0)
    }

    func testThousandsOfRefusedMegabytePostsStayWithinTheDefaultBudgets() throws {
        // The report's case: 2,200 bodies of 1 MiB that no route takes, on the default limits.
        let emulator = try makeNotesEmulator()
        let post = HTTPRequest(method: "POST", target: "/nothing/here", body: [UInt8](repeating: 0x41, count: 1 << 20))
        for _ in 0..<2_200 { _ = emulator.handle(post) }
        let journal = emulator.unaddressedJournal
        let size = try XCTUnwrap(journal.entries.last).accountedBytes
        XCTAssertLessThan(size, JournalLimits.defaultBodyBytes + 2_048, "a body is kept up to 64 KiB")
        XCTAssertLessThanOrEqual(journal.bytes, JournalLimits.defaultBytes)
        XCTAssertEqual(journal.count, JournalLimits.defaultBytes / size, "as many entries as 16 MiB holds")
        XCTAssertEqual(journal.count + journal.dropped, 2_200)
        XCTAssertLessThanOrEqual(emulator.journalBudget.usedBytes, JournalLimits.defaultTotalBytes)
    }
}
