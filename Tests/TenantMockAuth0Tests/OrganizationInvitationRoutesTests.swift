import TenantMock
@testable import TenantMockAuth0
import XCTest

/// Invitations to join an organization.
final class OrganizationInvitationRoutesTests: XCTestCase {
    func testCreateReadListDelete() throws {
        let sandbox = try Auth0Sandbox()
        sandbox.tenant().clock.freeze(at: 1_800_000_000)
        let base = "/api/v2/organizations/\(Acme.east)/invitations"
        let created = sandbox.admin("POST", base, json: #"""
            {"inviter":{"name":"Alice"},"invitee":{"email":"zoe@acme.test"},"client_id":"\#(Acme.storefrontClient)","ttl_sec":3600,
             "roles":["\#(Acme.orgViewer)"]}
            """#)
        XCTAssertEqual(created.status, 201, created.bodyText)
        let invitation = try XCTUnwrap(created.jsonBody?.objectValue)
        XCTAssertEqual(Array(invitation.keys.prefix(9)), ["id", "client_id", "inviter", "invitee", "invitation_url", "ticket_id",
                                                         "created_at", "expires_at", "organization_id"])
        let id = try XCTUnwrap(invitation["id"]?.stringValue)
        let ticket = try XCTUnwrap(invitation["ticket_id"]?.stringValue)
        XCTAssertTrue(id.hasPrefix("uinv_") && id.count == 21, id)
        XCTAssertEqual(ticket.count, 32)
        XCTAssertEqual(invitation["invitation_url"]?.stringValue,
                       "https://acme.localhost/login?invitation=\(ticket)&organization=\(Acme.east)&organization_name=acme-east")
        XCTAssertEqual(invitation["created_at"], "2027-01-15T08:00:00.000Z")
        XCTAssertEqual(invitation["expires_at"], "2027-01-15T09:00:00.000Z")
        XCTAssertEqual(invitation["roles"], [.string(Acme.orgViewer)])
        XCTAssertEqual(sandbox.admin("GET", base + "/\(id)").jsonBody?.objectValue, invitation)

        // Newest first; with include_totals, {invitations, start, limit} and limit the number answered (recorded).
        let listed = sandbox.admin("GET", base + "?include_totals=true&per_page=50")
        XCTAssertEqual(listed.jsonBody?.objectValue?.keys, ["invitations", "start", "limit"])
        XCTAssertEqual(listed.jsonBody?["invitations"]?.arrayValue?.compactMap { $0["id"]?.stringValue }, [id, "uinv_AcmeEastInvite01"])
        XCTAssertEqual(listed.jsonBody?["limit"], 2)

        assertManagement(sandbox.admin("DELETE", base + "/\(id)"), 204, nil)
        let gone = errorBody(404, "The invitation does not exist.", errorCode: "inexistent_invitation")
        assertManagement(sandbox.admin("GET", base + "/\(id)"), 404, gone)
        assertManagement(sandbox.admin("DELETE", base + "/\(id)"), 404, gone)
    }

    func testRefusals() throws {
        let sandbox = try Auth0Sandbox()
        let base = "/api/v2/organizations/\(Acme.east)/invitations"
        assertManagement(sandbox.admin("POST", base, json: #"{"inviter":{"name":"A"},"invitee":{"email":"z@acme.test"}}"#), 400,
                         errorBody(400, "Payload validation error: 'Missing required property: client_id'.", errorCode: "invalid_body"))
        assertManagement(sandbox.admin("POST", base, json: #"{"inviter":{"name":"A"},"invitee":{"email":"z@acme.test"},"client_id":"nope"}"#), 404,
                         errorBody(404, "The client does not exist", errorCode: "inexistent_client"))
        assertManagement(sandbox.admin("POST", "/api/v2/organizations/\(Acme.unknownOrg)/invitations",
                                       json: #"{"inviter":{"name":"A"},"invitee":{"email":"z@acme.test"},"client_id":"\#(Acme.storefrontClient)"}"#), 404,
                         errorBody(404, "No organization found by that id or name"))
    }
}
