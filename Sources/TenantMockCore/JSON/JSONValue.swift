/// A JSON value that keeps what Foundation loses: object key order, and the
/// difference between a boolean and a number.
///
/// Objects are ordered lists of members, so a value serializes back in the order
/// it was built or parsed. Equality ignores member order (JSON objects are
/// unordered) but never confuses `true` with `1`.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

/// A JSON number: integral numbers that fit in `Int` stay exact.
public enum JSONNumber: Sendable, Hashable, CustomStringConvertible {
    case int(Int)
    case double(Double)

    /// The number as a `Double`.
    public var doubleValue: Double {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        }
    }

    /// The number as an `Int`, when it is integral and in range.
    public var intValue: Int? {
        switch self {
        case .int(let i): return i
        case .double(let d):
            guard d.rounded() == d, let i = Int(exactly: d) else { return nil }
            return i
        }
    }

    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        switch (lhs, rhs) {
        case (.int(let a), .int(let b)): return a == b
        default: return lhs.doubleValue == rhs.doubleValue
        }
    }

    public func hash(into hasher: inout Hasher) {
        if let i = intValue { hasher.combine(i) } else { hasher.combine(doubleValue) }
    }

    public var description: String {
        switch self {
        case .int(let i): return String(i)
        case .double(let d):
            if d.rounded() == d, abs(d) < 1e15 { return String(Int(d)) }
            return "\(d)"
        }
    }
}

/// An ordered JSON object. Lookup is linear: objects in API bodies are small.
public struct JSONObject: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    /// The members in order.
    public private(set) var members: [(key: String, value: JSONValue)]

    public init() { members = [] }

    public init(_ members: [(key: String, value: JSONValue)]) { self.members = members }

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        members = elements.map { (key: $0.0, value: $0.1) }
    }

    /// The value for `key`, or `nil`. Setting `nil` removes the member;
    /// setting an existing key replaces it in place.
    public subscript(key: String) -> JSONValue? {
        get { members.first(where: { $0.key == key })?.value }
        set {
            if let index = members.firstIndex(where: { $0.key == key }) {
                if let newValue { members[index].value = newValue } else { members.remove(at: index) }
            } else if let newValue {
                members.append((key: key, value: newValue))
            }
        }
    }

    /// Sets every member of `other` in one pass: existing keys are replaced in place, new ones
    /// appended in `other`'s order. Linear in both sizes (the subscript's setter scans, so a loop
    /// of it over a client's object would be quadratic).
    public mutating func merge(_ other: JSONObject) {
        guard !other.isEmpty else { return }
        var index: [String: Int] = [:]
        index.reserveCapacity(members.count)
        for (i, member) in members.enumerated() where index[member.key] == nil { index[member.key] = i }
        for (key, value) in other.members {
            if let i = index[key] { members[i].value = value } else { index[key] = members.count; members.append((key: key, value: value)) }
        }
    }

    /// The members whose keys `isIncluded` accepts, in order.
    public func filter(keys isIncluded: (String) -> Bool) -> JSONObject {
        JSONObject(members.filter { isIncluded($0.key) })
    }

    /// The keys in order.
    public var keys: [String] { members.map(\.key) }
    public var count: Int { members.count }
    public var isEmpty: Bool { members.isEmpty }

    public func makeIterator() -> IndexingIterator<[(key: String, value: JSONValue)]> {
        members.makeIterator()
    }

    /// Member order is irrelevant to equality.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.members.count == rhs.members.count else { return false }
        for (key, value) in lhs.members where rhs[key] != value { return false }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(members.count)
        var combined = 0
        for (key, value) in members {
            var h = Hasher()
            h.combine(key)
            h.combine(value)
            combined ^= h.finalize()
        }
        hasher.combine(combined)
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(.int(value)) }
    public init(floatLiteral value: Double) { self = .number(.double(value)) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements.map { (key: $0.0, value: $0.1) }))
    }
}

extension JSONValue {
    /// A number value from an `Int`.
    public static func int(_ value: Int) -> JSONValue { .number(.int(value)) }

    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    public var intValue: Int? { if case .number(let n) = self { return n.intValue } else { return nil } }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
    public var objectValue: JSONObject? { if case .object(let o) = self { return o } else { return nil } }
    public var isNull: Bool { if case .null = self { return true } else { return false } }

    /// The member `key` of an object, or `nil` for anything else.
    public subscript(key: String) -> JSONValue? { objectValue?[key] }

    /// The JSON type name used in validation messages: `null`, `boolean`,
    /// `integer`, `number`, `string`, `array` or `object`.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number(let n): return n.intValue != nil ? "integer" : "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}
