import TenantMock
@testable import TenantMockAuth0
import TenantMockCore
import XCTest

/// What no sequence of calls may break: ids that requests cannot overwrite, references that
/// never dangle, snapshots that load again, checkpoint pages that miss nothing.
final class StateIntegrityTests: XCTestCase {
    /// The tenant's snapshot loads as a fixture and answers as the tenant did.
    func assertSnapshotReloads(_ sandbox: Auth0Sandbox, file: StaticString = #filePath, line: UInt = #line) {
        let snapshot = sandbox.tenant().snapshot()
        do {
            let state = try Auth0Dialect().makeState(from: snapshot["data"] ?? nil, context: FixtureContext(file: "<snapshot>", path: JSONPath()))
            XCTAssertEqual(JSONSerializer.string(Auth0Dialect().snapshot(of: state)), JSONSerializer.string(snapshot["data"] ?? nil),
                           "the reloaded snapshot is the same", file: file, line: line)
        } catch {
            XCTFail("the snapshot does not load: \(error)", file: file, line: line)
        }
    }

    /// A request cannot set the members that identify a client, a grant or an organization.
    func testRequestsCannotOverwriteIdentities() throws {
        let sandbox = try Auth0Sandbox()
        let client = sandbox.admin("POST", "/api/v2/clients", json: #"{"name":"x","client_id":"evil","client_secret":"fake","tenant":"other"}"#)
        let id = try XCTUnwrap(client.jsonBody?["client_id"]?.stringValue)
        XCTAssertNotEqual(id, "evil")
        let listed = sandbox.send("GET", "/api/v2/clients", token: sandbox.mint(scopes: ["read:clients"])).jsonBody?.arrayValue ?? []
        XCTAssertFalse(JSONSerializer.string(.array(listed)).contains("evil"))
        XCTAssertFalse(JSONSerializer.string(.array(listed)).contains("fake"))
        XCTAssertEqual(listed.last?["tenant"], "acme")

        let grant = sandbox.admin("POST", "/api/v2/client-grants",
                                  json: #"{"client_id":"\#(id)","audience":"\#(Acme.billingAPI)","scope":[],"id":"cgr_fake"}"#)
        let grantID = try XCTUnwrap(grant.jsonBody?["id"]?.stringValue)
        XCTAssertNotEqual(grantID, "cgr_fake")
        XCTAssertEqual(sandbox.admin("GET", "/api/v2/client-grants/\(grantID)").jsonBody?["id"]?.stringValue, grantID)

        let org = sandbox.admin("POST", "/api/v2/organizations", json: #"{"name":"neworg","id":"org_fake"}"#)
        let orgID = try XCTUnwrap(org.jsonBody?["id"]?.stringValue)
        XCTAssertNotEqual(orgID, "org_fake")
        XCTAssertEqual(sandbox.admin("GET", "/api/v2/organizations/\(orgID)").jsonBody?["id"]?.stringValue, orgID)
        assertSnapshotReloads(sandbox)
    }

    /// Deleting an API takes its client grants (and their organization associations); dropping
    /// scopes takes them from the grants; the snapshot still loads.
    func testAPIChangesReachClientGrants() throws {
        let sandbox = try Auth0Sandbox()
        XCTAssertEqual(sandbox.admin("POST", "/api/v2/organizations/\(Acme.east)/client-grants", json: #"{"grant_id":"\#(Acme.reportsGrant)"}"#).status, 201)
        XCTAssertEqual(sandbox.admin("PATCH", "/api/v2/resource-servers/\(Acme.reportsServerID)",
                                     json: #"{"scopes":[{"value":"read:reports"}]}"#).status, 200)
        XCTAssertEqual(sandbox.admin("GET", "/api/v2/client-grants/\(Acme.reportsGrant)").jsonBody?["scope"], ["read:reports"])
        assertSnapshotReloads(sandbox)
        assertManagement(sandbox.admin("DELETE", "/api/v2/resource-servers/\(Acme.reportsServerID)"), 204, nil)
        assertManagement(sandbox.admin("GET", "/api/v2/client-grants/\(Acme.reportsGrant)"), 404,
                         errorBody(404, "The grant does not exist.", errorCode: "inexistent_client_grant"))
        assertManagement(sandbox.admin("GET", "/api/v2/organizations/\(Acme.east)/client-grants"), 200, [])
        assertSnapshotReloads(sandbox)
    }

    /// Members the API keeps but the fixture format did not know survive a snapshot, and an
    /// API created without scopes still answers without them after one.
    func testSnapshotsOfAPICreatedObjectsReload() throws {
        let sandbox = try Auth0Sandbox()
        XCTAssertEqual(sandbox.admin("POST", "/api/v2/clients", json: #"{"name":"Native","native_social_login":{"apple":{"enabled":true}}}"#).status, 201)
        XCTAssertEqual(sandbox.admin("POST", "/api/v2/organizations", json: #"{"name":"quota-org","token_quota":{"client_credentials":{"per_day":10}}}"#).status, 201)
        XCTAssertEqual(sandbox.admin("POST", "/api/v2/client-grants", json: #"""
            {"client_id":"\#(Acme.storefrontClient)","audience":"\#(Acme.billingAPI)","scope":["read:invoices"],"authorization_details_types":["payment"]}
            """#).status, 201)
        XCTAssertEqual(sandbox.admin("POST", "/api/v2/resource-servers", json: #"{"identifier":"https://bare.acme.test/"}"#).status, 201)
        assertSnapshotReloads(sandbox)
        let data = sandbox.tenant().snapshot()["data"] ?? nil
        let state = try Auth0Dialect().makeState(from: data, context: FixtureContext(file: "<snapshot>", path: JSONPath()))
        XCTAssertNil(state.resourceServers.first { $0.identifier == "https://bare.acme.test/" }?.json["scopes"])
        XCTAssertEqual(state.clientGrants.last?.settings["authorization_details_types"], ["payment"])
    }

    /// A client that deletes each checkpoint page before asking for the next deletes everything.
    func testDeletingWhilePagingMissesNothing() throws {
        let sandbox = try Auth0Sandbox()
        for i in 0..<4 { XCTAssertEqual(sandbox.admin("POST", "/api/v2/organizations", json: #"{"name":"org-\#(i)"}"#).status, 201) }
        var from: String?
        var deleted = 0
        repeat {
            let page = sandbox.admin("GET", "/api/v2/organizations?take=2" + (from.map { "&from=\($0)" } ?? ""))
            for org in page.jsonBody?["organizations"]?.arrayValue ?? [] {
                XCTAssertEqual(sandbox.admin("DELETE", "/api/v2/organizations/\(org["id"]?.stringValue ?? "")").status, 204)
                deleted += 1
            }
            from = page.jsonBody?["next"]?.stringValue
        } while from != nil && deleted < 20
        XCTAssertEqual(deleted, 6)
        assertManagement(sandbox.admin("GET", "/api/v2/organizations"), 200, [])
    }

    func testJSONObjectMergeReplacesInPlaceAndAppends() {
        var object: JSONObject = ["a": 1, "b": 2]
        object.merge(["b": 3, "c": 4, "a": 5])
        XCTAssertEqual(object.keys, ["a", "b", "c"])
        XCTAssertEqual(object["a"], 5)
        XCTAssertEqual(object["b"], 3)
        XCTAssertEqual(object.filter(keys: { $0 != "b" }).keys, ["a", "c"])
    }
}
