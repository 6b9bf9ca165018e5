import TenantMockCore

/// The Auth0-style Management API v2 and its `/oauth/token` endpoint.
///
/// Emulates user permissions, user roles and organization member roles, with the
/// reads around them (a user, the roles, a role's permissions, an organization's
/// members), statefully per tenant: Auth0's success codes and bodies, its error
/// bodies and wordings, its scopes, its pagination and its rate-limit headers.
/// `docs/auth0.md` lists the fixture schema, the routes, and the source of
/// each behaviour.
public struct Auth0Dialect: Dialect {
    public typealias State = Auth0State

    /// The `Content-Type` of every answer, 204s included (observed in all recorded responses).
    public static let contentType = "application/json; charset=utf-8"

    /// Tokens whose signature already verified, shared by this dialect's tenants
    /// (entries are bound to the key they verified under).
    let tokenCache: VerifiedTokenCache<ManagementTokenClaims>

    public init() { tokenCache = VerifiedTokenCache(capacity: 4096) }

    public var name: String { "auth0" }
    public var title: String { "Auth0-style Management API v2 and /oauth/token" }

    public func claims(path: String) -> Bool { path.hasPrefix("/api/v2/") || path == "/oauth/token" }

    public func makeState(from data: JSONValue, context: FixtureContext) throws(FixtureError) -> Auth0State {
        try Auth0FixtureSchema.makeState(from: data, context: context)
    }

    /// Sets the tenant's domain (`{tenant}` in the fixture's `domain` replaced by the
    /// tenant id), derives its signing key from the id, and signs its static tokens.
    public func prepare(_ state: inout Auth0State, forTenant id: String) {
        Auth0TokenIssuer.prepare(&state, tenant: id)
    }

    public func snapshot(of state: Auth0State) -> JSONValue { Auth0FixtureSchema.snapshot(of: state) }

    /// Every emulated operation, described once (``Auth0Operation``): the routes and the
    /// OpenAPI document are both built from this list.
    static var operations: [Auth0Operation] {
        UserPermissionsRoutes.operations + UserRolesRoutes.operations + OrganizationMemberRolesRoutes.operations
            + UserRoutes.operations + ReadRoutes.operations + RoleRoutes.operations + ResourceServerRoutes.operations
            + ClientRoutes.operations + ClientGrantRoutes.operations + OrganizationRoutes.operations
            + OrganizationConnectionRoutes.operations
            + OrganizationClientGrantRoutes.operations
            + OrganizationInvitationRoutes.operations + [TokenEndpoint.operation]
    }

    /// The Management API scopes the emulator knows: every scope one of its operations
    /// accepts, sorted, computed once.
    static let managementScopes: [String] = Set(operations.flatMap { $0.scopes?.scopes ?? [] }).sorted()

    public func routes() -> [DialectRoute<Auth0Dialect>] { Self.operations.map(\.route) }

    /// hapi answers an unknown path, or a known path with another method, with its plain 404.
    public func routingFailure(_ failure: RoutingFailure, request: HTTPRequest) -> HTTPResponse {
        Auth0Error(status: 404, message: "Not Found").response
    }

    /// Under `/api/v2/` that 404 is a Management API answer like any other: rate-limited, with
    /// the `X-RateLimit-*` headers, which come on normal answers too
    /// (https://community.auth0.com/t/how-to-tell-if-you-are-approaching-the-rate-limit/82103).
    public func routingFailure(_ failure: RoutingFailure, request: HTTPRequest, tenant: Tenant<Auth0Dialect>) -> HTTPResponse {
        guard request.path.hasPrefix("/api/v2/") else { return routingFailure(failure, request: request) }
        return ManagementRoute.rateLimited(on: tenant) { routingFailure(failure, request: request) }
    }

    /// Per client: its id, secret, the Management API audience and the token URL path;
    /// per static token: the token and its scopes.
    public func credentials(of state: Auth0State, tenant: TenantInfo) -> [Credential] {
        var out: [Credential] = []
        for client in state.clientOrder.compactMap({ state.clients[$0] }) {
            var fields: [(name: String, value: String)] = [
                (name: "client_id", value: client.id), (name: "client_secret", value: client.secret),
                (name: "audience", value: state.managementAudience), (name: "token_path", value: "/oauth/token"),
                (name: "scopes", value: client.managementScopes?.joined(separator: " ") ?? "(no Management API grant)"),
            ]
            if !client.isGlobal { fields.append((name: "note", value: "not global: answered 401 \"Client is not global.\"")) }
            out.append(Credential(kind: "client_credentials", label: client.name, fields: fields))
        }
        for token in state.staticTokens {
            out.append(Credential(kind: "static_token", label: token.name, fields: [
                (name: "token", value: token.token(in: state)), (name: "client_id", value: token.clientID),
                (name: "scopes", value: token.scopes.joined(separator: " ")), (name: "expires_at", value: String(token.expiresAt)),
            ]))
        }
        return out
    }
}
