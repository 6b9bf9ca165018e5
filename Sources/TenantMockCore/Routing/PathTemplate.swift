/// A path pattern such as `/api/v2/users/{id}/permissions`.
///
/// `{name}` matches one whole path segment, which is percent-decoded before it
/// is handed over: `auth0%7C5f7c` arrives as `auth0|5f7c`. A trailing slash is
/// significant (`/organizations/users/all/` does not match `/organizations/users/all`).
public struct PathTemplate: Sendable, Hashable, CustomStringConvertible {
    enum Segment: Sendable, Hashable {
        case literal(String)
        case parameter(String)
    }

    let segments: [Segment]
    /// The template as written.
    public let description: String

    /// Parses a template. It must start with `/`.
    public init(_ template: String) {
        precondition(template.hasPrefix("/"), "a path template starts with '/': \(template)")
        description = template
        segments = template.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { part in
            if part.hasPrefix("{") && part.hasSuffix("}") { return .parameter(String(part.dropFirst().dropLast())) }
            return .literal(String(part))
        }
    }

    /// The names of the template's parameters, in order.
    public var parameterNames: [String] {
        segments.compactMap { if case .parameter(let n) = $0 { return n } else { return nil } }
    }

    /// Matches already-split raw segments; returns the decoded parameters or `nil`.
    /// Literals are compared byte for byte first; parameters are decoded only when they all agree.
    func match(_ rawSegments: [Substring]) -> PathParameters? {
        guard rawSegments.count == segments.count else { return nil }
        for (segment, raw) in zip(segments, rawSegments) {
            if case .literal(let literal) = segment, !Self.sameBytes(raw, literal) { return nil }
        }
        var values: [(String, String)] = []
        for (segment, raw) in zip(segments, rawSegments) {
            guard case .parameter(let name) = segment else { continue }
            guard !raw.isEmpty, let decoded = FormURLEncoding.percentDecode(raw) else { return nil }
            values.append((name, decoded))
        }
        return PathParameters(values)
    }
}

extension PathTemplate {
    /// Byte-for-byte equality of a raw segment and a literal, over contiguous storage when there is some.
    static func sameBytes(_ raw: Substring, _ literal: String) -> Bool {
        guard raw.utf8.count == literal.utf8.count else { return false }
        let fast = raw.utf8.withContiguousStorageIfAvailable { a in
            literal.utf8.withContiguousStorageIfAvailable { b in a.elementsEqual(b) }
        }
        return (fast ?? nil) ?? raw.utf8.elementsEqual(literal.utf8)
    }
}

/// Decoded path parameters of a matched route.
public struct PathParameters: Sendable {
    var values: [(String, String)]

    public init(_ values: [(String, String)] = []) { self.values = values }

    /// The decoded value of `name`; empty if the route has no such parameter.
    public subscript(name: String) -> String {
        values.first { $0.0 == name }?.1 ?? ""
    }
}
