import TenantMockCore

/// The CruxConnect organization API, as a Django REST Framework 3.7 service
/// with `TokenAuthentication` would answer it.
///
/// Paths of the seed's era (`/organizations/…`) and the same under the later
/// `/timp/` prefix. Documented behaviour comes from CruxConnect/crux-docs and
/// seed `003_17996c998d1782d5.txt`; what the docs leave open is answered as
/// DRF 3.7.7 and Django 2.0 do by default (their sources at those tags).
/// `docs/crux.md` lists which is which, case by case.
public struct CruxDialect: Dialect {
    public typealias State = CruxState

    public init() {}

    public var name: String { "crux" }
    public var title: String { "CruxConnect-style organization API (Django REST Framework)" }

    public func claims(path: String) -> Bool {
        path.hasPrefix("/organizations") || path.hasPrefix("/timp/organizations")
    }

    public func makeState(from data: JSONValue, context: FixtureContext) throws(FixtureError) -> CruxState {
        try CruxFixtureSchema.state(from: data, context: context)
    }

    public func snapshot(of state: CruxState) -> JSONValue { CruxFixtureSchema.snapshot(of: state) }

    public func routes() -> [DialectRoute<CruxDialect>] { CruxURLConf.routes() }

    /// A path no view has: Django's HTML 404, or a 301 to the path with a trailing slash
    /// when that one exists. Every method on a view's path is routed (one route takes any
    /// method outside Django's list), so only a path no view has ends here.
    public func routingFailure(_ failure: RoutingFailure, request: HTTPRequest) -> HTTPResponse {
        CruxURLConf.unrouted(request)
    }

    /// An injected fault as Django or DRF would answer it (see `CruxFaultResponse`).
    public func faultResponse(status: Int, request: HTTPRequest, tenant: Tenant<CruxDialect>) -> HTTPResponse {
        CruxFaultResponse.response(status: status, request: request, rateLimit: tenant.rateLimiter.policy)
    }

    /// The handled methods of every view under both prefixes, with bodies and error shapes.
    public func openAPIDocument() -> JSONValue { CruxOpenAPI.document(title: title) }

    /// Every API token (`Authorization: Token …`, with its user, organization
    /// and permissions) and every login (username and password).
    public func credentials(of state: CruxState, tenant: TenantInfo) -> [Credential] {
        var credentials: [Credential] = []
        for user in state.users {
            let orgName = state.organization(user.orgUUID)?.name ?? user.orgUUID
            let label = "\(user.person.firstName) \(user.person.lastName) <\(user.username)>, \(orgName)"
            let held = state.permissions.filter { user.permissions.contains($0.uuid) }.map(\.name).joined(separator: " ")
            for token in state.tokens where token.userUUID == user.uuid {
                var fields: [(name: String, value: String)] = [
                    ("authorization", "Token \(token.key)"), ("user_uuid", user.uuid), ("org_uuid", user.orgUUID),
                    ("permissions", held),
                ]
                if let expiry = token.expiresAt { fields.append(("expires_at", String(Int(saturating: expiry)))) }
                credentials.append(Credential(kind: "api_token", label: label, fields: fields))
            }
            if let password = user.password {
                credentials.append(Credential(kind: "login", label: label, fields: [
                    ("username", user.username), ("password", password), ("user_uuid", user.uuid), ("org_uuid", user.orgUUID),
                ]))
            }
        }
        return credentials
    }
}
