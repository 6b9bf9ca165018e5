import TenantMockCore

/// Reads a request body the way Auth0's API gateway (hapi) does.
///
/// - No `Content-Type`: parsed as JSON (seed 002's samples send a JSON body without one).
/// - `application/json` (any parameters): JSON.
/// - `application/x-www-form-urlencoded` (the spec lists it for every body): a form,
///   with `a[0][b]=…` and `a[]=…` nesting and repeated keys collected into arrays (the
///   first ``formMaxParts`` parts, ``formMaxDepth`` levels: see there) — unless
///   the text is a JSON object or array, which is what `curl --data '{…}'` sends under
///   curl's default form type (seed 002's curl line); that is read as JSON (inferred).
/// - Any other type: JSON if the text is a JSON object or array — the vendor's own
///   samples send JSON as `text/plain` (Unirest, seed 002's Java sample) and as
///   `undefined` (RestSharp, its C# sample) — inferred; otherwise 415 (hapi's default).
/// An empty body is `null` (hapi's payload for no content).
package enum RequestBody {
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

    /// The most `&`-separated parts of a form that are read; the rest of the body is
    /// ignored, with no error. hapi's payload parser (`@hapi/subtext`, since 4.0.0)
    /// reads a form with Node's `querystring.parse`, whose `maxKeys` is 1000 by
    /// default; `qs`, which hapi used before and whose bracket syntax this emulation
    /// reads, stops at the same count (`parameterLimit`).
    package static let formMaxParts = 1000

    /// The most bracket segments of a form name that nest: `a[b][c][d][e][f]` nests
    /// five levels under `a`, and what follows the fifth is one literal key
    /// (`a[b][c][d][e][f][g][h]` gives the key `[g][h]` inside `f`), as `qs` reads
    /// names with its default `depth` of 5, silently. Node's `querystring`
    /// does not nest at all; the nesting is kept because the spec's form bodies
    /// (`permissions[0][permission_name]`) need it (inferred).
    package static let formMaxDepth = 5

    /// Decodes a form into JSON: values are strings; `k[]` and repeated `k` make arrays;
    /// `k[0][f]` makes an array of objects. A name's last segment takes the value (a
    /// repeated `k[0]` keeps the last); an index past the end of its array is dropped.
    ///
    /// Linear in the text: the tree is built from reference nodes changed in place, and
    /// an object's keys are found through a dictionary. Reads at most `maxParts` parts
    /// (``formMaxParts`` unless a caller, such as a benchmark, says otherwise).
    package static func form(_ text: String, maxParts: Int = formMaxParts) -> JSONValue {
        let root = FormNode.Members()
        for (name, value) in FormURLEncoding.decode(text, maxParts: maxParts) {
            let path = keyPath(name)
            let head = path[0]
            if path.count == 1 {
                // A plain name: repeated, it collects its values into an array.
                if let existing = root[head] {
                    if case .array(let items) = existing.content {
                        items.append(FormNode(.string(value)))
                    } else {
                        root.set(head, FormNode(.array(FormNode.Items([existing, FormNode(.string(value))]))))
                    }
                } else {
                    root.set(head, FormNode(.string(value)))
                }
            } else {
                root.set(head, insert(value, at: path.dropFirst(), into: root[head]))
            }
        }
        return .object(root.json)
    }

    /// `a[0][b]` → `["a", "0", "b"]`; `a[]` → `["a", ""]`; a name that does not end in
    /// `]` is one key. Past ``formMaxDepth`` segments the rest of the brackets is one
    /// more key (`[6][7]`), so a path has at most `formMaxDepth + 2` parts.
    private static func keyPath(_ name: String) -> [String] {
        let bytes = name.utf8
        guard let open = bytes.firstIndex(of: UInt8(ascii: "[")), bytes.last == UInt8(ascii: "]") else { return [name] }
        var parts = [String(Substring(bytes[..<open]))]
        // Between the first `[` and the last `]`, segments are separated by `][`.
        let end = bytes.index(before: bytes.endIndex)
        var start = bytes.index(after: open)
        var i = start
        while i < end, parts.count <= formMaxDepth {
            let next = bytes.index(after: i)
            if bytes[i] == UInt8(ascii: "]"), next < end, bytes[next] == UInt8(ascii: "[") {
                parts.append(String(Substring(bytes[start..<i])))
                start = bytes.index(after: next)
                i = start
            } else {
                i = next
            }
        }
        if parts.count <= formMaxDepth {
            parts.append(String(Substring(bytes[start..<end])))
        } else {
            // `start` is just after a `][`: the rest, brackets included, is one key.
            parts.append(String(Substring(bytes[bytes.index(before: start)...])))
        }
        return parts
    }

    /// Puts `value` at `path` inside `container` (which may be absent) and returns what
    /// takes the container's place: the same node changed in place, or a new one where
    /// the path needs another kind of node. Recurses once per segment: at most
    /// ``formMaxDepth`` + 1 times.
    private static func insert(_ value: String, at path: ArraySlice<String>, into container: FormNode?) -> FormNode {
        guard let key = path.first else { return FormNode(.string(value)) }
        let rest = path.dropFirst()
        if key.isEmpty || Int(key) != nil {
            let items: FormNode.Items
            let node: FormNode
            if let container, case .array(let existing) = container.content {
                (node, items) = (container, existing)
            } else {
                items = FormNode.Items([])
                node = FormNode(.array(items))
            }
            let index = key.isEmpty ? items.nodes.count : Int(key)!
            guard index >= 0, index <= items.nodes.count else { return node }
            if index == items.nodes.count {
                items.append(insert(value, at: rest, into: nil))
            } else {
                items.nodes[index] = insert(value, at: rest, into: items.nodes[index])
            }
            return node
        }
        let members: FormNode.Members
        let node: FormNode
        if let container, case .object(let existing) = container.content {
            (node, members) = (container, existing)
        } else {
            members = FormNode.Members()
            node = FormNode(.object(members))
        }
        members.set(key, insert(value, at: rest, into: members[key]))
        return node
    }
}

/// A value of a form being decoded. Arrays and objects are held by reference, so adding
/// to one deep in the tree changes it in place instead of copying it and its parents.
private final class FormNode {
    final class Items {
        var nodes: [FormNode]
        init(_ nodes: [FormNode]) { self.nodes = nodes }
        func append(_ node: FormNode) { nodes.append(node) }
    }

    /// An object's members in order, found by key through a dictionary.
    final class Members {
        private var keys: [String] = []
        private var nodes: [String: FormNode] = [:]

        subscript(key: String) -> FormNode? { nodes[key] }

        /// Sets `key`: a new key goes last, a known one keeps its place.
        func set(_ key: String, _ node: FormNode) {
            if nodes.updateValue(node, forKey: key) == nil { keys.append(key) }
        }

        /// The members as JSON, in the order their keys first came.
        var json: JSONObject { JSONObject(keys.map { (key: $0, value: nodes[$0]!.json) }) }
    }

    enum Content {
        case string(String)
        case array(Items)
        case object(Members)
    }

    let content: Content

    init(_ content: Content) { self.content = content }

    /// The value as JSON. Recurses once per level, and a form nests at most
    /// ``RequestBody/formMaxDepth`` + 1 levels.
    var json: JSONValue {
        switch content {
        case .string(let s): return .string(s)
        case .array(let items): return .array(items.nodes.map(\.json))
        case .object(let members): return .object(members.json)
        }
    }
}
