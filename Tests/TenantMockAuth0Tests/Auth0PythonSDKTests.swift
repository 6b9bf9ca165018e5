import Foundation
import TenantMock
import XCTest

/// The official auth0-python SDK (6.8.0, the version `.ci/run` installs) drives the users
/// and roles layer against the server on a real socket: it builds the requests, parses the
/// answers into its models and raises its own errors, so a shape it cannot read fails here.
final class Auth0PythonSDKTests: XCTestCase {
    /// API with scopes → role → role permissions → user → role assigned → the user's
    /// permissions through the role → role deleted → they are gone → user deleted → 404.
    static let script = #"""
    import sys
    try:
        from auth0.authentication import GetToken
        from auth0.management import Auth0
        from auth0.management.core.api_error import ApiError
        from auth0.management.types import PermissionRequestPayload, ResourceServerScope
    except ImportError as error:
        print(f"auth0-python is not installed: {error}")
        sys.exit(3)

    host = sys.argv[1]
    token = GetToken(host, "wI356V7iWOwVC0BUH4J8I5a6zy3gy5nZ",
                     client_secret="JhplyE3C2w7add4Cn7bSXCuV1UeyDZaAORIa48Oi3c64mexlxxvquvrSlsINK01Q",
                     protocol="http").client_credentials(audience="https://acme.localhost/api/v2/")["access_token"]
    mgmt = Auth0(base_url=f"http://{host}/api/v2", token=token, max_retries=0)

    def expect(step, actual, wanted):
        if actual != wanted:
            sys.exit(f"{step}: {actual!r}, expected {wanted!r}")
        print(step)

    api = "https://ledger.acme.test/"
    server = mgmt.resource_servers.create(identifier=api, name="Ledger API", scopes=[
        ResourceServerScope(value="read:ledger", description="Read the ledger"),
        ResourceServerScope(value="post:ledger", description="Post entries")])
    expect("api", (server.identifier, [s.value for s in server.scopes]), (api, ["read:ledger", "post:ledger"]))

    role = mgmt.roles.create(name="Bookkeeper", description="Keeps the books")
    expect("role", (role.name, role.description, role.id.startswith("rol_")), ("Bookkeeper", "Keeps the books", True))
    mgmt.roles.permissions.add(role.id, permissions=[
        PermissionRequestPayload(resource_server_identifier=api, permission_name="read:ledger"),
        PermissionRequestPayload(resource_server_identifier=api, permission_name="post:ledger")])
    listed = mgmt.roles.permissions.list(role.id, per_page=50, include_totals=True)
    expect("role permissions", sorted(p.permission_name for p in listed.items), ["post:ledger", "read:ledger"])

    user = mgmt.users.create(connection="Username-Password-Authentication", email="erin@acme.test",
                             password="correct horse battery", user_metadata={"team": "books"})
    expect("user", (user.email, user.user_id.startswith("auth0|"), user.user_metadata), ("erin@acme.test", True, {"team": "books"}))
    mgmt.users.roles.assign(user.user_id, roles=[role.id])
    held = mgmt.users.permissions.list(user.user_id, per_page=50, include_totals=True)
    expect("permissions through the role",
           sorted((p.permission_name, p.sources[0]["source_type"], p.sources[0]["source_id"]) for p in held.items),
           [("post:ledger", "ROLE", role.id), ("read:ledger", "ROLE", role.id)])
    found = mgmt.users.list(q='email:"erin@acme.test"', search_engine="v3", include_totals=True)
    expect("search", [u.user_id for u in found.items], [user.user_id])

    mgmt.roles.delete(role.id)
    held = mgmt.users.permissions.list(user.user_id, per_page=50, include_totals=True)
    expect("permissions after the role is deleted", list(held.items), [])

    mgmt.users.delete(user.user_id)
    try:
        mgmt.users.get(user.user_id)
        sys.exit("get after delete: no error")
    except ApiError as error:
        expect("user gone", (error.status_code, error.body.get("errorCode")), (404, "inexistent_user"))
    mgmt.resource_servers.delete(server.id)
    print("done")
    """#

    func testUsersAndRolesFlowWithTheOfficialSDK() throws {
        guard isInstalled("python3") else { throw XCTSkip("python3 is not installed") }
        guard try runProcess("python3", ["-c", "import auth0.management"]).status == 0 else {
            throw XCTSkip("auth0-python is not installed (.ci/run installs it: python3 -m pip install auth0-python==6.8.0)")
        }
        let live = try Auth0LiveSandbox()
        defer { live.stop() }
        let result = try runPython(Self.script, arguments: ["127.0.0.1:\(live.port)"])
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertEqual(result.output.split(separator: "\n"), [
            "api", "role", "role permissions", "user", "permissions through the role", "search",
            "permissions after the role is deleted", "user gone", "done",
        ], result.output)
        // The server agrees: neither the role nor the user is left.
        XCTAssertEqual(live.sandbox.admin("GET", "/api/v2/users?include_totals=true").jsonBody?["total"], 4)
        XCTAssertEqual(live.sandbox.admin("GET", "/api/v2/roles?include_totals=true").jsonBody?["total"], 5)
    }
}
