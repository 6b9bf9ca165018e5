import TenantMockCore

/// Reads a request body the way Auth0's API gateway (hapi) does.
///
/// - No `Content-Type`: parsed as JSON (seed 002's samples send a JSON body without one).
/// - `application/json` (any parameters): JSON.
/// - `application/x-www-form-urlencoded` (the spec lists it for every body): a form,
///   with `a[0][b]=…` and `a[]=…` nesting and repeated keys collected into arrays — unless
///   the text is a JSON object or array, which is what `curl --data '{…}'` sends under
///   curl's default form type (seed 002's curl line); that is read as JSON (inferred).
/// - Any other type: JSON if the text is a JSON object or array — the vendor's own
///   samples send JSON as `text/plain` (Unirest, seed 002's Java sample) and as
///   `undefined` (RestSharp, its C# sample) — inferred; otherwise 415 (hapi's default).
/// An empty body is `null` (hapi's payload for no content).
enum RequestBody {
    static func parse(_ request: HTTPRequest) throws(Auth0Error) -> JSONValue {
        let mediaType = request.headers["Content-Type"].map { value in
            let type = value[..<(value.utf8.firstIndex(of: UInt8(ascii: ";")) ?? value.endIndex)].trimmingSpaces()
            return type.utf8.contains { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") } ? type.lowercased() : type
        }
        let isEmpty = request.body.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0a || $0 == 0x0d }
        switch mediaType {
        case nil, "application/json":
            return isEmpty ? .null : try json(request.body)
        case "application/x-www-form-urlencoded":
            if isEmpty { return .null }
            if looksLikeJSON(request.body) { return try json(request.body) }
            return form(request.bodyText)
        default:
            if isEmpty { return .null }
            if looksLikeJSON(request.body) { return try json(request.body) }
            throw .unsupportedMediaType
        }
    }

    /// A JSON object or array, by its first non-blank byte.
    private static func looksLikeJSON(_ body: [UInt8]) -> Bool {
        let first = body.first { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0a || $0 == 0x0d) }
        return first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
    }

    private static func json(_ bytes: [UInt8]) throws(Auth0Error) -> JSONValue {
        do { return try JSONParser(options: .lenient).parse(bytes) } catch { throw .invalidJSON }
    }

    /// Decodes a form into JSON: values are strings; `k[]` and repeated `k` make arrays;
    /// `k[0][f]` makes an array of objects.
    static func form(_ text: String) -> JSONValue {
        var root = JSONObject()
        for (name, value) in FormURLEncoding.decode(text) {
            let path = keyPath(name)
            guard let head = path.first else { continue }
            if path.count == 1 {
                switch root[head] {
                case nil: root[head] = .string(value)
                case .array(var a)?: a.append(.string(value)); root[head] = .array(a)
                case let existing?: root[head] = .array([existing, .string(value)])
                }
            } else {
                root[head] = insert(.string(value), at: path.dropFirst(), into: root[head])
            }
        }
        return .object(root)
    }

    /// `a[0][b]` → `["a", "0", "b"]`; `a[]` → `["a", ""]`.
    private static func keyPath(_ name: String) -> [String] {
        guard let open = name.firstIndex(of: "["), name.hasSuffix("]") else { return [name] }
        var parts = [String(name[..<open])]
        parts += name[open...].dropFirst().dropLast().components(separatedBy: "][")
        return parts
    }

    private static func insert(_ value: JSONValue, at path: ArraySlice<String>, into container: JSONValue?) -> JSONValue {
        guard let key = path.first else { return value }
        if key.isEmpty || Int(key) != nil {
            var array = container?.arrayValue ?? []
            let index = key.isEmpty ? array.count : Int(key)!
            guard index <= array.count, index >= 0 else { return .array(array) }
            if index == array.count { array.append(insert(value, at: path.dropFirst(), into: nil)) }
            else { array[index] = insert(value, at: path.dropFirst(), into: array[index]) }
            return .array(array)
        }
        var object = container?.objectValue ?? JSONObject()
        object[key] = insert(value, at: path.dropFirst(), into: object[key])
        return .object(object)
    }
}
