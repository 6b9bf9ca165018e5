#if canImport(Glibc)
import Glibc
#endif

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

    /// Where a lookup led, naming the route by its index in ``routes``.
    public typealias Lookup = RouteLookup

    /// Every route, in registration order.
    public private(set) var routes: [Route] = []
    /// What lookups read (shared between copies until one of them adds a route).
    public private(set) var table = RouteTable()

    public init() {}

    /// Registers `handler` for `method` on `template`.
    public mutating func add(_ method: String, _ template: String, _ handler: Handler) {
        let route = Route(method: method.uppercased(), template: PathTemplate(template), handler: handler)
        routes.append(route)
        if !isKnownUniquelyReferenced(&table) { table = table.copy() }
        table.add(method: route.method, template: route.template)
    }

    /// Finds the route for `method` and the raw (percent-encoded) `path`.
    ///
    /// When several templates match, the route registered first wins. `HEAD`
    /// falls back to the first matching `GET` route, as HTTP requires. A route
    /// registered for ``RouteTable/anyMethod`` takes any method that no other
    /// matching route takes.
    public func match(method: String, path: String) -> Match {
        switch lookup(method: method, path: path) {
        case .found(let index, let parameters):
            let route = routes[index]
            return .found(route.handler, parameters, route)
        case .methodNotAllowed(let allowed):
            return .methodNotAllowed(allowed: allowed)
        case .notFound:
            return .notFound
        }
    }

    /// ``match(method:path:)`` without fetching the route: the same rules, the route's index.
    public func lookup(method: String, path: String) -> RouteLookup {
        table.lookup(method: method, path: path)
    }
}

/// Where a route lookup led, naming the route by its registration index. Not generic,
/// so a caller that is itself generic (a tenant of any dialect) pays no type lookups for it.
public enum RouteLookup: Sendable {
    case found(route: Int, PathParameters)
    /// Some template matches the path, none for the method; `allowed` is sorted.
    case methodNotAllowed(allowed: [String])
    case notFound
}

/// The matching side of a ``Router``: methods and templates by route index, with no
/// handlers, so it is not generic and one object serves every tenant of a dialect.
///
/// Only ``Router`` changes it, copying it first when it is shared.
public final class RouteTable: @unchecked Sendable {
    /// The method of a route that takes every method no other matching route takes
    /// (a framework that resolves the path first and looks at the method later).
    public static let anyMethod = "*"

    /// Each route's method, by route index (what a lookup compares).
    private var methods: [String] = []
    /// Each route's template as written, by route index.
    public private(set) var templates: [String] = []
    /// Routes grouped by template (one template, many methods), in first-registration order:
    /// each group's template, its matcher and its routes' indices.
    private var groupTemplates: [PathTemplate] = []
    private var groupMatchers: [PathMatcher] = []
    private var groupRoutes: [[Int]] = []
    /// The groups of each segment count (indexed by it), so a lookup only tries templates of
    /// the right length, and of those only the ones whose literal at one position agrees.
    private var buckets: [SegmentCountBucket?] = []

    /// The groups whose templates have one segment count, indexed by the literal at the
    /// position that tells most of them apart (`/api/v2/users/{id}/roles` and
    /// `/api/v2/roles/{id}/users` differ at 2 and at 4).
    struct SegmentCountBucket {
        /// Every group of this segment count, in first-registration order.
        var groups: [Int] = []
        /// The segment position the index is on.
        var position = 0
        /// Groups whose template has a literal at `position`, by that literal's bytes, each list in order.
        var byLiteral: [(literal: [UInt8], groups: [Int])] = []
        /// Groups whose template has a parameter at `position`, in order: they are tried for every path.
        var unindexed: [Int] = []

        /// Re-indexes on the position with the most distinct literals (the first such).
        mutating func index(templates: [PathTemplate]) {
            let count = templates[groups[0]].segments.count
            var best = (position: 0, distinct: -1)
            for position in 0..<count {
                var literals = Set<String>()
                for group in groups {
                    if case .literal(let text) = templates[group].segments[position] { literals.insert(text) }
                }
                if literals.count > best.distinct { best = (position, literals.count) }
            }
            position = best.position
            byLiteral = []
            unindexed = []
            for group in groups {
                guard case .literal(let text) = templates[group].segments[position] else {
                    unindexed.append(group)
                    continue
                }
                let bytes = Array(text.utf8)
                if let i = byLiteral.firstIndex(where: { $0.literal == bytes }) {
                    byLiteral[i].groups.append(group)
                } else {
                    byLiteral.append((bytes, [group]))
                }
            }
        }

        /// The groups whose literal at `position` is the path's segment there.
        func literalGroups(_ path: UnsafeBufferPointer<UInt8>, segments: [Range<Int>]) -> [Int] {
            let range = segments[position]
            for entry in byLiteral where entry.literal.count == range.count {
                let same = entry.literal.withUnsafeBufferPointer { literal in
                    range.isEmpty || memcmp(literal.baseAddress!, path.baseAddress! + range.lowerBound, range.count) == 0
                }
                if same { return entry.groups }
            }
            return []
        }
    }

    init() {}

    func copy() -> RouteTable {
        let copy = RouteTable()
        copy.methods = methods
        copy.templates = templates
        copy.groupTemplates = groupTemplates
        copy.groupMatchers = groupMatchers
        copy.groupRoutes = groupRoutes
        copy.buckets = buckets
        return copy
    }

    func add(method: String, template: PathTemplate) {
        methods.append(method)
        templates.append(template.description)
        let routeIndex = methods.count - 1
        if let group = groupTemplates.firstIndex(of: template) {
            groupRoutes[group].append(routeIndex)
        } else {
            groupTemplates.append(template)
            groupMatchers.append(template.matcher)
            groupRoutes.append([routeIndex])
            let count = template.segments.count
            if count >= buckets.count { buckets.append(contentsOf: repeatElement(nil, count: count + 1 - buckets.count)) }
            var bucket = buckets[count] ?? SegmentCountBucket()
            bucket.groups.append(groupTemplates.count - 1)
            bucket.index(templates: groupTemplates)
            buckets[count] = bucket
        }
    }

    /// The route for `method` and the raw (percent-encoded) `path`, by the rules of ``Router/match(method:path:)``.
    public func lookup(method: String, path: String) -> RouteLookup {
        var path = path
        return path.withUTF8 { lookup(method: method, path: $0) }
    }

    private func lookup(method: String, path: UnsafeBufferPointer<UInt8>) -> RouteLookup {
        let segments = Self.segmentRanges(of: path)
        guard segments.count < buckets.count, let bucket = buckets[segments.count] else { return .notFound }
        let literalGroups = bucket.literalGroups(path, segments: segments)
        let unindexed = bucket.unindexed
        var found: (index: Int, params: PathParameters)?
        var headFallback: (index: Int, params: PathParameters)?
        var anyMethodRoute: (index: Int, params: PathParameters)?
        // The two lists merged in group order (first registration first), without building a third.
        var (l, u) = (0, 0)
        while l < literalGroups.count || u < unindexed.count {
            let groupIndex: Int
            if u == unindexed.count || (l < literalGroups.count && literalGroups[l] < unindexed[u]) {
                groupIndex = literalGroups[l]
                l += 1
            } else {
                groupIndex = unindexed[u]
                u += 1
            }
            guard let params = groupMatchers[groupIndex].match(path, segments: segments) else { continue }
            for routeIndex in groupRoutes[groupIndex] {
                let routeMethod = methods[routeIndex]
                if routeMethod == method {
                    if routeIndex < found?.index ?? .max { found = (routeIndex, params) }
                } else if method == "HEAD" && routeMethod == "GET" {
                    if routeIndex < headFallback?.index ?? .max { headFallback = (routeIndex, params) }
                } else if routeMethod == Self.anyMethod {
                    if routeIndex < anyMethodRoute?.index ?? .max { anyMethodRoute = (routeIndex, params) }
                }
            }
        }
        if let hit = found ?? headFallback ?? anyMethodRoute {
            return .found(route: hit.index, hit.params)
        }
        // No route for the method: the methods of every matching template (the rare path, matched again).
        var allowed = Set(bucket.groups.filter { groupMatchers[$0].match(path, segments: segments) != nil }
            .flatMap { groupRoutes[$0].map { methods[$0] } })
        if allowed.isEmpty { return .notFound }
        if allowed.contains("GET") { allowed.insert("HEAD") }
        return .methodNotAllowed(allowed: allowed.sorted())
    }

    /// The byte ranges of the raw segments after the first `/` (`/a//b/` is `a`, ``, `b`, ``).
    static func segmentRanges(of path: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        guard let first = path.firstIndex(of: UInt8(ascii: "/")) else { return ranges }
        ranges.reserveCapacity(8)
        var start = first + 1
        var i = start
        while i < path.count {
            if path[i] == UInt8(ascii: "/") {
                ranges.append(start..<i)
                start = i + 1
            }
            i += 1
        }
        ranges.append(start..<path.count)
        return ranges
    }

    /// The raw segments after the first `/` (`/a//b/` is `a`, ``, `b`, ``).
    static func segments(of path: String) -> [Substring] {
        var text = path
        let ranges = text.withUTF8 { segmentRanges(of: $0) }
        let utf8 = text.utf8
        return ranges.map { range in
            let start = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
            return Substring(utf8[start..<utf8.index(start, offsetBy: range.count)])
        }
    }
}
