/// Matches a method and a raw path against registered path templates.
///
/// Tells apart "no route for this path" (404) from "a route, but not for this
/// method" (405, with the methods that are allowed).
public struct Router<Handler: Sendable>: Sendable {
    /// A registered route.
    public struct Route: Sendable {
        public let method: String
        public let template: PathTemplate
        public let handler: Handler
    }

    /// The outcome of a lookup.
    public enum Match: Sendable {
        case found(Handler, PathParameters, Route)
        /// Some template matches the path, none for the method; `allowed` is sorted.
        case methodNotAllowed(allowed: [String])
        case notFound
    }

    public private(set) var routes: [Route] = []

    public init() {}

    /// Registers `handler` for `method` on `template`.
    public mutating func add(_ method: String, _ template: String, _ handler: Handler) {
        routes.append(Route(method: method.uppercased(), template: PathTemplate(template), handler: handler))
    }

    /// Finds the route for `method` and the raw (percent-encoded) `path`.
    ///
    /// `HEAD` falls back to a `GET` route, as HTTP requires.
    public func match(method: String, path: String) -> Match {
        let raw = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        let segments = Array(raw)
        var allowed: Set<String> = []
        var headFallback: (Handler, PathParameters, Route)?
        for route in routes {
            guard let params = route.template.match(segments) else { continue }
            if route.method == method { return .found(route.handler, params, route) }
            if method == "HEAD" && route.method == "GET" { headFallback = (route.handler, params, route) }
            allowed.insert(route.method)
        }
        if let headFallback { return .found(headFallback.0, headFallback.1, headFallback.2) }
        if allowed.isEmpty { return .notFound }
        if allowed.contains("GET") { allowed.insert("HEAD") }
        return .methodNotAllowed(allowed: allowed.sorted())
    }
}
