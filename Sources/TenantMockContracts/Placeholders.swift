import Foundation
import TenantMockCore

/// The values `{{name}}` placeholders stand for while a case runs: the file's
/// `variables`, the target's, the case's tenant ids and its captures.
struct Placeholders {
    var values: [String: JSONValue]
    /// Names used but not defined, reported as a failure of the step.
    var unknown: [String] = []

    /// `text` with every `{{name}}` replaced (a string value as it is, any
    /// other value as compact JSON).
    mutating func fill(_ text: String) -> String {
        guard text.contains("{{") else { return text }
        var out = ""
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                rest = rest[open.lowerBound...]
                break
            }
            let name = String(rest[open.upperBound..<close.lowerBound]).trimmingCharacters(in: .whitespaces)
            if let value = values[name] {
                out += Self.text(value)
            } else {
                unknown.append(name)
                out += rest[open.lowerBound..<close.upperBound]
            }
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    /// A string that is exactly one placeholder becomes the captured value
    /// itself, keeping its type; any other string is filled in as text.
    mutating func fillValue(_ text: String) -> JSONValue {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("{{"), trimmed.hasSuffix("}}"), trimmed.dropFirst(2).range(of: "{{") == nil {
            let name = String(trimmed.dropFirst(2).dropLast(2)).trimmingCharacters(in: .whitespaces)
            if let value = values[name] { return value }
        }
        return .string(fill(text))
    }

    /// `value` with placeholders filled in every string and member name.
    mutating func fill(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let s): return fillValue(s)
        case .array(let items): return .array(items.map { fill($0) })
        case .object(let o): return .object(JSONObject(o.map { (key: fill($0.key), value: fill($0.value)) }))
        default: return value
        }
    }

    static func text(_ value: JSONValue) -> String {
        if case .string(let s) = value { return s }
        return JSONSerializer.string(value)
    }
}
