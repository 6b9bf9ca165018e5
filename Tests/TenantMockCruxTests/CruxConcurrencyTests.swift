import Dispatch
import Synchronization
import TenantMock
import XCTest

/// Concurrent PATCH and DELETE on one user never lose an update: each request
/// authenticates, validates and changes the state inside one `Tenant.mutate`.
final class CruxConcurrencyTests: XCTestCase {
    func testSixteenThreadsOnDisjointPermissionsEndInTheExpectedSet() throws {
        let e = try Crux.emulator()
        let catalogue = try XCTUnwrap(e.crux("GET", "/organizations/all_permissions/", token: Crux.adminToken)
            .jsonBody?.arrayValue?.compactMap { $0["uuid"]?.stringValue })
        let initial: Set<String> = [Crux.editSubscriptionPlan, Crux.viewPaymentInfo]
        let worked = Array(catalogue.filter { !initial.contains($0) }.prefix(16))
        XCTAssertEqual(worked.count, 16)

        // Odd threads remove their permission: give it to the user first.
        let oddOnes = worked.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        let quoted = oddOnes.map { "\"\($0)\"" }.joined(separator: ",")
        XCTAssertEqual(e.crux("PATCH", Crux.permissionsPath, token: Crux.adminToken,
                              json: #"{"permission_uuids":[\#(quoted)]}"#).status, 204)

        // Each thread toggles its own permission many times and ends on its goal:
        // even threads end assigned, odd threads end unassigned.
        let rounds = 25
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 16) { i in
            let body = #"{"permission_uuids":["\#(worked[i])"]}"#
            let sequence = i % 2 == 0 ? ["DELETE", "PATCH"] : ["PATCH", "DELETE"]
            for _ in 0..<rounds {
                for method in sequence {
                    let status = e.crux(method, Crux.permissionsPath, token: Crux.adminToken, json: body).status
                    if status != 204 { failures.record("\(method) #\(i): \(status)") }
                }
            }
        }
        XCTAssertEqual(failures.all, [])
        let expected = initial.union(worked.enumerated().filter { $0.offset % 2 == 0 }.map(\.element))
        XCTAssertEqual(assignedPermissions(e, user: Crux.targetUUID), expected)
    }
}

/// Failures collected from many threads.
final class Failures: Sendable {
    private let list = Mutex<[String]>([])
    func record(_ failure: String) { list.withLock { $0.append(failure) } }
    var all: [String] { list.withLock { $0 } }
}
