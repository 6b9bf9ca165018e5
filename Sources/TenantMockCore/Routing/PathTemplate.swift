#if canImport(Glibc)
import Glibc
#endif

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
    /// Each segment's literal bytes, or `nil` for a parameter: what matching compares.
    private let literalBytes: [[UInt8]?]
    /// The parameters' segment positions and names.
    private let parameterSlots: [(index: Int, name: String)]

    /// Parses a template. It must start with `/`.
    public init(_ template: String) {
        precondition(template.hasPrefix("/"), "a path template starts with '/': \(template)")
        description = template
        segments = template.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { part in
            if part.hasPrefix("{") && part.hasSuffix("}") { return .parameter(String(part.dropFirst().dropLast())) }
            return .literal(String(part))
        }
        literalBytes = segments.map { if case .literal(let text) = $0 { Array(text.utf8) } else { nil } }
        parameterSlots = segments.enumerated().compactMap { index, segment in
            if case .parameter(let name) = segment { (index, name) } else { nil }
        }
    }

    public static func == (lhs: PathTemplate, rhs: PathTemplate) -> Bool {
        lhs.segments == rhs.segments
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(segments)
    }

    /// The names of the template's parameters, in order.
    public var parameterNames: [String] {
        segments.compactMap { if case .parameter(let n) = $0 { return n } else { return nil } }
    }

    /// Matches a raw path, given as its bytes and its segments' byte ranges (see
    /// ``Router``); returns the decoded parameters or `nil`. Literals are compared byte
    /// for byte first; parameters are decoded only when they all agree.
    func match(_ path: UnsafeBufferPointer<UInt8>, segments ranges: [Range<Int>]) -> PathParameters? {
        guard ranges.count == literalBytes.count else { return nil }
        for (range, literal) in zip(ranges, literalBytes) {
            guard let literal else { continue }
            guard range.count == literal.count else { return nil }
            if range.isEmpty { continue }
            let same = literal.withUnsafeBufferPointer { memcmp($0.baseAddress!, path.baseAddress! + range.lowerBound, range.count) == 0 }
            if !same { return nil }
        }
        var values: [(String, String)] = []
        values.reserveCapacity(parameterSlots.count)
        for slot in parameterSlots {
            let range = ranges[slot.index]
            guard !range.isEmpty,
                  let decoded = FormURLEncoding.percentDecode(UnsafeBufferPointer(rebasing: path[range])) else { return nil }
            values.append((slot.name, decoded))
        }
        return PathParameters(values)
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
