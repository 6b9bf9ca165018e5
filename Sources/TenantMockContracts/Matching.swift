import TenantMockCore
import Foundation

extension Matcher {
    /// Compares `actual` with this matcher; returns every difference, each named
    /// by its JSON path (below `path`). An empty result means a match.
    public func mismatches(_ actual: JSONValue, at path: JSONPath = JSONPath()) -> [Mismatch] {
        var out: [Mismatch] = []
        collect(actual, path, &out)
        return out
    }

    /// Whether `actual` matches.
    public func matches(_ actual: JSONValue) -> Bool { mismatches(actual).isEmpty }

    private func collect(_ actual: JSONValue, _ path: JSONPath, _ out: inout [Mismatch]) {
        let here = path.description
        switch self {
        case .value(let expected):
            // JSONValue keeps booleans apart from numbers: `true` never equals `1`.
            if expected != actual { out.append(Mismatch(location: here, expected: summary, actual: Self.show(actual))) }

        case .type(let type):
            if let type, !type.accepts(actual) {
                out.append(Mismatch(location: here, expected: summary, actual: Self.show(actual)))
            }

        case .regex(let pattern):
            guard case .string(let s) = actual, Self.search(pattern, in: s) else {
                out.append(Mismatch(location: here, expected: summary, actual: Self.show(actual)))
                return
            }

        case .object(let members, let partial):
            guard case .object(let object) = actual else {
                out.append(Mismatch(location: here, expected: summary, actual: Self.show(actual)))
                return
            }
            for member in members {
                if let value = object[member.key] {
                    member.matcher.collect(value, path.key(member.key), &out)
                } else {
                    out.append(Mismatch(location: path.key(member.key).description, expected: member.matcher.summary,
                                        actual: "no such member"))
                }
            }
            if !partial {
                let expectedKeys = Set(members.map(\.key))
                for (key, value) in object where !expectedKeys.contains(key) {
                    out.append(Mismatch(location: path.key(key).description, expected: "no such member",
                                        actual: Self.show(value)))
                }
            }

        case .array(let items, let mode):
            guard case .array(let elements) = actual else {
                out.append(Mismatch(location: here, expected: summary, actual: Self.show(actual)))
                return
            }
            switch mode {
            case .ordered:
                for (i, item) in items.enumerated() where i < elements.count {
                    item.collect(elements[i], path.index(i), &out)
                }
                if items.count != elements.count {
                    out.append(Mismatch(location: here, expected: "\(items.count) item(s)",
                                        actual: "\(elements.count) item(s): \(Self.show(items: elements))"))
                }
            case .unordered, .contains:
                let pairing = Self.pair(items, elements)
                for (i, item) in items.enumerated() where pairing[i] == nil {
                    out.append(Mismatch(location: here, expected: "an item matching \(item.summary)",
                                        actual: "none in \(Self.show(items: elements))"))
                }
                if mode == .unordered, items.count != elements.count {
                    let used = Set(pairing.compactMap { $0 })
                    for (j, element) in elements.enumerated() where !used.contains(j) {
                        out.append(Mismatch(location: path.index(j).description, expected: "no such item",
                                            actual: Self.show(element)))
                    }
                }
            }
        }
    }

    /// Pairs each expected item with a distinct element it matches, by
    /// augmenting paths (so a loose matcher never steals an element a strict
    /// one needs). Returns, per item, the element index or `nil`.
    static func pair(_ items: [Matcher], _ elements: [JSONValue]) -> [Int?] {
        let fits: [[Int]] = items.map { item in elements.indices.filter { item.matches(elements[$0]) } }
        var owner = [Int?](repeating: nil, count: elements.count)
        func augment(_ i: Int, _ seen: inout [Bool]) -> Bool {
            for j in fits[i] where !seen[j] {
                seen[j] = true
                // Take a free element, or one whose owner can move to another.
                if let previous = owner[j], !augment(previous, &seen) { continue }
                owner[j] = i
                return true
            }
            return false
        }
        for i in items.indices {
            var seen = [Bool](repeating: false, count: elements.count)
            _ = augment(i, &seen)
        }
        var result = [Int?](repeating: nil, count: items.count)
        for (j, i) in owner.enumerated() { if let i { result[i] = j } }
        return result
    }

    /// Whether `pattern` finds a match anywhere in `text`.
    static func search(_ pattern: String, in text: String) -> Bool {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return false }
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// A received value for a diff: compact JSON, shortened past 200 characters.
    static func show(_ value: JSONValue) -> String {
        let text = JSONSerializer.string(value)
        return text.count > 200 ? String(text.prefix(200)) + "…" : text
    }

    /// About how many characters ``show(items:)`` writes before it stops adding items.
    static let itemsBudget = 1_000

    /// A received array for a diff, where what it holds is the point (`$contains`,
    /// `$unordered`, a wrong count): whole items in compact JSON, as many as fit in about
    /// ``itemsBudget`` characters, then how many more there are — never an item cut off
    /// in the middle, except a first item longer than the budget on its own.
    static func show(items elements: [JSONValue]) -> String {
        var parts: [String] = []
        var length = 2
        for (i, element) in elements.enumerated() {
            let text = JSONSerializer.string(element)
            if i > 0, length + 1 + text.count > itemsBudget {
                parts.append("…\(elements.count - i) more of \(elements.count) items")
                break
            }
            parts.append(i == 0 && text.count > itemsBudget ? String(text.prefix(itemsBudget)) + "…" : text)
            length += text.count + 1
        }
        return "[" + parts.joined(separator: ",") + "]"
    }
}
