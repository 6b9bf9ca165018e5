/// An HTTP request, independent of the transport that carried it.
///
/// A value, copied on write: its parts live in one shared box, so a copy (the journal's,
/// a handler's context) costs one reference count instead of one for each part.
public struct HTTPRequest: Sendable {
    /// The parts. Changed only while uniquely referenced (``HTTPRequest/unique()``), so
    /// sharing one between threads shares only what none of them changes.
    private final class Storage: @unchecked Sendable {
        var method: String
        var path: String
        var rawQuery: String
        var headers: HTTPHeaders
        var body: [UInt8]
        var mountPrefix: String

        init(method: String, path: String, rawQuery: String, headers: HTTPHeaders, body: [UInt8], mountPrefix: String) {
            self.method = method
            self.path = path
            self.rawQuery = rawQuery
            self.headers = headers
            self.body = body
            self.mountPrefix = mountPrefix
        }

        func copy() -> Storage {
            Storage(method: method, path: path, rawQuery: rawQuery, headers: headers, body: body, mountPrefix: mountPrefix)
        }
    }

    private var storage: Storage

    /// Gives this value a box of its own before a part changes.
    private mutating func unique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }

    /// The method, upper-case as sent (`GET`, `DELETE`, ...).
    public var method: String {
        get { storage.method }
        _modify { unique(); yield &storage.method }
    }
    /// The path as sent, still percent-encoded, without the query (`/api/v2/users/auth0%7C1/roles`).
    public var path: String {
        get { storage.path }
        _modify { unique(); yield &storage.path }
    }
    /// The query string as sent, without the `?` (empty when there is none).
    public var rawQuery: String {
        get { storage.rawQuery }
        _modify { unique(); yield &storage.rawQuery }
    }
    /// The header fields.
    public var headers: HTTPHeaders {
        get { storage.headers }
        _modify { unique(); yield &storage.headers }
    }
    /// The body bytes (empty when there is none).
    public var body: [UInt8] {
        get { storage.body }
        _modify { unique(); yield &storage.body }
    }
    /// The path prefix tenant addressing removed (`/tenants/acme`), empty otherwise.
    /// Prepend it to build a `Location` the client can follow.
    public var mountPrefix: String {
        get { storage.mountPrefix }
        _modify { unique(); yield &storage.mountPrefix }
    }

    /// Creates a request from its parts.
    public init(method: String, path: String, query: String = "", headers: HTTPHeaders = [:], body: [UInt8] = []) {
        storage = Storage(method: method.uppercased(), path: path.isEmpty ? "/" : path, rawQuery: query,
                          headers: headers, body: body, mountPrefix: "")
    }

    /// Creates a request from parts already in their final form: the method exactly as
    /// sent (RFC 9110 §9.1: it is case-sensitive), a non-empty path and the raw query.
    package init(verbatimMethod method: String, path: String, query: String, headers: HTTPHeaders, body: [UInt8]) {
        storage = Storage(method: method, path: path, rawQuery: query, headers: headers, body: body, mountPrefix: "")
    }

    /// Creates a request from a request target such as `/a/b?x=1`. An absolute `http` or
    /// `https` URI is also accepted (see ``absoluteForm(_:)``): its path and query are kept,
    /// and its authority replaces the `Host` field, as an origin server reads the host from
    /// an absolute-form target rather than from `Host` (RFC 9112 §3.2.2).
    ///
    /// Any other target is kept as the path; ``Emulator/handle(_:)`` answers 400 to a path
    /// that does not start with `/` (but `*` for OPTIONS), as the server does.
    public init(method: String, target: String, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        var target = Substring(target)
        var headers = headers
        if let absolute = Self.absoluteForm(target) {
            headers["Host"] = String(absolute.authority)
            target = absolute.pathAndQuery
        }
        if let q = target.firstIndex(of: "?") {
            self.init(method: method, path: String(target[..<q]), query: String(target[target.index(after: q)...]),
                      headers: headers, body: body)
        } else {
            self.init(method: method, path: String(target), headers: headers, body: body)
        }
    }

    /// The authority and the path with its query of an absolute-form request target
    /// (RFC 9112 §3.2.2), `http://host:port/path?query`; `nil` for any other target.
    ///
    /// Only the `http` and `https` schemes (any case) are taken, with a host (RFC 9110
    /// §4.2.1: an empty host is invalid) and no userinfo (§4.2.4: its presence is an error).
    /// An empty path is `/` (§4.2.3).
    public static func absoluteForm(_ target: Substring) -> (authority: Substring, pathAndQuery: Substring)? {
        let utf8 = target.utf8
        var schemeLength = 0
        for scheme in ["http://", "https://"] where utf8.count >= scheme.utf8.count
            && zip(utf8, scheme.utf8).allSatisfy({ ($0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0) == $1 }) {
            schemeLength = scheme.utf8.count
        }
        guard schemeLength > 0 else { return nil }
        let start = utf8.index(utf8.startIndex, offsetBy: schemeLength)
        let end = utf8[start...].firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") } ?? utf8.endIndex
        let authority = target[start..<end]
        guard let first = authority.utf8.first, first != UInt8(ascii: ":"), !authority.utf8.contains(UInt8(ascii: "@"))
        else { return nil }
        let rest = target[end...]
        return (authority, rest.utf8.first == UInt8(ascii: "/") ? rest : Substring("/" + rest))
    }

    /// Why a request target is refused (400): the forms TenantMock accepts (RFC 9112 §3.2).
    public static let targetFormRefusal = "The request target must be an absolute path such as /api/v2/roles "
        + "(origin-form), an absolute http or https URI (absolute-form), or * for OPTIONS (asterisk-form); "
        + "RFC 9112 §3.2."

    /// Whether the target is one TenantMock answers: a path starting with `/`, or `*` for
    /// OPTIONS (RFC 9112 §3.2.1, §3.2.4; an absolute-form target was reduced to its path).
    public var hasAcceptedTarget: Bool {
        path.utf8.first == UInt8(ascii: "/") || (path == "*" && method == "OPTIONS")
    }

    /// The request target: path and, when present, `?` and the query.
    public var target: String { rawQuery.isEmpty ? path : path + "?" + rawQuery }

    /// The query, split into name/value pairs and percent-decoded (`+` is a space), in order.
    public var queryItems: [(name: String, value: String)] { FormURLEncoding.decode(rawQuery) }

    /// The first value of the query parameter `name`. Each call decodes the whole query
    /// again: one linear pass, and through the server a query fits in its 16 KiB head.
    public func query(_ name: String) -> String? { queryItems.first { $0.name == name }?.value }

    /// The `Host` header without its port, lower-cased.
    public var hostName: String? {
        guard var host = headers["Host"] else { return nil }
        if host.hasPrefix("[") { return host.split(separator: "]").first.map { String($0.dropFirst()) } }
        // The name runs to the port's colon; already lower-case ASCII (the usual case), it is copied as is.
        let (length, plain) = host.withUTF8 { bytes -> (Int, Bool) in
            var plain = true
            for (i, b) in bytes.enumerated() {
                if b == UInt8(ascii: ":") { return (i, plain) }
                if b >= 0x80 || (b >= 65 && b <= 90) { plain = false }
            }
            return (bytes.count, plain)
        }
        if length == 0 { return nil }
        let name = host.utf8.prefix(length)
        return plain ? String(Substring(name)) : Substring(name).lowercased()
    }

    /// The body as UTF-8 text.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// Percent-decoding and `application/x-www-form-urlencoded` handling.
public enum FormURLEncoding {
    /// Decodes `%XX` escapes; `plusIsSpace` also turns `+` into a space (query strings and forms).
    /// Malformed escapes are kept as they are. Returns `nil` if the result is not valid UTF-8.
    public static func percentDecode(_ text: some StringProtocol, plusIsSpace: Bool = false) -> String? {
        if let decoded = text.utf8.withContiguousStorageIfAvailable({ percentDecode($0, plusIsSpace: plusIsSpace) }) {
            return decoded
        }
        return Array(text.utf8).withUnsafeBufferPointer { percentDecode($0, plusIsSpace: plusIsSpace) }
    }

    /// ``percentDecode(_:plusIsSpace:)-(StringProtocol,_)`` over UTF-8 bytes (the bytes of a
    /// string: they are valid UTF-8 before decoding).
    package static func percentDecode(_ bytes: UnsafeBufferPointer<UInt8>, plusIsSpace: Bool = false) -> String? {
        var plain = true
        for b in bytes where b == UInt8(ascii: "%") || (plusIsSpace && b == UInt8(ascii: "+")) {
            plain = false
            break
        }
        if plain { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "%"), i + 2 < bytes.count, let hi = hexValue(bytes[i + 1]), let lo = hexValue(bytes[i + 2]) {
                out.append(hi << 4 | lo)
                i += 3
                continue
            }
            out.append(plusIsSpace && b == UInt8(ascii: "+") ? 0x20 : b)
            i += 1
        }
        return String(validatingUTF8: out)
    }

    /// Splits `a=1&b=two` into decoded pairs. A name with no `=` has an empty value;
    /// empty parts (`a=1&&b=2`) are skipped.
    ///
    /// Only the first `maxParts` `&`-separated parts are read, empty ones counted, and
    /// the rest of the text is ignored: what Node's `querystring.parse` does with
    /// `maxKeys` and the `qs` module with `parameterLimit` (both 1000 by default).
    /// Without it every part is read. One pass over the text, no recursion.
    public static func decode(_ text: String, maxParts: Int = .max) -> [(name: String, value: String)] {
        guard !text.isEmpty, maxParts > 0 else { return [] }
        var items: [(name: String, value: String)] = []
        // `&` and `=` are ASCII: splitting the UTF-8 bytes never cuts a character.
        var parts = text.utf8.split(separator: UInt8(ascii: "&"), maxSplits: maxParts, omittingEmptySubsequences: false)
        // The part after the last split allowed holds the text past the limit.
        if parts.count > maxParts { parts.removeLast() }
        for part in parts where !part.isEmpty {
            let equals = part.firstIndex(of: UInt8(ascii: "="))
            let rawName = Substring(part[..<(equals ?? part.endIndex)])
            let name = percentDecode(rawName, plusIsSpace: true) ?? String(rawName)
            var value = ""
            if let equals {
                let rawValue = Substring(part[part.index(after: equals)...])
                value = percentDecode(rawValue, plusIsSpace: true) ?? String(rawValue)
            }
            items.append((name: name, value: value))
        }
        return items
    }

    /// Percent-encodes everything but unreserved characters (RFC 3986).
    public static func percentEncode(_ text: String) -> String {
        var out = ""
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(UnicodeScalar(b))
            default:
                out += "%" + String(b >> 4, radix: 16, uppercase: true) + String(b & 0xF, radix: 16, uppercase: true)
            }
        }
        return out
    }

    /// The value of an ASCII hexadecimal digit.
    @inlinable
    package static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
