import TenantMock
@testable import TenantMockAuth0
import XCTest

/// The users layer: create, read, update, delete, search, and what deleting a user does.
final class UserRoutesTests: XCTestCase {
    static let erin = #"{"connection":"Username-Password-Authentication","email":"erin@acme.test","username":"erin","password":"correct horse"}"#

    /// 201 with Auth0's defaults, alphabetical members; no metadata members when none are given.
    func testCreateAnswersWithDefaults() throws {
        let sandbox = try Auth0Sandbox()
        sandbox.tenant().clock.freeze(at: 1_800_000_000.25)
        let created = sandbox.admin("POST", "/api/v2/users", json: Self.erin)
        XCTAssertEqual(created.status, 201, created.bodyText)
        let id = try XCTUnwrap(created.jsonBody?["user_id"]?.stringValue)
        let local = String(id.dropFirst("auth0|".count))
        XCTAssertTrue(id.hasPrefix("auth0|") && local.count == 24 && local.allSatisfy(\.isHexDigit), id)
        XCTAssertEqual(created.jsonBody?.objectValue?.keys, ["created_at", "email", "email_verified", "identities", "name", "nickname",
                                                            "picture", "updated_at", "user_id", "username"])
        assertManagement(created, 201, [
            "created_at": "2027-01-15T08:00:00.250Z", "email": "erin@acme.test", "email_verified": false,
            "identities": [["connection": "Username-Password-Authentication", "user_id": .string(local), "provider": "auth0", "isSocial": false]],
            "name": "erin@acme.test", "nickname": "erin",
            "picture": .string("https://s.gravatar.com/avatar/\(MD5.hex(Array("erin@acme.test".utf8)))?s=480&r=pg&d=https%3A%2F%2Fcdn.auth0.com%2Favatars%2Fer.png"),
            "updated_at": "2027-01-15T08:00:00.250Z", "user_id": .string(id), "username": "erin",
        ])
        XCTAssertEqual(sandbox.admin("GET", "/api/v2/users/\(enc(id))").jsonBody, created.jsonBody)

        // `app_metadata` comes last; a given user_id becomes auth0|<id>.
        let frank = sandbox.admin("POST", "/api/v2/users", json: #"""
            {"connection":"Username-Password-Authentication","email":"frank@acme.test","password":"p","user_id":"frank1",
             "app_metadata":{"plan":"gold"},"user_metadata":{"theme":"dark"},"blocked":false}
            """#)
        XCTAssertEqual(frank.status, 201, frank.bodyText)
        XCTAssertEqual(frank.jsonBody?["user_id"], "auth0|frank1")
        XCTAssertEqual(frank.jsonBody?.objectValue?.keys.last, "app_metadata")
        XCTAssertEqual(frank.jsonBody?.objectValue?.keys.first, "blocked")
    }

    func testCreateRefusals() throws {
        let sandbox = try Auth0Sandbox()
        XCTAssertEqual(sandbox.admin("POST", "/api/v2/users", json: Self.erin).status, 201)
        assertManagement(sandbox.admin("POST", "/api/v2/users", json: Self.erin.replacingOccurrences(of: "erin@", with: "ERIN@")), 409,
                         errorBody(409, "The user already exists.", errorCode: "auth0_idp_error"))
        assertManagement(sandbox.admin("POST", "/api/v2/users", json: #"{"email":"x@acme.test","password":"p"}"#), 400,
                         errorBody(400, "Payload validation error: 'Missing required property: connection'.", errorCode: "invalid_body"))
        assertManagement(sandbox.admin("POST", "/api/v2/users", json: #"{"connection":"nope","email":"x@acme.test","password":"p"}"#), 400,
                         errorBody(400, "The connection does not exist.", errorCode: "inexistent_connection"))
        assertManagement(sandbox.admin("POST", "/api/v2/users", json: #"{"connection":"Username-Password-Authentication","email":"x@acme.test"}"#),
                         400, errorBody(400, "\"password\" is required"))
        assertManagement(sandbox.admin("POST", "/api/v2/users", json: #"{"connection":"Username-Password-Authentication","email":"not-an-email","password":"p"}"#),
                         400, errorBody(400, "Payload validation error: 'Object didn't pass validation for format email: not-an-email' on property email (The user's email).",
                                        errorCode: "invalid_body"))
        XCTAssertEqual(sandbox.admin("GET", "/api/v2/users?include_totals=true").jsonBody?["total"], 5, "only Erin was created")
    }

    /// PATCH to an e-mail another user of the connection has: 400 (POST's duplicate is 409),
    /// `The specified new email already exists`, `auth0_idp_error`; nothing changes.
    func testUpdateToAnotherUsersEmailIs400() throws {
        let sandbox = try Auth0Sandbox()
        let alice = "auth0%7C5f7c8ec7c33c6c004bbafe82"
        let before = sandbox.admin("GET", "/api/v2/users/\(alice)").jsonBody
        assertManagement(sandbox.admin("PATCH", "/api/v2/users/\(alice)", json: #"{"email":"BOB@acme.test"}"#), 400,
                         errorBody(400, "The specified new email already exists", errorCode: "auth0_idp_error"))
        XCTAssertEqual(sandbox.admin("GET", "/api/v2/users/\(alice)").jsonBody, before)
        XCTAssertEqual(sandbox.admin("PATCH", "/api/v2/users/\(alice)", json: #"{"email":"alice@acme.test"}"#).status, 200,
                       "her own e-mail is no conflict")
    }

    /// PATCH: root members replaced or appended before `app_metadata`; metadata merged one
    /// level deep, `null` removes a key, `{}` clears (recorded semantics).
    func testUpdateMergesMetadata() throws {
        let sandbox = try Auth0Sandbox()
        let path = "/api/v2/users/\(enc(Acme.carol))"
        let set = sandbox.admin("PATCH", path, json: #"{"user_metadata":{"baz":"qux","foo":"bar"},"app_metadata":{"baz":"qux","foo":"bar"}}"#)
        XCTAssertEqual(set.status, 200, set.bodyText)
        let merged = sandbox.admin("PATCH", path, json: #"{"user_metadata":{"baz":null,"foo":"bars"},"app_metadata":{"baz":null,"foo":"bars"},"given_name":"Carol"}"#)
        XCTAssertEqual(merged.jsonBody?["user_metadata"], ["foo": "bars"])
        XCTAssertEqual(merged.jsonBody?["app_metadata"], ["foo": "bars"])
        XCTAssertEqual(merged.jsonBody?["given_name"], "Carol")
        XCTAssertEqual(merged.jsonBody?.objectValue?.keys.last, "app_metadata")
        let cleared = sandbox.admin("PATCH", path, json: #"{"user_metadata":{},"app_metadata":{}}"#)
        XCTAssertEqual(cleared.jsonBody?["user_metadata"], [:])
        XCTAssertNil(cleared.jsonBody?["app_metadata"])
        let refused = sandbox.admin("PATCH", path, json: #"{"user_id":"x","created_at":"y"}"#)
        assertManagement(refused, 400, errorBody(400, "Payload validation error: 'Additional properties not allowed: user_id,created_at' (consider storing them in app_metadata or user_metadata. See \"Users Metadata\" in https://auth0.com/docs/api/v2/changes for more details)",
                                                 errorCode: "invalid_body"))
        assertManagement(sandbox.admin("PATCH", "/api/v2/users/\(enc(Acme.unknownUser))", json: #"{"nickname":"x"}"#), 404,
                         errorBody(404, "The user does not exist.", errorCode: "inexistent_user"))
    }

    /// DELETE: 204, twice; the user leaves her roles, organizations and member roles.
    func testDeleteRemovesTheUserEverywhere() throws {
        let sandbox = try Auth0Sandbox()
        let path = "/api/v2/users/\(enc(Acme.alice))"
        assertManagement(sandbox.admin("DELETE", path), 204, nil)
        assertManagement(sandbox.admin("DELETE", path), 204, nil)
        assertManagement(sandbox.admin("GET", path), 404, errorBody(404, "The user does not exist.", errorCode: "inexistent_user"))
        let members = sandbox.admin("GET", "/api/v2/organizations/\(Acme.east)/members").jsonBody?.arrayValue?.compactMap { $0["user_id"]?.stringValue }
        XCTAssertEqual(members, [Acme.bob])
        XCTAssertFalse(JSONSerializer.string(sandbox.tenant().snapshot()).contains(Acme.alice))
        XCTAssertEqual(sandbox.admin("GET", "/api/v2/roles/\(Acme.reportEditor)/users").jsonBody, [])
    }

    /// `q` finds users; unsupported syntax is a 400; `/users-by-email` is a bare array.
    func testSearch() throws {
        let sandbox = try Auth0Sandbox()
        func ids(_ query: String) -> [String]? {
            sandbox.admin("GET", "/api/v2/users?search_engine=v3&q=" + FormURLEncoding.percentEncode(query)).jsonBody?.arrayValue?
                .compactMap { $0["user_id"]?.stringValue }
        }
        XCTAssertEqual(ids(#"email:"bob@acme.test""#), [Acme.bob])
        XCTAssertEqual(ids("email:BOB@acme.test"), [Acme.bob])
        XCTAssertEqual(ids(#"user_id:"\#(Acme.carol)""#), [Acme.carol])
        XCTAssertEqual(ids("email:a*"), [Acme.alice])
        XCTAssertEqual(ids("*")?.count, 4)
        XCTAssertEqual(ids(#"identities.connection:"Username-Password-Authentication" AND email:dave*"#), [Acme.dave])
        XCTAssertEqual(ids("email:alice* OR email:\"carol@acme.test\""), [Acme.alice, Acme.carol])
        XCTAssertEqual(ids("email:alice* AND name:nobody OR email:bob*"), [Acme.bob], "AND binds tighter than OR")
        assertManagement(sandbox.admin("GET", "/api/v2/users?q=" + FormURLEncoding.percentEncode("NOT email:a")), 400,
                         errorBody(400, "The search query string has an error: unsupported field \"NOT email\"", errorCode: "invalid_query_string"))
        assertManagement(sandbox.admin("GET", "/api/v2/users?q=" + FormURLEncoding.percentEncode("email:a OR")), 400,
                         errorBody(400, "The search query string has an error: \"OR\" is not a field:value term", errorCode: "invalid_query_string"))
        let envelope = sandbox.admin("GET", "/api/v2/users?include_totals=true&per_page=2&q=" + FormURLEncoding.percentEncode("*"))
        XCTAssertEqual(envelope.jsonBody?.objectValue?.keys, ["start", "limit", "length", "users", "total"])
        XCTAssertEqual(envelope.jsonBody?["length"], 2)
        XCTAssertEqual(envelope.jsonBody?["total"], 4)

        let byEmail = sandbox.admin("GET", "/api/v2/users-by-email?email=" + FormURLEncoding.percentEncode("carol@acme.test") + "&fields=user_id")
        assertManagement(byEmail, 200, [["user_id": .string(Acme.carol)]])
        assertManagement(sandbox.admin("GET", "/api/v2/users-by-email?email=nobody%40acme.test"), 200, [])
        assertManagement(sandbox.admin("GET", "/api/v2/users-by-email"), 400,
                         errorBody(400, "Query validation error: 'Missing required property: email'.", errorCode: "invalid_query_string"))
    }

    func testTimestampsAreISOWithMilliseconds() {
        XCTAssertEqual(Auth0Time.iso(0), "1970-01-01T00:00:00.000Z")
        XCTAssertEqual(Auth0Time.iso(1_674_673_226.187), "2023-01-25T19:00:26.187Z")
        XCTAssertEqual(Auth0Time.iso(951_782_400), "2000-02-29T00:00:00.000Z")
        XCTAssertEqual(Auth0Time.iso(253_402_300_799.999), "9999-12-31T23:59:59.999Z")
    }
}
