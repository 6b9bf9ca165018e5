import Foundation
import TenantMock
import XCTest

/// The identities of `Fixtures/crux-supplier.json`.
enum Crux {
    /// The seed's token (`003_17996c998d1782d5.txt`): Roy Breslawski, supplier admin (view + edit users).
    static let adminToken = "a0f17278bed479ee719ea890b8caf0329e1f3e5b"
    static let adminUUID = "52d13dc7-5463-4f90-9e5b-5b8ec97228ff"
    /// Priya Natarajan: `view_org_users` only.
    static let viewerToken = "79a8ff9a215d1c6029ff52f9497448b6cb636380"
    static let viewerUUID = "3a7acb28-ab13-437e-8c35-46cf4f0bea49"
    /// Marta Okafor, admin of the retailer organization.
    static let retailerAdminToken = "431777e1cec3ae2fbb009136a9650073ca262c4c"
    static let retailerAdminUUID = "bbf87952-1d63-4961-a441-f8be1d848575"
    static let retailerUserUUID = "03a67d63-04d2-43ac-85e6-4244dc7820a7"
    /// The seed's target user, holding the seed's two permissions.
    static let targetUUID = "5de38a8e-800e-4cba-84c5-ee6c27f304d8"
    static let supplierOrgUUID = "757ce28d-fbd6-4b9f-8051-f847482e169f"
    static let retailerOrgUUID = "75f03d0b-ca46-4ef3-babc-586023ee6855"

    static let editSubscriptionPlan = "2a0295b6-dd74-4239-9988-24fcdb1adcea"
    static let viewPaymentInfo = "05a46c58-9d13-4912-9167-7effc2cc7482"
    static let viewOrgUsers = "ccd415a0-b72d-4f9e-8a3d-aa2fd2b327ed"
    static let editOrgUsers = "96501d33-b805-418a-b185-267279876ff3"
    /// `create_order`: RETAILER-only, so not in the supplier's catalogue.
    static let createOrder = "327ca720-517f-40d2-97f5-35260d67280b"

    static let permissionsPath = "/organizations/users/permissions/\(targetUUID)/"

    /// The exact body of the seed's curl (`-d $'{…}'`).
    static let seedBody = "{\n  \"permission_uuids\": [\n    \"2a0295b6-dd74-4239-9988-24fcdb1adcea\",\n    \"05a46c58-9d13-4912-9167-7effc2cc7482\"\n  ]\n}"

    static var fixturePath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/crux-supplier.json").path
    }

    /// A fresh emulator with the supplier fixture's tenant `crux` running.
    static func emulator() throws -> Emulator {
        let emulator = Emulator(dialects: .builtIn)
        try emulator.loadFixtures(paths: [fixturePath])
        emulator.startFixtureTenants()
        return emulator
    }
}

extension Emulator {
    /// Sends a request as a client would: optional `Authorization: Token`, a
    /// JSON body with the docs' `Content-Type: application/json; charset=utf-8`.
    func crux(_ method: String, _ target: String, token: String? = nil, json: String? = nil,
              headers extra: [(String, String)] = []) -> HTTPResponse {
        var headers = HTTPHeaders()
        if let token { headers.add(name: "Authorization", value: "Token \(token)") }
        if json != nil { headers.add(name: "Content-Type", value: "application/json; charset=utf-8") }
        for (name, value) in extra { headers[name] = value }
        return handle(HTTPRequest(method: method, target: target, headers: headers, body: Array((json ?? "").utf8)))
    }

    /// The tenant `crux`.
    var cruxTenant: any AnyTenant { tenants.tenant("crux")! }
}

/// Asserts a DRF JSON answer: status, `Content-Type: application/json`, the
/// exact compact body, and the headers every DRF view response carries.
func assertDRF(_ response: HTTPResponse, _ status: Int, _ body: String, allow: String? = nil,
               file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(response.status, status, "status", file: file, line: line)
    XCTAssertEqual(response.headers["Content-Type"], "application/json", "Content-Type", file: file, line: line)
    XCTAssertEqual(response.bodyText, body, "body", file: file, line: line)
    if let allow {
        XCTAssertEqual(response.headers["Allow"], allow, "Allow", file: file, line: line)
        XCTAssertEqual(response.headers["Vary"], "Accept", "Vary", file: file, line: line)
    }
}

/// The permission UUIDs a GET of the user's permissions shows as assigned.
func assignedPermissions(_ emulator: Emulator, user: String, token: String = Crux.adminToken,
                         file: StaticString = #filePath, line: UInt = #line) -> Set<String> {
    let response = emulator.crux("GET", "/organizations/users/permissions/\(user)/", token: token)
    XCTAssertEqual(response.status, 200, file: file, line: line)
    guard let entries = response.jsonBody?["permissions"]?.arrayValue else {
        XCTFail("no permissions list in \(response.bodyText)", file: file, line: line)
        return []
    }
    return Set(entries.compactMap { entry -> String? in
        entry["assigned"] == .bool(true) ? entry["permission"]?["uuid"]?.stringValue : nil
    })
}
