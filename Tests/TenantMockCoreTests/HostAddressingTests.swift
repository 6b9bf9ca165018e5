import XCTest
import TenantMockCore

/// Tenant addressing by `Host` against IP addresses: an IP address never names a tenant,
/// and no tenant id can be read as a part of one (issue 14: a tenant `127` answered every
/// request sent to `127.0.0.1`).
final class HostAddressingTests: XCTestCase {
    func get(_ emulator: Emulator, host: String) -> HTTPResponse {
        emulator.handle(HTTPRequest(method: "GET", target: "/notes/echo", headers: ["Host": host]))
    }

    /// Ids that `inet_aton(3)` or a URL parser reads as a number of an IPv4 address are
    /// refused at creation, with a message that says why; ids with a letter beyond a `0x`
    /// prefix are not numbers and are accepted.
    func testNumericTenantIdsAreRefused() throws {
        let emulator = try makeNotesEmulator()
        for id in ["127", "0", "010", "08", "2130706433", "0x7f", "0x", "0x7f000001", "0xdeadbeef"] {
            XCTAssertThrowsError(try emulator.createTenant(id: id, fixture: "notes-a"), id) { error in
                XCTAssertEqual(error as? TenantError, .invalidTenantID(id))
                let message = String(describing: error)
                XCTAssertTrue(message.hasPrefix("\"\(id)\" is not a valid tenant id: it is a number as IPv4 addresses are written"),
                              message)
                XCTAssertTrue(message.hasSuffix("as in t-\(id)"), message)
            }
            XCTAssertNil(emulator.tenants.tenant(id))
        }
        for id in ["t-127", "127a", "a127", "7f", "0xg", "0x7f-a", "1-2", "x7f"] {
            XCTAssertNoThrow(try emulator.createTenant(id: id, fixture: "notes-a"), id)
        }
        XCTAssertEqual(String(describing: TenantError.invalidTenantID("Bad_Id")),
                       "\"Bad_Id\" is not a valid tenant id: use lower-case letters, digits and '-' (at most 63)")
    }

    /// The admin API creates tenants through the same rule: 400 with the message.
    func testAdminAPIRefusesANumericTenantId() throws {
        var registry = DialectRegistry()
        registry.register(NotesDialect())
        let emulator = Emulator(dialects: registry, configuration: .init(adminKey: "k3y"))
        try emulator.loadFixtures(documents: [(file: "notes-a.json", bytes: notesFixture(tenant: "alpha", isDefault: true))])
        emulator.startFixtureTenants()
        let created = emulator.handle(HTTPRequest(method: "POST", target: "/__admin/tenants",
                                                  headers: ["Host": "127.0.0.1:8080", "Authorization": "Bearer k3y"],
                                                  body: Array(#"{"id":"127","fixture":"notes-a"}"#.utf8)))
        XCTAssertEqual(created.status, 400)
        XCTAssertEqual(created.headers["X-TenantMock-Error"], "invalid_request")
        XCTAssertEqual(created.jsonBody?["message"]?.stringValue, TenantError.invalidTenantID("127").description)
        XCTAssertNil(emulator.tenants.tenant("127"))
        // What the id would have captured still reaches the default tenant.
        XCTAssertEqual(get(emulator, host: "127.0.0.1:8080").jsonBody?["tenant"], "alpha")
    }

    /// A fixture whose tenant id is numeric is refused whole when it is loaded, at `$.tenant`,
    /// or at `$.fixture` when the name is the tenant id; so `serve` never starts it.
    func testFixtureWithANumericTenantIdIsRefused() throws {
        var registry = DialectRegistry()
        registry.register(NotesDialect())
        let emulator = Emulator(dialects: registry)
        XCTAssertThrowsError(try emulator.loadFixtures(documents: [(file: "n.json", bytes: notesFixture(tenant: "127"))])) { error in
            let failure = error as? FixtureError
            XCTAssertEqual(failure?.path.description, "$.tenant")
            XCTAssertEqual(failure?.reason, TenantError.invalidTenantID("127").description)
        }
        XCTAssertThrowsError(try emulator.loadFixtures(documents: [(file: "n.json", bytes: notesFixture(name: "0x7f"))])) { error in
            let failure = error as? FixtureError
            XCTAssertEqual(failure?.path.description, "$.fixture")
            XCTAssertEqual(failure?.reason, TenantError.invalidTenantID("0x7f").description
                           + " (with no \"tenant\" member, the fixture's name is its tenant's id)")
        }
        XCTAssertTrue(emulator.fixtures.all.isEmpty)
        // A numeric fixture name is fine when the tenant has an id of its own.
        try emulator.loadFixtures(documents: [(file: "n.json", bytes: notesFixture(name: "127", tenant: "t-127"))])
        emulator.startFixtureTenants()
        XCTAssertNotNil(emulator.tenants.tenant("t-127"))
    }

    /// Every form of IP address reaches the default tenant, whatever tenants exist; names
    /// still reach theirs. `[v1.x]` is an IPvFuture literal (RFC 3986 §3.2.2) whose text
    /// inside the brackets starts with the label of tenant `v1`.
    func testIPAddressHostsReachTheDefaultTenant() throws {
        let emulator = try makeNotesEmulator()
        try emulator.createTenant(id: "v1", fixture: "notes-a")
        try emulator.createTenant(id: "beta", fixture: "notes-a")
        let addresses = [
            "127.0.0.1", "127.0.0.1:8080", "127.1", "127.1:8080", "0x7f.0.0.1", "0X7F.0.0.1:8080", "0177.0.0.1",
            "2130706433", "2130706433:8080", "127.0.0.1.", "127.0.0.1.:8080", "[::1]", "[::1]:8080",
            "[::ffff:127.0.0.1]", "[::ffff:127.0.0.1]:8080", "[v1.x]", "[v1.x]:8080",
        ]
        for host in addresses {
            XCTAssertTrue(HostAddress.isIPAddress(host), host)
            XCTAssertEqual(get(emulator, host: host).jsonBody?["tenant"], "alpha", host)
        }
        XCTAssertEqual(get(emulator, host: "v1.localhost:8080").jsonBody?["tenant"], "v1")
        XCTAssertEqual(get(emulator, host: "beta.127.0.0.1.nip.io").jsonBody?["tenant"], "beta")
        for name in ["localhost", "acme.localhost:8080", "127.0.0.1.nip.io", "1.2.3.example", "0x7g.0.0.1", "127..1",
                     ".", "", ":8080", "a.1"] {
            XCTAssertFalse(HostAddress.isIPAddress(name), name)
        }
        XCTAssertTrue(HostAddress.isIPAddress("1.2.3.4.5"), "numbers alone are never a registered name")
    }
}
