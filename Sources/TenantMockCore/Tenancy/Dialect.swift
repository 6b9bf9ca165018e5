/// A vendor emulation: its routes, its error-body format, its fixture schema.
///
/// A dialect is a stateless description. Each tenant owns a value of the
/// dialect's `State`, created from a fixture and copied on write, so many
/// tenants can share one loaded fixture until they diverge.
///
/// Adding a vendor takes a module (a target depending on `TenantMockCore` in
/// `Package.swift`) with one type conforming to `Dialect`; that target in the
/// dependencies of the `TenantMock` target; and, in
/// `Sources/TenantMock/BuiltInDialects.swift`, an `@_exported import` of the module
/// and a `register` call in `DialectRegistry.builtIn` (the README's Layout section
/// spells the four steps out). Routing, tenants and the admin API need nothing more.
public protocol Dialect: Sendable {
    /// A tenant's data: a value type, mutated only through `Tenant.mutate`.
    associatedtype State: Sendable

    /// The name fixtures and contracts use, e.g. `"auth0"`.
    var name: String { get }

    /// A one-line description for `tenantmock routes` and the serve banner.
    var title: String { get }

    /// Whether `path` is one of this dialect's, so that a request that names no
    /// tenant goes to this dialect's default tenant.
    func claims(path: String) -> Bool

    /// Builds a state from a fixture's `data` member, validating it completely:
    /// a problem is thrown as a `FixtureError` whose `path` points into `data`
    /// (use `context.path`), and nothing is loaded.
    func makeState(from data: JSONValue, context: FixtureContext) throws(FixtureError) -> State

    /// Adjusts a fixture's state for one tenant (e.g. to derive a per-tenant
    /// signing key). The default keeps the fixture state as it is.
    func prepare(_ state: inout State, forTenant id: String)

    /// The `data` member that recreates `state` through `makeState`.
    func snapshot(of state: State) -> JSONValue

    /// The routes, in matching order.
    func routes() -> [DialectRoute<Self>]

    /// The vendor-shaped answer when nothing is routed: 404, or 405 with `Allow`.
    func routingFailure(_ failure: RoutingFailure, request: HTTPRequest) -> HTTPResponse

    /// The answer when nothing is routed on `tenant` (for a vendor whose unrouted
    /// answers depend on the tenant, e.g. its rate limit). The default is
    /// ``routingFailure(_:request:)``'s.
    func routingFailure(_ failure: RoutingFailure, request: HTTPRequest, tenant: Tenant<Self>) -> HTTPResponse

    /// Ready-to-paste credentials of a tenant in this state (for the serve banner,
    /// the admin API and the test kit).
    func credentials(of state: State, tenant: TenantInfo) -> [Credential]

    /// The vendor-shaped answer when a fault rule forces `status` (500, 503, 429 with
    /// the vendor's rate-limit headers, …). The default is a generic JSON body.
    func faultResponse(status: Int, request: HTTPRequest, tenant: Tenant<Self>) -> HTTPResponse

    /// The OpenAPI 3 document of the dialect's routes, served at `{tenant}/openapi.json`.
    /// The default lists every route with its path parameters and a generic answer;
    /// dialects describe their request schemas and error responses.
    func openAPIDocument() -> JSONValue
}

extension Dialect {
    public func prepare(_ state: inout State, forTenant id: String) {}

    public func openAPIDocument() -> JSONValue {
        var paths = JSONObject()
        for route in routes() {
            var item = paths[route.path]?.objectValue ?? JSONObject()
            let parameters: [JSONValue] = PathTemplate(route.path).parameterNames.map { name in
                ["name": .string(name), "in": "path", "required": true, "schema": ["type": "string"]]
            }
            item[route.method.lowercased()] = [
                "summary": .string(route.summary),
                "operationId": .string(route.method.lowercased() + route.path.map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()),
                "parameters": .array(parameters),
                "responses": ["default": ["description": "The vendor's answer."]],
            ]
            paths[route.path] = .object(item)
        }
        return [
            "openapi": "3.0.3",
            "info": ["title": .string(title), "version": "1"],
            "paths": .object(paths),
        ]
    }

    public func routingFailure(_ failure: RoutingFailure, request: HTTPRequest, tenant: Tenant<Self>) -> HTTPResponse {
        routingFailure(failure, request: request)
    }

    public func faultResponse(status: Int, request: HTTPRequest, tenant: Tenant<Self>) -> HTTPResponse {
        .json(status, ["statusCode": .int(status), "error": .string(HTTPStatus.reasonPhrase(status)),
                       "message": "Injected fault"])
    }
}

/// Why routing found no handler.
public enum RoutingFailure: Sendable, Equatable {
    /// No route has this path.
    case notFound
    /// Routes have this path, for these methods only.
    case methodNotAllowed(allowed: [String])
}

/// One route of a dialect.
public struct DialectRoute<D: Dialect>: Sendable {
    /// Handles one request. Read and change the tenant's state through
    /// `context.tenant`; validation and mutation belong in one `mutate` call so
    /// that the change is atomic.
    public typealias Handler = @Sendable (RequestContext<D>) -> HTTPResponse

    public let method: String
    public let path: String
    /// What the route does, for `tenantmock routes` and documentation.
    public let summary: String
    public let handler: Handler

    public init(_ method: String, _ path: String, summary: String, handler: @escaping Handler) {
        self.method = method
        self.path = path
        self.summary = summary
        self.handler = handler
    }
}

/// Everything a route handler is given.
public struct RequestContext<D: Dialect>: Sendable {
    /// The request, its path relative to the tenant (a `/tenants/{id}` prefix removed).
    public let request: HTTPRequest
    /// The decoded path parameters.
    public let parameters: PathParameters
    /// The template that matched.
    public let route: String
    /// The tenant the request is addressed to.
    public let tenant: Tenant<D>
}

/// A ready-to-use credential of a tenant: a static token, a client id and secret, a login.
public struct Credential: Sendable, Equatable {
    /// What kind, e.g. `client_credentials`, `static_token`, `login`, `api_token`.
    public var kind: String
    /// A human label, e.g. the client's name.
    public var label: String
    /// The values to paste, in display order (e.g. `client_id`, `client_secret`, `audience`).
    public var fields: [(name: String, value: String)]

    public init(kind: String, label: String, fields: [(name: String, value: String)]) {
        self.kind = kind
        self.label = label
        self.fields = fields
    }

    public static func == (lhs: Credential, rhs: Credential) -> Bool {
        lhs.kind == rhs.kind && lhs.label == rhs.label
            && lhs.fields.map(\.name) == rhs.fields.map(\.name) && lhs.fields.map(\.value) == rhs.fields.map(\.value)
    }

    /// The credential as a JSON object.
    public var json: JSONValue {
        var o: JSONObject = ["kind": .string(kind), "label": .string(label)]
        for f in fields { o[f.name] = .string(f.value) }
        return .object(o)
    }
}

/// What a dialect knows of a tenant when describing it.
public struct TenantInfo: Sendable {
    public let id: String
    public let fixture: String

    public init(id: String, fixture: String) {
        self.id = id
        self.fixture = fixture
    }
}
