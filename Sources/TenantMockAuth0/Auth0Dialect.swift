import TenantMockCore

/// The Auth0 Management API v2 dialect (placeholder: routes arrive with the Auth0 emulation).
public struct Auth0Dialect: Dialect {
    public struct State: Sendable {
        public var data: JSONValue
    }

    public init() {}

    public var name: String { "auth0" }
    public var title: String { "Auth0-style Management API v2 and /oauth/token" }

    public func claims(path: String) -> Bool { path.hasPrefix("/api/v2/") || path == "/oauth/token" }

    public func makeState(from data: JSONValue, context: FixtureContext) throws(FixtureError) -> State {
        _ = try context.object(data)
        return State(data: data)
    }

    public func snapshot(of state: State) -> JSONValue { state.data }

    public func routes() -> [DialectRoute<Auth0Dialect>] { [] }

    public func routingFailure(_ failure: RoutingFailure, request: HTTPRequest) -> HTTPResponse {
        .json(404, ["statusCode": 404, "error": "Not Found", "message": "Not Found"],
              contentType: "application/json; charset=utf-8")
    }

    public func credentials(of state: State, tenant: TenantInfo) -> [Credential] { [] }
}
