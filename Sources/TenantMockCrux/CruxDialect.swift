import TenantMockCore

/// The CruxConnect organization API dialect (placeholder: routes arrive with the Crux emulation).
public struct CruxDialect: Dialect {
    public struct State: Sendable {
        public var data: JSONValue
    }

    public init() {}

    public var name: String { "crux" }
    public var title: String { "CruxConnect-style organization API (Django REST Framework)" }

    public func claims(path: String) -> Bool { path.hasPrefix("/organizations") || path.hasPrefix("/timp/organizations") }

    public func makeState(from data: JSONValue, context: FixtureContext) throws(FixtureError) -> State {
        _ = try context.object(data)
        return State(data: data)
    }

    public func snapshot(of state: State) -> JSONValue { state.data }

    public func routes() -> [DialectRoute<CruxDialect>] { [] }

    public func routingFailure(_ failure: RoutingFailure, request: HTTPRequest) -> HTTPResponse {
        HTTPResponse(status: 404, headers: ["Content-Type": "text/html"],
                     body: Array("<h1>Not Found</h1><p>The requested resource was not found on this server.</p>".utf8))
    }

    public func credentials(of state: State, tenant: TenantInfo) -> [Credential] { [] }
}
