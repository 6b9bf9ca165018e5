/// Why a fixture (or any JSON input file) was refused: which file, where in it, and why.
public struct FixtureError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file, as given (or a label such as `<inline>`).
    public var file: String
    /// Where in the document.
    public var path: JSONPath
    /// What is wrong, in a sentence.
    public var reason: String

    public init(file: String, path: JSONPath, reason: String) {
        self.file = file
        self.path = path
        self.reason = reason
    }

    /// `file: $.path: reason`, the form `fixtures validate` prints.
    public var description: String { "\(file): \(path): \(reason)" }
}

/// Where a dialect is reading in a fixture; builds `FixtureError`s and checks shapes.
public struct FixtureContext: Sendable {
    /// The file being read.
    public let file: String
    /// The current location.
    public var path: JSONPath
    /// Whether the document is a tenant's exported snapshot (`GET /__admin/tenants/{id}/snapshot`)
    /// rather than an authored fixture. A snapshot records state the API reached, which a
    /// dialect may accept there and refuse in an authored fixture (a token whose client's grant
    /// was changed since it was issued, for one).
    public var isSnapshot: Bool

    public init(file: String, path: JSONPath, isSnapshot: Bool) {
        self.file = file
        self.path = path
        self.isSnapshot = isSnapshot
    }

    /// A context in an authored document (not a snapshot).
    public init(file: String, path: JSONPath) { self.init(file: file, path: path, isSnapshot: false) }

    /// The context one member deeper.
    public func at(_ key: String) -> FixtureContext { FixtureContext(file: file, path: path.key(key), isSnapshot: isSnapshot) }
    /// The context one element deeper.
    public func at(_ index: Int) -> FixtureContext { FixtureContext(file: file, path: path.index(index), isSnapshot: isSnapshot) }

    /// An error at this location.
    public func error(_ reason: String) -> FixtureError { FixtureError(file: file, path: path, reason: reason) }

    /// `value` as an object, or an error naming the type found.
    public func object(_ value: JSONValue) throws(FixtureError) -> JSONObject {
        guard case .object(let o) = value else { throw error("expected an object, found \(value.typeName)") }
        return o
    }

    /// `value` as an array.
    public func array(_ value: JSONValue) throws(FixtureError) -> [JSONValue] {
        guard case .array(let a) = value else { throw error("expected an array, found \(value.typeName)") }
        return a
    }

    /// `value` as a string; `nonEmpty` also refuses `""`.
    public func string(_ value: JSONValue, nonEmpty: Bool = true) throws(FixtureError) -> String {
        guard case .string(let s) = value else { throw error("expected a string, found \(value.typeName)") }
        if nonEmpty && s.isEmpty { throw error("must not be empty") }
        return s
    }

    /// `value` as a boolean.
    public func bool(_ value: JSONValue) throws(FixtureError) -> Bool {
        guard case .bool(let b) = value else { throw error("expected a boolean, found \(value.typeName)") }
        return b
    }

    /// `value` as an integer (one with a fraction, or beyond `Int`'s 64 bits, is refused).
    public func int(_ value: JSONValue) throws(FixtureError) -> Int {
        try int(value, in: Int.min...Int.max)
    }

    /// `value` as an integer in `range`: a fraction, or a number outside `range`, is refused
    /// with the range in the reason.
    public func int(_ value: JSONValue, in range: ClosedRange<Int>) throws(FixtureError) -> Int {
        guard case .number(let n) = value else { throw error("expected an integer, found \(value.typeName)") }
        let outside = "expected an integer in \(range.lowerBound)...\(range.upperBound), found \(n)"
        guard let i = n.intValue else {
            // Whole but beyond 64 bits (`1e19`, or an infinity), or a fraction (or NaN).
            let whole = !n.doubleValue.isNaN && n.doubleValue.rounded() == n.doubleValue
            throw error(whole ? outside : "expected an integer, found \(n)")
        }
        guard range.contains(i) else { throw error(outside) }
        return i
    }

    /// `value` as a finite number in `range`, with the range in the reason (an infinity or NaN,
    /// which a CPython-compatible decoder reads from `Infinity` and `NaN`, is outside any range).
    public func number(_ value: JSONValue, in range: ClosedRange<Double>) throws(FixtureError) -> Double {
        guard case .number(let n) = value else { throw error("expected a number, found \(value.typeName)") }
        let d = n.doubleValue
        guard d.isFinite, range.contains(d) else {
            throw error("expected a number in \(Self.text(range.lowerBound))...\(Self.text(range.upperBound)), found \(n)")
        }
        return d
    }

    /// A bound as JSON writes it (`31536000`, `0.001`).
    static func text(_ bound: Double) -> String { JSONNumber.double(bound).description }

    /// Refuses members of `object` not in `allowed` (catches typos such as `permisions`).
    public func onlyKeys(_ object: JSONObject, _ allowed: Set<String>) throws(FixtureError) {
        for key in object.keys where !allowed.contains(key) {
            throw at(key).error("unknown key \"\(key)\"; expected one of: \(allowed.sorted().joined(separator: ", "))")
        }
    }

    /// The member `key` of `object`, required.
    public func required(_ object: JSONObject, _ key: String) throws(FixtureError) -> JSONValue {
        guard let v = object[key] else { throw error("missing required key \"\(key)\"") }
        return v
    }
}
