import TenantMock

/// The requests the micro-benchmark times, built from the default fixtures' credentials.
enum BenchRequests {
    static func field(_ tenant: any AnyTenant, kind: String, label: String, field: String) -> String? {
        tenant.credentials().first { $0.kind == kind && $0.label == label }?.fields.first { $0.name == field }?.value
    }

    static func all(emulator: Emulator) -> [(String, HTTPRequest)] {
        var out: [(String, HTTPRequest)] = []
        out.append(("unknown tenant (404 from addressing)", HTTPRequest(method: "GET", target: "/tenants/nobody/api/v2/roles")))
        if let acme = emulator.tenants.tenant("acme"),
           let token = field(acme, kind: "static_token", label: "acme-all-scopes", field: "token") {
            let auth: HTTPHeaders = ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
            out.append(("auth0 GET /api/v2/users/{id}/roles",
                        HTTPRequest(method: "GET", target: "/api/v2/users/auth0%7C5f7c8ec7c33c6c004bbafe82/roles", headers: auth)))
            out.append(("auth0 GET /api/v2/users/{id}/permissions (totals)",
                        HTTPRequest(method: "GET", target: "/api/v2/users/auth0%7C5f7c8ec7c33c6c004bbafe82/permissions?include_totals=true",
                                    headers: auth)))
            // Removing a permission the user does not hold: a 204 every time, the whole path exercised.
            out.append(("auth0 DELETE /api/v2/users/{id}/permissions",
                        HTTPRequest(method: "DELETE", target: "/api/v2/users/auth0%7C5f7c8ec7c33c6c004bbafe82/permissions",
                                    headers: auth,
                                    body: Array(#"{"permissions":[{"resource_server_identifier":"https://reports.acme.test/","permission_name":"export:reports"}]}"#.utf8))))
        }
        if emulator.tenants.tenant("crux") != nil {
            out.append(("crux DELETE /organizations/users/permissions/{uuid}/",
                        HTTPRequest(method: "DELETE", target: "/organizations/users/permissions/5de38a8e-800e-4cba-84c5-ee6c27f304d8/",
                                    headers: ["Authorization": "Token a0f17278bed479ee719ea890b8caf0329e1f3e5b",
                                              "Content-Type": "application/json; charset=utf-8"],
                                    body: Array(#"{"permission_uuids":["2a0295b6-dd74-4239-9988-24fcdb1adcea","05a46c58-9d13-4912-9167-7effc2cc7482"]}"#.utf8))))
        }
        return out
    }
}
