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
    /// What matching reads, built once.
    let matcher: PathMatcher

    /// Parses a template. It must start with `/`.
    public init(_ template: String) {
        precondition(template.hasPrefix("/"), "a path template starts with '/': \(template)")
        description = template
        segments = template.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { part in
            if part.hasPrefix("{") && part.hasSuffix("}") { return .parameter(String(part.dropFirst().dropLast())) }
            return .literal(String(part))
        }
        matcher = PathMatcher(segments)
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

    /// Matches a raw path, given as its bytes and its segments' byte ranges (see ``Router``).
    func match(_ path: UnsafeBufferPointer<UInt8>, segments ranges: [Range<Int>]) -> PathParameters? {
        matcher.match(path, segments: ranges)
    }
}

/// A template's segments in the form matching reads: one object (a router holds many
/// and tries several per request, so each costs one reference, not one per array), with
/// the literals' bytes back to back and, per segment, the offset and length of its
/// literal in them (a length of -1 marks a parameter).
final class PathMatcher: Sendable {
    private let literalData: [UInt8]
    private let spans: [(offset: Int, length: Int)]
    /// The parameters' segment positions and names.
    private let parameterSlots: [(index: Int, name: String)]

    init(_ segments: [PathTemplate.Segment]) {
        var data: [UInt8] = []
        spans = segments.map { segment in
            guard case .literal(let text) = segment else { return (0, -1) }
            defer { data.append(contentsOf: text.utf8) }
            return (data.count, text.utf8.count)
        }
        literalData = data
        parameterSlots = segments.enumerated().compactMap { index, segment in
            if case .parameter(let name) = segment { (index, name) } else { nil }
        }
    }

    /// The decoded parameters if the path matches, else `nil`. Literals are compared byte
    /// for byte first; parameters are decoded only when they all agree.
    func match(_ path: UnsafeBufferPointer<UInt8>, segments ranges: [Range<Int>]) -> PathParameters? {
        guard ranges.count == spans.count else { return nil }
        let literalsAgree = spans.withUnsafeBufferPointer { spans in
            ranges.withUnsafeBufferPointer { ranges in
                literalData.withUnsafeBufferPointer { data in
                    for i in 0..<spans.count where spans[i].length >= 0 {
                        let span = spans[i], range = ranges[i]
                        guard range.count == span.length else { return false }
                        if span.length > 0,
                           memcmp(data.baseAddress! + span.offset, path.baseAddress! + range.lowerBound, span.length) != 0 {
                            return false
                        }
                    }
                    return true
                }
            }
        }
        guard literalsAgree else { return nil }
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
