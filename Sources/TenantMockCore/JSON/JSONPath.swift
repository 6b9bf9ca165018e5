/// A location in a JSON document, written `$.users[2].roles[0]`.
///
/// Used to say where a fixture or contract file is wrong, and by contracts to
/// capture a value from a response (`JSONPath(parsing: "$.access_token")`).
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    public enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    public private(set) var components: [Component]

    public init(_ components: [Component] = []) { self.components = components }

    public mutating func append(_ component: Component) { components.append(component) }
    public mutating func removeLast() { components.removeLast() }
    /// Makes room for `count` components at once (a parser's path grows and shrinks with nesting).
    public mutating func reserveCapacity(_ count: Int) { components.reserveCapacity(count) }

    /// This path with one more member key.
    public func key(_ key: String) -> JSONPath { var p = self; p.append(.key(key)); return p }
    /// This path with one more array index.
    public func index(_ index: Int) -> JSONPath { var p = self; p.append(.index(index)); return p }

    public static func / (lhs: JSONPath, rhs: String) -> JSONPath { lhs.key(rhs) }
    public static func / (lhs: JSONPath, rhs: Int) -> JSONPath { lhs.index(rhs) }

    public var description: String {
        var s = "$"
        for c in components {
            switch c {
            case .key(let k):
                if !k.isEmpty, k.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) { s += "." + k }
                else { s += "[\"" + k.replacingOccurrences(of: "\"", with: "\\\"") + "\"]" }
            case .index(let i): s += "[\(i)]"
            }
        }
        return s
    }

    /// Parses the simple path syntax: `$`, `.key`, `["key"]`, `[0]`.
    /// Returns `nil` for anything else.
    public init?(parsing text: String) {
        var chars = Array(text)
        guard chars.first == "$" else { return nil }
        chars.removeFirst()
        var out: [Component] = []
        var i = 0
        while i < chars.count {
            if chars[i] == "." {
                i += 1
                var key = ""
                while i < chars.count, chars[i] != ".", chars[i] != "[" { key.append(chars[i]); i += 1 }
                guard !key.isEmpty else { return nil }
                out.append(.key(key))
            } else if chars[i] == "[" {
                i += 1
                if i < chars.count, chars[i] == "\"" {
                    i += 1
                    var key = ""
                    while i < chars.count, chars[i] != "\"" {
                        if chars[i] == "\\", i + 1 < chars.count { i += 1 }
                        key.append(chars[i]); i += 1
                    }
                    guard i + 1 < chars.count, chars[i] == "\"", chars[i + 1] == "]" else { return nil }
                    i += 2
                    out.append(.key(key))
                } else {
                    var digits = ""
                    while i < chars.count, chars[i] != "]" { digits.append(chars[i]); i += 1 }
                    guard i < chars.count, let n = Int(digits), n >= 0 else { return nil }
                    i += 1
                    out.append(.index(n))
                }
            } else {
                return nil
            }
        }
        components = out
    }
}

extension JSONValue {
    /// The value at `path`, or `nil` when a member or index is missing.
    public subscript(path path: JSONPath) -> JSONValue? {
        var current = self
        for c in path.components {
            switch (c, current) {
            case (.key(let k), .object(let o)):
                guard let v = o[k] else { return nil }
                current = v
            case (.index(let i), .array(let a)):
                guard i < a.count else { return nil }
                current = a[i]
            default:
                return nil
            }
        }
        return current
    }
}
