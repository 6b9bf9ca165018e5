import Synchronization

/// A dialect with its routes compiled into a router, built once.
struct DialectRuntime<D: Dialect>: Sendable {
    let dialect: D
    let router: Router<DialectRoute<D>.Handler>
    let routes: [DialectRoute<D>]
    /// The router's handlers by route index, built once for every tenant of the dialect.
    let handlers: [DialectRoute<D>.Handler]
    /// Built once, when first asked for: the document does not change while the process
    /// runs, and most runs never ask (the Auth0 one is 256 KB of JSON; building it at
    /// launch took a tenth of the instructions before the first answer).
    let openAPI: OpenAPIDocumentCache

    init(_ dialect: D) {
        self.dialect = dialect
        let routes = dialect.routes()
        var router = Router<DialectRoute<D>.Handler>()
        for route in routes { router.add(route.method, route.path, route.handler) }
        self.router = router
        self.routes = routes
        self.handlers = router.routes.map { $0.handler }
        self.openAPI = OpenAPIDocumentCache { dialect.openAPIDocument() }
    }
}

/// A dialect's OpenAPI document, built by the first caller that asks for it.
final class OpenAPIDocumentCache: Sendable {
    private let build: @Sendable () -> JSONValue
    private let document = Mutex<JSONValue?>(nil)

    init(_ build: @escaping @Sendable () -> JSONValue) {
        self.build = build
    }

    /// The document (built under the lock, so only once).
    var value: JSONValue {
        document.withLock { cached in
            if let cached { return cached }
            let built = build()
            cached = built
            return built
        }
    }
}

/// The dialects an emulator knows, by name.
public struct DialectRegistry: Sendable {
    /// One registered dialect, type-erased.
    public struct Entry: Sendable {
        public let name: String
        public let title: String
        /// `(method, path, summary)` of every route.
        public let routes: [(method: String, path: String, summary: String)]
        let claims: @Sendable (String) -> Bool
        let load: @Sendable (_ header: FixtureHeader, _ data: JSONValue, _ context: FixtureContext) throws(FixtureError) -> any AnyFixture
    }

    public private(set) var entries: [Entry] = []

    public init() {}

    /// Registers `dialect`; a later dialect of the same name replaces it.
    public mutating func register<D: Dialect>(_ dialect: D) {
        let runtime = DialectRuntime(dialect)
        let entry = Entry(
            name: dialect.name,
            title: dialect.title,
            routes: runtime.routes.map { (method: $0.method, path: $0.path, summary: $0.summary) },
            claims: { dialect.claims(path: $0) },
            load: { (header, data, context) throws(FixtureError) -> any AnyFixture in
                let state = try dialect.makeState(from: data, context: context)
                let fixture = Fixture<D>(
                    name: header.name, dialectName: dialect.name, description: header.description,
                    tenantID: header.tenantID, isDefault: header.isDefault, rateLimit: header.rateLimit,
                    file: context.file, state: state)
                return BoundFixture(fixture: fixture, runtime: runtime)
            }
        )
        entries.removeAll { $0.name == dialect.name }
        entries.append(entry)
    }

    /// The dialect named `name`.
    public subscript(name: String) -> Entry? { entries.first { $0.name == name } }

    /// The name of the dialect that claims `path`, if any: what the request path asks
    /// for, without copying the entry (its routes and closures) on every request.
    public func name(claiming path: String) -> String? {
        for i in entries.indices where entries[i].claims(path) { return entries[i].name }
        return nil
    }

    /// The names, in registration order.
    public var names: [String] { entries.map(\.name) }
}
