import TenantMockCore
import Foundation

/// What a JSON value must be: an exact value, or one of a few inline matchers.
///
/// Written in contract files as plain JSON — objects and arrays are compared
/// exactly (member order irrelevant, booleans distinct from numbers) — except
/// for an object with a single `$`-member, which is a matcher:
///
/// | matcher | matches |
/// |---|---|
/// | `{"$any": "string"}` | any value of a type: `string`, `number`, `integer`, `boolean`, `array`, `object`, `null`, or `any` |
/// | `{"$regex": "^rol_"}` | a string the regular expression finds a match in (anchor it with `^…$`) |
/// | `{"$contains": [a, b]}` | an array holding items matching `a` and `b` (distinct items, any order, others allowed) |
/// | `{"$unordered": [a, b]}` | an array of exactly items matching `a` and `b`, in any order |
/// | `{"$partial": {"k": v}}` | an object with at least the member `k` matching `v` (others allowed) |
/// | `{"$literal": v}` | `v` compared exactly, even if it looks like a matcher |
public indirect enum Matcher: Sendable, Equatable {
    /// A scalar compared exactly (`null`, a boolean, a number, a string).
    case value(JSONValue)
    /// An object; `partial` allows members not listed.
    case object([Member], partial: Bool)
    /// An array, compared as `mode` says.
    case array([Matcher], mode: ArrayMode)
    /// Any value of a type (`nil`: any value at all).
    case type(JSONType?)
    /// A string matching a regular expression.
    case regex(String)

    /// One expected member of an object.
    public struct Member: Sendable, Equatable {
        public var key: String
        public var matcher: Matcher
    }

    /// How an array's items are compared.
    public enum ArrayMode: Sendable, Equatable {
        /// The same items in the same order.
        case ordered
        /// The same items in any order.
        case unordered
        /// At least these items, in any order.
        case contains
    }

    /// The JSON types `$any` accepts.
    public enum JSONType: String, Sendable, CaseIterable {
        case string, number, integer, boolean, array, object, null

        func accepts(_ value: JSONValue) -> Bool {
            switch (self, value) {
            case (.string, .string), (.boolean, .bool), (.array, .array), (.object, .object), (.null, .null),
                 (.number, .number):
                return true
            case (.integer, .number(let n)):
                return n.intValue != nil
            default:
                return false
            }
        }
    }
}

// MARK: Reading matchers from contract files

extension Matcher {
    /// Reads a matcher from its JSON form; `context` locates errors.
    public init(parsing value: JSONValue, context: FixtureContext) throws(FixtureError) {
        switch value {
        case .object(let object):
            if object.count == 1, let member = object.members.first, member.key.hasPrefix("$") {
                self = try Self.special(member.key, member.value, context: context.at(member.key))
                return
            }
            var members: [Member] = []
            for (key, v) in object { members.append(Member(key: key, matcher: try Matcher(parsing: v, context: context.at(key)))) }
            self = .object(members, partial: false)
        case .array(let items):
            self = .array(try Self.items(items, context: context), mode: .ordered)
        default:
            self = .value(value)
        }
    }

    static func items(_ items: [JSONValue], context: FixtureContext) throws(FixtureError) -> [Matcher] {
        var out: [Matcher] = []
        for (i, item) in items.enumerated() { out.append(try Matcher(parsing: item, context: context.at(i))) }
        return out
    }

    static func special(_ key: String, _ value: JSONValue, context: FixtureContext) throws(FixtureError) -> Matcher {
        switch key {
        case "$any":
            let name = try context.string(value)
            if name == "any" { return .type(nil) }
            guard let type = JSONType(rawValue: name) else {
                throw context.error("unknown type \"\(name)\"; expected one of: any, "
                                    + JSONType.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return .type(type)
        case "$regex":
            let pattern = try context.string(value)
            guard (try? NSRegularExpression(pattern: pattern)) != nil else {
                throw context.error("invalid regular expression \"\(pattern)\"")
            }
            return .regex(pattern)
        case "$contains":
            return .array(try items(try context.array(value), context: context), mode: .contains)
        case "$unordered":
            return .array(try items(try context.array(value), context: context), mode: .unordered)
        case "$partial":
            guard case .object(let members, _) = try Matcher(parsing: .object(try context.object(value)), context: context)
            else { throw context.error("expected an object") }
            return .object(members, partial: true)
        case "$literal":
            return Matcher(literal: value)
        default:
            throw context.error("unknown matcher \"\(key)\"; expected one of: $any, $regex, $contains, $unordered, "
                                + "$partial, $literal (write {\"$literal\": …} for an object with a $-key)")
        }
    }

    /// A matcher for exactly `value`, with no inline matchers.
    public init(literal value: JSONValue) {
        switch value {
        case .object(let o): self = .object(o.map { Member(key: $0.key, matcher: Matcher(literal: $0.value)) }, partial: false)
        case .array(let a): self = .array(a.map(Matcher.init(literal:)), mode: .ordered)
        default: self = .value(value)
        }
    }
}

extension Matcher {
    /// Returns an equivalent matcher with `transform` applied to every string
    /// value and regular expression (used to fill in `{{name}}` placeholders;
    /// a string that becomes a non-string value is replaced by it).
    func mapStrings(_ transform: (String) -> JSONValue) -> Matcher {
        switch self {
        case .value(.string(let s)): return Matcher(literal: transform(s))
        case .value: return self
        case .object(let members, let partial):
            return .object(members.map { Member(key: $0.key, matcher: $0.matcher.mapStrings(transform)) }, partial: partial)
        case .array(let items, let mode): return .array(items.map { $0.mapStrings(transform) }, mode: mode)
        case .type: return self
        case .regex(let p):
            if case .string(let s) = transform(p) { return .regex(s) }
            return self
        }
    }
}

extension Matcher {
    /// The matcher as it reads in a diff: JSON for exact values, `<…>` for matchers.
    public var summary: String {
        switch self {
        case .value(let v): return JSONSerializer.string(v)
        case .object(let members, let partial):
            let inner = members.map { JSONSerializer.string(.string($0.key)) + ":" + $0.matcher.summary }.joined(separator: ",")
            return partial ? "<object with at least {\(inner)}>" : "{\(inner)}"
        case .array(let items, let mode):
            let inner = items.map(\.summary).joined(separator: ",")
            switch mode {
            case .ordered: return "[\(inner)]"
            case .unordered: return "<[\(inner)] in any order>"
            case .contains: return "<array containing [\(inner)]>"
            }
        case .type(let t): return "<any \(t?.rawValue ?? "value")>"
        case .regex(let p): return "<string matching /\(p)/>"
        }
    }
}
