import XCTest
import TenantMockCore

final class TenantTests: XCTestCase {
    func get(_ emulator: Emulator, _ target: String, host: String? = nil, method: String = "GET") -> HTTPResponse {
        var headers = HTTPHeaders()
        if let host { headers["Host"] = host }
        return emulator.handle(HTTPRequest(method: method, target: target, headers: headers))
    }

    func testAddressingByHostByPrefixAndByDefault() throws {
        let emulator = try makeNotesEmulator()
        try emulator.createTenant(id: "beta", fixture: "notes-a")

        XCTAssertEqual(get(emulator, "/notes/users/u2").jsonBody?["tenant"], "alpha", "default tenant")
        XCTAssertEqual(get(emulator, "/notes/users/u2", host: "beta.localhost:8080").jsonBody?["tenant"], "beta")
        XCTAssertEqual(get(emulator, "/notes/users/u2", host: "beta.example.test").jsonBody?["tenant"], "beta")
        XCTAssertEqual(get(emulator, "/tenants/beta/notes/users/u2").jsonBody?["tenant"], "beta")
        XCTAssertEqual(get(emulator, "/tenants/alpha/notes/users/u2", host: "beta.localhost").jsonBody?["tenant"], "alpha",
                       "an explicit path prefix wins over the host")
        XCTAssertEqual(get(emulator, "/notes/users/u2", host: "localhost:8080").jsonBody?["tenant"], "alpha")
        XCTAssertEqual(get(emulator, "/notes/users/u2", host: "127.0.0.1:8080").jsonBody?["tenant"], "alpha")
        // The prefix is removed before routing.
        XCTAssertEqual(get(emulator, "/tenants/beta/notes/echo?x=1").jsonBody?["path"], "/notes/echo")
    }

    func testUnknownTenantIsA404NamingIt() throws {
        let emulator = try makeNotesEmulator()
        for response in [get(emulator, "/tenants/ghost/notes/users/u2"), get(emulator, "/notes/users/u2", host: "ghost.localhost:9")] {
            XCTAssertEqual(response.status, 404)
            XCTAssertEqual(response.headers["X-TenantMock-Error"], "unknown_tenant")
            XCTAssertEqual(response.jsonBody?["error"], "unknown_tenant")
            let message = response.jsonBody?["message"]?.stringValue ?? ""
            XCTAssertTrue(message.hasPrefix("No tenant named \"ghost\""), message)
            XCTAssertTrue(message.hasSuffix("Tenants: alpha."), message)
        }
        let unrouted = get(emulator, "/nowhere")
        XCTAssertEqual(unrouted.status, 404)
        XCTAssertEqual(unrouted.jsonBody?["error"], "no_route")
    }

    func testDialectRoutingFailures() throws {
        let emulator = try makeNotesEmulator()
        XCTAssertEqual(get(emulator, "/notes/nothing").status, 404)
        let wrongMethod = get(emulator, "/notes/users/u2", method: "PATCH")
        XCTAssertEqual(wrongMethod.status, 405)
        XCTAssertEqual(wrongMethod.headers["Allow"], "GET, HEAD")
    }

    func testTwoTenantsFromOneFixtureDivergeIndependently() throws {
        let emulator = try makeNotesEmulator()
        try emulator.createTenant(id: "beta", fixture: "notes-a")
        XCTAssertEqual(emulator.handle(HTTPRequest(method: "DELETE", target: "/tenants/beta/notes/users/u%7C1/roles/r1")).status, 204)
        XCTAssertEqual(get(emulator, "/tenants/beta/notes/users/u%7C1").jsonBody?["roles"], ["r2"])
        XCTAssertEqual(get(emulator, "/tenants/alpha/notes/users/u%7C1").jsonBody?["roles"], ["r1", "r2"])
        XCTAssertEqual(emulator.handle(HTTPRequest(method: "POST", target: "/tenants/alpha/notes/users/u2/roles/r2")).status, 204)
        XCTAssertEqual(get(emulator, "/tenants/alpha/notes/users/u2").jsonBody?["roles"], ["r2"])
        XCTAssertEqual(get(emulator, "/tenants/beta/notes/users/u2").jsonBody?["roles"], [])
    }

    func testResetRestoresTheFixture() throws {
        let emulator = try makeNotesEmulator()
        _ = emulator.handle(HTTPRequest(method: "DELETE", target: "/notes/users/u%7C1/roles/r1"))
        _ = emulator.handle(HTTPRequest(method: "DELETE", target: "/notes/users/u%7C1/roles/r2"))
        XCTAssertEqual(get(emulator, "/notes/users/u%7C1").jsonBody?["roles"], [])
        try emulator.tenants.reset("alpha")
        XCTAssertEqual(get(emulator, "/notes/users/u%7C1").jsonBody?["roles"], ["r1", "r2"])
        XCTAssertThrowsError(try emulator.tenants.reset("ghost")) { XCTAssertEqual($0 as? TenantError, .unknownTenant("ghost")) }
    }

    func testPrepareAdjustsStatePerTenant() throws {
        let emulator = try makeNotesEmulator()
        let beta = try emulator.createTenant(id: "beta", fixture: "notes-a")
        let typed = try XCTUnwrap(beta as? Tenant<NotesDialect>)
        XCTAssertEqual(typed.read { $0.tenantTag }, "beta")
        typed.mutate { $0.tenantTag = "changed" }
        typed.reset()
        XCTAssertEqual(typed.read { $0.tenantTag }, "beta")
    }

    func testSnapshotIsALoadableFixture() throws {
        let emulator = try makeNotesEmulator()
        _ = emulator.handle(HTTPRequest(method: "DELETE", target: "/notes/users/u%7C1/roles/r1"))
        let snapshot = try XCTUnwrap(emulator.tenants.tenant("alpha")).snapshot()
        XCTAssertEqual(snapshot["dialect"], "notes")
        XCTAssertEqual(snapshot["data"]?["users"], [["id": "u|1", "roles": ["r2"]], ["id": "u2", "roles": []]])
        var registry = DialectRegistry()
        registry.register(NotesDialect())
        let restored = try FixtureLoader(dialects: registry).load(bytes: JSONSerializer.bytes(snapshot), file: "snap.json")
        let tenant = restored.makeTenant(id: "restored")
        XCTAssertEqual(tenant.handle(HTTPRequest(method: "GET", target: "/notes/users/u%7C1")).jsonBody?["roles"], ["r2"])
    }

    func testCreateDeleteAndDefaults() throws {
        let emulator = try makeNotesEmulator()
        XCTAssertThrowsError(try emulator.createTenant(id: "alpha", fixture: "notes-a")) {
            XCTAssertEqual($0 as? TenantError, .duplicateTenant("alpha"))
        }
        XCTAssertThrowsError(try emulator.createTenant(id: "Bad_Id", fixture: "notes-a")) {
            XCTAssertEqual($0 as? TenantError, .invalidTenantID("Bad_Id"))
        }
        XCTAssertThrowsError(try emulator.createTenant(id: "x", fixture: "nope")) {
            XCTAssertEqual($0 as? TenantError, .unknownFixture("nope"))
        }
        try emulator.createTenant(id: "beta", fixture: "notes-a")
        try emulator.tenants.delete("alpha")
        XCTAssertNil(emulator.tenants.tenant("alpha"))
        XCTAssertEqual(emulator.tenants.defaultTenantID(of: "notes"), "beta", "the default moves to a remaining tenant")
        XCTAssertEqual(get(emulator, "/notes/users/u2").jsonBody?["tenant"], "beta")
        try emulator.tenants.delete("beta")
        let none = get(emulator, "/notes/users/u2")
        XCTAssertEqual(none.status, 404)
        XCTAssertEqual(none.jsonBody?["error"], "no_default_tenant")
    }

    func testListingKeepsCreationOrderThroughDeletesAndReuse() throws {
        let emulator = try makeNotesEmulator()
        for id in ["b", "c", "d", "e", "f"] { try emulator.createTenant(id: id, fixture: "notes-a") }
        try emulator.tenants.delete("c")
        try emulator.tenants.delete("alpha")
        XCTAssertEqual(emulator.tenants.defaultTenantID(of: "notes"), "b", "the oldest remaining tenant becomes the default")
        XCTAssertEqual(emulator.tenants.all.map(\.id), ["b", "d", "e", "f"])
        try emulator.createTenant(id: "c", fixture: "notes-a")
        XCTAssertEqual(emulator.tenants.all.map(\.id), ["b", "d", "e", "f", "c"], "a reused id counts as new")
        // Enough deletions to compact the list, then more creations.
        for id in ["d", "e", "f", "b"] { try emulator.tenants.delete(id) }
        for id in ["g", "d"] { try emulator.createTenant(id: id, fixture: "notes-a") }
        XCTAssertEqual(emulator.tenants.all.map(\.id), ["c", "g", "d"])
        XCTAssertEqual(emulator.tenants.defaultTenantID(of: "notes"), "c")
    }

    func testConcurrentMutationsOfOneTenantAreNotLost() throws {
        let emulator = try makeNotesEmulator()
        let roles = (0..<64).map { "role\($0)" }
        DispatchQueue.concurrentPerform(iterations: roles.count) { i in
            _ = emulator.handle(HTTPRequest(method: "POST", target: "/notes/users/u2/roles/\(roles[i])"))
            if i % 2 == 1 { _ = emulator.handle(HTTPRequest(method: "DELETE", target: "/notes/users/u2/roles/\(roles[i])")) }
        }
        let held = get(emulator, "/notes/users/u2").jsonBody?["roles"]?.arrayValue?.compactMap(\.stringValue) ?? []
        XCTAssertEqual(Set(held), Set(roles.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)))
        XCTAssertEqual(held.count, 32)
    }
}

final class OpenAPIServingTests: XCTestCase {
    func testEachTenantServesItsDialectsDocument() throws {
        let emulator = try makeNotesEmulator()
        let byPrefix = emulator.handle(HTTPRequest(method: "GET", target: "/tenants/alpha/openapi.json", headers: ["Host": "127.0.0.1:9"]))
        XCTAssertEqual(byPrefix.status, 200)
        let doc = try XCTUnwrap(byPrefix.jsonBody)
        XCTAssertEqual(doc["openapi"], "3.0.3")
        XCTAssertEqual(doc["servers"], [["url": "http://127.0.0.1:9/tenants/alpha"]])
        XCTAssertEqual(doc["paths"]?["/notes/users/{id}"]?["get"]?["parameters"],
                       [["name": "id", "in": "path", "required": true, "schema": ["type": "string"]]])
        XCTAssertNotNil(doc["paths"]?["/notes/users/{id}/roles/{role}"]?["delete"])
        let byDialect = emulator.handle(HTTPRequest(method: "GET", target: "/openapi.json?dialect=notes", headers: ["Host": "h:1"]))
        XCTAssertEqual(byDialect.jsonBody?["servers"], [["url": "http://h:1"]])
        XCTAssertEqual(emulator.handle(HTTPRequest(method: "GET", target: "/openapi.json")).status, 404)
    }
}
