import XCTest
import TenantMockCore

/// `GET /__admin/tenants`: addressed by the request's own `Host`, and paged (`page` from 0,
/// `per_page` up to `Emulator.tenantsMaxPerPage`), so a sandbox with 100,000 tenants answers
/// a page, not all of them.
final class AdminTenantListTests: XCTestCase {
    var emulator: Emulator!

    override func setUpWithError() throws {
        var registry = DialectRegistry()
        registry.register(NotesDialect())
        emulator = Emulator(dialects: registry, configuration: .init(adminKey: "k3y"))
        try emulator.loadFixtures(documents: [(file: "notes-a.json", bytes: notesFixture(tenant: "alpha", isDefault: true))])
        emulator.startFixtureTenants()
    }

    func list(_ query: String = "", host: String? = "127.0.0.1:8080") -> HTTPResponse {
        var headers: HTTPHeaders = ["Authorization": "Bearer k3y"]
        if let host { headers["Host"] = host }
        return emulator.handle(HTTPRequest(method: "GET", target: "/__admin/tenants" + query, headers: headers))
    }

    func ids(_ response: HTTPResponse) -> [String] {
        response.jsonBody?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
    }

    /// Adds tenants `t1`…`tN` (after `alpha`).
    func addTenants(_ range: ClosedRange<Int>) throws {
        for i in range { try emulator.createTenant(id: "t\(i)", fixture: "notes-a") }
    }

    func testTheListAddressesTenantsAtTheHostAndPortTheRequestUsed() {
        let listed = list(host: "127.0.0.1:43210")
        XCTAssertEqual(listed.jsonBody?[path: JSONPath(parsing: "$[0].addresses")!],
                       ["path_prefix": "http://127.0.0.1:43210/tenants/alpha", "host": "http://alpha.localhost:43210"])
        let named = list(host: "sandbox.test:9000")
        XCTAssertEqual(named.jsonBody?[path: JSONPath(parsing: "$[0].addresses.path_prefix")!], "http://sandbox.test:9000/tenants/alpha")
        // The list and a single tenant's description agree.
        let one = emulator.handle(HTTPRequest(method: "GET", target: "/__admin/tenants/alpha",
                                              headers: ["Authorization": "Bearer k3y", "Host": "127.0.0.1:43210"]))
        XCTAssertEqual(listed.jsonBody?.arrayValue?.first, one.jsonBody)
    }

    func testTheDefaultPageHoldsAHundredTenantsAndLinksTheNext() throws {
        XCTAssertEqual(Emulator.tenantsDefaultPerPage, 100)
        try addTenants(1...99)
        let full = list()
        XCTAssertEqual(ids(full).count, 100)
        XCTAssertEqual(full.headers["X-Total-Count"], "100")
        XCTAssertNil(full.headers["Link"], "a hundred tenants fit in the first page")

        try addTenants(100...100)
        let first = list()
        XCTAssertEqual(ids(first), ["alpha"] + (1...99).map { "t\($0)" }, "creation order")
        XCTAssertEqual(first.headers["X-Total-Count"], "101")
        XCTAssertEqual(first.headers["Link"], #"</__admin/tenants?page=1&per_page=100>; rel="next""#)
        let second = list("?page=1")
        XCTAssertEqual(ids(second), ["t100"])
        XCTAssertNil(second.headers["Link"])
        XCTAssertEqual(ids(list("?page=2")), [], "a page past the end is empty")
    }

    func testPagesOfAChosenSize() throws {
        try addTenants(1...4)
        let page = list("?page=1&per_page=2")
        XCTAssertEqual(ids(page), ["t2", "t3"])
        XCTAssertEqual(page.headers["X-Total-Count"], "5")
        XCTAssertEqual(page.headers["Link"], #"</__admin/tenants?page=2&per_page=2>; rel="next""#)
        XCTAssertEqual(ids(list("?page=2&per_page=2")), ["t4"])
        XCTAssertEqual(ids(list("?per_page=1")), ["alpha"])
        XCTAssertEqual(ids(list("?per_page=1000")).count, 5)
        XCTAssertEqual(ids(list("?page=9223372036854775807&per_page=1000")), [], "a page whose start overflows is empty")
    }

    func testPagingParametersOutsideTheirRangesAreRefused() {
        for query in ["?per_page=0", "?per_page=1001", "?per_page=x", "?per_page=1e3"] {
            let refused = list(query)
            XCTAssertEqual(refused.status, 400, query)
            XCTAssertEqual(refused.jsonBody?["message"], #""per_page" must be an integer in 1...1000."#, query)
        }
        for query in ["?page=-1", "?page=one", "?page=99999999999999999999"] {
            let refused = list(query)
            XCTAssertEqual(refused.status, 400, query)
            XCTAssertEqual(refused.jsonBody?["message"], #""page" must be a non-negative integer (0 is the first page)."#, query)
        }
    }
}
