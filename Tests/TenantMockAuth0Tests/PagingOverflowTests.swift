import TenantMock
import XCTest

/// `page` has no maximum on `/roles` and `/roles/{id}/permissions` (Auth0's
/// description gives none), so the paging cap must hold for any `Int` page:
/// schemathesis found `page=1000000000000000001&per_page=44` trapping on
/// arithmetic overflow and taking the server down.
final class PagingOverflowTests: XCTestCase {
    private func capError(_ page: String) -> JSONValue {
        errorBody(400, "Requesting page \(page) exceeds the allowed maximum of 1000 records. To fetch results beyond 1000, use the checkpoint pagination method.",
                  errorCode: "invalid_paging")
    }

    func testHugePageIsThePagingCapNotACrash() throws {
        let sandbox = try Auth0Sandbox()
        assertManagement(sandbox.admin("GET", "/api/v2/roles?page=1000000000000000001&per_page=44"), 400,
                         capError("1000000000000000001"))
        assertManagement(sandbox.admin("GET", "/api/v2/roles/\(Acme.billingAdmin)/permissions?page=\(Int.max)"), 400,
                         capError(String(Int.max)))
    }

    /// The cap's edge with a per_page that does not divide 1000: 22 × 44 + 44 = 1012.
    func testCapEdgeWithUnevenPerPage() throws {
        let sandbox = try Auth0Sandbox()
        assertManagement(sandbox.admin("GET", "/api/v2/roles?page=21&per_page=44"), 200, [])
        assertManagement(sandbox.admin("GET", "/api/v2/roles?page=22&per_page=44"), 400, capError("22"))
    }
}
