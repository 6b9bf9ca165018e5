import Foundation
import TenantMock
import XCTest

/// A client written with Python's `requests`, the library of seed 003's Python sample
/// and of most scripts against Auth0, against the server on a real socket.
final class Auth0PythonRequestsTests: XCTestCase {
    /// Token, assign, read, remove, read — each answer checked inside the script, which
    /// exits non-zero with the mismatch on the first one that differs.
    ///
    /// Expectations: `/oauth/token` answers `access_token`, `expires_in` 86400, the
    /// granted `scope`, `token_type` Bearer with `Cache-Control: no-store` (docs/auth0.md,
    /// recorded); POST permissions is 201 `{}` (recorded); DELETE is 204 with no body;
    /// lists are sorted by API identifier then name, each item a direct grant (recorded);
    /// every Management answer is `application/json; charset=utf-8` with integer
    /// `X-RateLimit-*` headers (recorded).
    static let script = #"""
    import sys
    try:
        import requests
    except ImportError:
        print("requests is not installed")
        sys.exit(3)

    base = sys.argv[1]
    steps = []

    def check(step, response, status, body):
        if response.status_code != status:
            sys.exit(f"{step}: status {response.status_code}, expected {status}: {response.text}")
        actual = response.json() if body is not None else response.content
        expected = body if body is not None else b""
        if actual != expected:
            sys.exit(f"{step}: body {actual!r}, expected {expected!r}")
        steps.append(step)

    def check_management(step, response, status, body):
        check(step, response, status, body)
        content_type = response.headers.get("Content-Type")
        if content_type != "application/json; charset=utf-8":
            sys.exit(f"{step}: Content-Type {content_type!r}")
        for name in ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"):
            if not response.headers.get(name, "").isdigit():
                sys.exit(f"{step}: {name} {response.headers.get(name)!r} is not an integer")

    scopes = ("read:users update:users create:users delete:users read:roles create:roles update:roles delete:roles "
              "read:resource_servers create:resource_servers update:resource_servers delete:resource_servers "
              "read:clients read:client_keys create:clients update:clients delete:clients "
              "read:client_grants create:client_grants update:client_grants delete:client_grants "
              "read:role_members create:role_members delete:role_members "
              "read:organizations create:organizations update:organizations delete:organizations "
              "read:connections read:organization_connections create:organization_connections "
              "update:organization_connections delete:organization_connections "
              "read:organization_client_grants create:organization_client_grants delete:organization_client_grants "
              "read:organization_invitations create:organization_invitations delete:organization_invitations "
              "read:organization_members create:organization_members delete:organization_members read:organization_member_roles "
              "create:organization_member_roles delete:organization_member_roles")
    session = requests.Session()
    r = session.post(base + "/oauth/token", json={
        "grant_type": "client_credentials",
        "client_id": "wI356V7iWOwVC0BUH4J8I5a6zy3gy5nZ",
        "client_secret": "JhplyE3C2w7add4Cn7bSXCuV1UeyDZaAORIa48Oi3c64mexlxxvquvrSlsINK01Q",
        "audience": "https://acme.localhost/api/v2/",
    }, timeout=10)
    token = r.json().get("access_token") if r.status_code == 200 else None
    if not isinstance(token, str) or token.count(".") != 2:
        sys.exit(f"token: {r.status_code} {r.text}")
    check("token", r, 200, {"access_token": token, "expires_in": 86400, "scope": scopes, "token_type": "Bearer"})
    if r.headers.get("Cache-Control") != "no-store":
        sys.exit(f"token: Cache-Control {r.headers.get('Cache-Control')!r}")

    session.headers["Authorization"] = "Bearer " + token
    url = base + "/api/v2/users/auth0%7C6e3a14fbec1ddc15f11b7142/permissions"
    change = {"permissions": [
        {"resource_server_identifier": "https://reports.acme.test/", "permission_name": "export:reports"},
        {"resource_server_identifier": "https://billing.acme.test/", "permission_name": "read:invoices"},
    ]}
    direct = [{"source_id": "", "source_name": "", "source_type": "DIRECT"}]
    read_invoices = {"permission_name": "read:invoices", "description": "Read invoices",
                     "resource_server_name": "Acme Billing API", "resource_server_identifier": "https://billing.acme.test/",
                     "sources": direct}
    export_reports = {"permission_name": "export:reports", "description": "Export reports",
                      "resource_server_name": "Acme Reports API", "resource_server_identifier": "https://reports.acme.test/",
                      "sources": direct}
    read_reports = {"permission_name": "read:reports", "description": "Read reports",
                    "resource_server_name": "Acme Reports API", "resource_server_identifier": "https://reports.acme.test/",
                    "sources": direct}

    check_management("assign", session.post(url, json=change, timeout=10), 201, {})
    check_management("read after assign", session.get(url, timeout=10), 200, [read_invoices, export_reports, read_reports])
    check_management("remove", session.delete(url, json=change, timeout=10), 204, None)
    check_management("read after remove", session.get(url, timeout=10), 200, [read_reports])
    print(" ".join(steps))
    """#

    func testTokenAssignReadRemoveReadWithPythonRequests() throws {
        guard isInstalled("python3") else { throw XCTSkip("python3 is not installed") }
        guard try runProcess("python3", ["-c", "import requests"]).status == 0 else {
            throw XCTSkip("Python's requests is not installed (.ci/run installs it: python3 -m pip install requests)")
        }
        let live = try Auth0LiveSandbox()
        defer { live.stop() }

        let result = try runPython(Self.script, arguments: [live.base])
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertEqual(result.output, "token assign read after assign remove read after remove\n")

        // The server's state agrees: Carol holds only her fixture permission again.
        assertManagement(live.sandbox.admin("GET", "/api/v2/users/\(enc(Acme.carol))/permissions"), 200,
                         [permissionItem("read:reports", Acme.reportsAPI, sources: [direct])])
    }
}
