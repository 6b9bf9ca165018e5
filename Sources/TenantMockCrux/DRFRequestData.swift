import TenantMockCore

/// `request.data` as a DRF view configured with `JSONParser` alone would see it.
///
/// - An empty body is empty data, whatever the `Content-Type` (`Request._parse`
///   returns `{}` when there is no stream, `rest_framework/request.py` @3.7.7).
/// - A `Content-Type` that `application/json` does not match: 415 naming the
///   header as sent (the docs' 415 row: "The Content-Type header was not application/json").
/// - A body with no `Content-Type`: 415 naming an empty media type. DRF reads a missing
///   header as `""` (`Request.content_type` defaults to `''`, not `None`), so `_parse` looks
///   for a parser, and none matches `""`; `Unsupported media type "" in request.` is what
///   DRF applications report for it. (With no body at all, nothing is parsed and the
///   serializer reports the missing field instead.)
/// - Malformed JSON: 400 `JSON parse error - <Python's message>`.
/// - JSON nested deeper than ``PythonJSONDecoder/maxDepth``: Python raises `RecursionError`,
///   which `JSONParser.parse` does not catch (it catches `ValueError`), so Django's 500 page
///   answers (``DRFError/uncaught``).
enum DRFRequestData {
    static func data(of request: HTTPRequest) throws(DRFError) -> JSONValue {
        guard !request.body.isEmpty else { return .object([:]) }
        let contentType = request.headers["Content-Type"] ?? ""
        guard acceptsJSON(contentType) else { throw .unsupportedMediaType(contentType) }
        // ASCII, the usual body, is valid UTF-8 without building a string to find out.
        let body = request.body
        if body.contains(where: { $0 >= 0x80 }), String(validatingUTF8: body) == nil {
            throw .jsonParseError(utf8Failure(body))
        }
        do {
            return try PythonJSONDecoder.decode(validUTF8: body)
        } catch {
            switch error.kind {
            case .valueError: throw .jsonParseError(error.message)
            case .recursionError: throw .uncaught
            }
        }
    }

    /// DRF's `media_type_matches("application/json", contentType)`: parameters
    /// are ignored, a wildcard on either part matches, ASCII case does not matter.
    static func acceptsJSON(_ contentType: String) -> Bool {
        let type = MediaRange(contentType.utf8.prefix { $0 != UInt8(ascii: ";") })
        return (type.main == "application" || type.main == "*") && (type.sub == "json" || type.sub == "*")
    }

    /// Python's `UnicodeDecodeError` text for the first byte UTF-8 refuses.
    static func utf8Failure(_ bytes: [UInt8]) -> String {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length = b < 0x80 ? 1 : b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0
            let hex = "0x" + (b < 16 ? "0" : "") + String(b, radix: 16)
            if length == 0 { return "'utf-8' codec can't decode byte \(hex) in position \(i): invalid start byte" }
            if length > 1, String(validating: bytes[i..<min(bytes.count, i + length)], as: UTF8.self) == nil {
                if i + length > bytes.count { return "'utf-8' codec can't decode byte \(hex) in position \(i): unexpected end of data" }
                return "'utf-8' codec can't decode byte \(hex) in position \(i): invalid continuation byte"
            }
            i += length
        }
        return "'utf-8' codec can't decode bytes"
    }
}

/// The type and subtype of a media range as Django's `parse_header` reads
/// them: bytes-stripped of ASCII whitespace, ASCII lower-cased, split at the first `/`.
struct MediaRange {
    let main: String
    let sub: String

    /// Reads `fullType`, the part of the range before any `;`.
    init(_ fullType: some Collection<UInt8>) {
        if let parsed = fullType.withContiguousStorageIfAvailable({ MediaRange(bytes: $0) }) {
            self = parsed
        } else {
            self = Array(fullType).withUnsafeBufferPointer { MediaRange(bytes: $0) }
        }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        let isSpace = CruxTokenAuthentication.isPythonBytesWhitespace
        var lower = 0
        var upper = bytes.count
        while upper > lower && isSpace(bytes[upper - 1]) { upper -= 1 }
        while lower < upper && isSpace(bytes[lower]) { lower += 1 }
        func lowercased(_ range: Range<Int>) -> String {
            let part = UnsafeBufferPointer(rebasing: bytes[range])
            guard part.contains(where: { $0 >= 65 && $0 <= 90 }) else { return String(decoding: part, as: UTF8.self) }
            return String(decoding: part.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
        }
        if let slash = bytes[lower..<upper].firstIndex(of: UInt8(ascii: "/")) {
            main = lowercased(lower..<slash)
            sub = lowercased((slash + 1)..<upper)
        } else {
            main = lowercased(lower..<upper)
            sub = ""
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing scalars of `set` (scalar-wise, so a CRLF pair is trimmed too).
    func trimmed(of set: String) -> String {
        let scalars = Set(set.unicodeScalars)
        let view = unicodeScalars
        guard let first = view.firstIndex(where: { !scalars.contains($0) }),
              let last = view.lastIndex(where: { !scalars.contains($0) }) else { return "" }
        return String(String.UnicodeScalarView(view[first...last]))
    }
}
