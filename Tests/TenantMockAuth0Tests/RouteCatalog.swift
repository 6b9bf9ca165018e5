import TenantMock

/// Every Management API route of the dialect with a request that succeeds with the
/// all-scopes token, its success status, the scope message of its 403, and whether
/// Auth0 documents "Client is not global." for it (auth0-oas-in-scope.txt).
struct ManagementRouteCase {
    var method: String
    var target: String
    var body: String?
    var success: Int
    var scopeMessage: String
    var documentsClientNotGlobal: Bool

    var name: String { "\(method) \(target)" }

    static var all: [ManagementRouteCase] {
        let alice = enc(Acme.alice)
        let perms = #"{"permissions":[{"resource_server_identifier":"https://reports.acme.test/","permission_name":"export:reports"}]}"#
        return [
            .init(method: "GET", target: "/api/v2/users/\(alice)/permissions", body: nil, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: read:users", documentsClientNotGlobal: false),
            .init(method: "POST", target: "/api/v2/users/\(alice)/permissions", body: perms, success: 201,
                  scopeMessage: "Insufficient scope, expected any of: update:users", documentsClientNotGlobal: false),
            .init(method: "DELETE", target: "/api/v2/users/\(alice)/permissions", body: perms, success: 204,
                  scopeMessage: "Insufficient scope, expected any of: update:users", documentsClientNotGlobal: false),
            .init(method: "GET", target: "/api/v2/users/\(alice)/roles", body: nil, success: 200,
                  scopeMessage: "Insufficient scope, expected all of: read:users,read:roles,read:role_members", documentsClientNotGlobal: true),
            .init(method: "POST", target: "/api/v2/users/\(alice)/roles", body: #"{"roles":["\#(Acme.reportReader)"]}"#, success: 204,
                  scopeMessage: "Insufficient scope, expected any of: update:users,create:role_members", documentsClientNotGlobal: true),
            .init(method: "DELETE", target: "/api/v2/users/\(alice)/roles", body: #"{"roles":["\#(Acme.reportReader)"]}"#, success: 204,
                  scopeMessage: "Insufficient scope, expected any of: update:users,delete:role_members", documentsClientNotGlobal: true),
            .init(method: "GET", target: "/api/v2/organizations/\(Acme.east)/members/\(alice)/roles", body: nil, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: read:organization_member_roles", documentsClientNotGlobal: true),
            .init(method: "POST", target: "/api/v2/organizations/\(Acme.east)/members/\(alice)/roles",
                  body: #"{"roles":["\#(Acme.orgViewer)"]}"#, success: 204,
                  scopeMessage: "Insufficient scope, expected any of: create:organization_member_roles", documentsClientNotGlobal: true),
            .init(method: "DELETE", target: "/api/v2/organizations/\(Acme.east)/members/\(alice)/roles",
                  body: #"{"roles":["\#(Acme.orgViewer)"]}"#, success: 204,
                  scopeMessage: "Insufficient scope, expected any of: delete:organization_member_roles", documentsClientNotGlobal: true),
            .init(method: "GET", target: "/api/v2/users/\(alice)", body: nil, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: read:users,read:current_user,read:user_idp_tokens",
                  documentsClientNotGlobal: true),
            .init(method: "GET", target: "/api/v2/roles", body: nil, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: read:roles", documentsClientNotGlobal: false),
            .init(method: "GET", target: "/api/v2/roles/\(Acme.reportEditor)/permissions", body: nil, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: read:roles", documentsClientNotGlobal: false),
            .init(method: "GET", target: "/api/v2/organizations/\(Acme.east)/members", body: nil, success: 200,
                  scopeMessage: "Insufficient scope, expected any of: read:organization_members,read:organization_member_roles",
                  documentsClientNotGlobal: true),
        ]
    }
}
