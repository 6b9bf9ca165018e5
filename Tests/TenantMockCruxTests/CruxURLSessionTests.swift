import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TenantMock
import XCTest

/// The seed's request sent by a real `URLSession` client, through the in-process transport.
final class CruxURLSessionTests: XCTestCase {
    func testSeedRequestThroughURLSession() async throws {
        let emulator = try Crux.emulator()
        let transport = InProcessTransport(emulator: emulator)
        let session = transport.makeSession()
        let url = transport.baseURL.appendingPathComponent("organizations/users/permissions/\(Crux.targetUUID)/")

        var delete = URLRequest(url: url)
        delete.httpMethod = "DELETE"
        delete.setValue("Token \(Crux.adminToken)", forHTTPHeaderField: "Authorization")
        delete.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
        delete.httpBody = Data(Crux.seedBody.utf8)
        let (deleteBody, deleteResponse) = try await session.data(for: delete)
        let deleted = try XCTUnwrap(deleteResponse as? HTTPURLResponse)
        XCTAssertEqual(deleted.statusCode, 204)
        XCTAssertEqual(deleteBody.count, 0)
        XCTAssertNil(deleted.value(forHTTPHeaderField: "Content-Type"))

        var get = URLRequest(url: url)
        get.setValue("Token \(Crux.adminToken)", forHTTPHeaderField: "Authorization")
        let (getBody, getResponse) = try await session.data(for: get)
        XCTAssertEqual((getResponse as? HTTPURLResponse)?.statusCode, 200)
        XCTAssertEqual((getResponse as? HTTPURLResponse)?.value(forHTTPHeaderField: "Content-Type"), "application/json")
        let body = try JSONParser().parse(Array(getBody))
        let assigned = body["permissions"]?.arrayValue?.filter { $0["assigned"] == .bool(true) }
        XCTAssertEqual(assigned, [])
        XCTAssertEqual(body["org_user"], ["uuid": .string(Crux.targetUUID)])

        var unauthenticated = URLRequest(url: url)
        unauthenticated.httpMethod = "DELETE"
        let (errorBody, errorResponse) = try await session.data(for: unauthenticated)
        let refused = try XCTUnwrap(errorResponse as? HTTPURLResponse)
        XCTAssertEqual(refused.statusCode, 401)
        XCTAssertEqual(refused.value(forHTTPHeaderField: "WWW-Authenticate"), "Token")
        XCTAssertEqual(String(decoding: errorBody, as: UTF8.self), #"{"detail":"Authentication credentials were not provided."}"#)
    }
}
