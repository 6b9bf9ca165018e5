import TenantMockCore

/// Validated query values, by name.
///
/// Asking for a parameter the operation does not declare is a programming error,
/// caught by an assertion: a handler cannot read what the document does not show.
struct ValidatedQuery: Sendable {
    var values: [String: JSONValue]
    /// The names the operation declares.
    var declared: Set<String>

    func int(_ name: String) -> Int? { value(name)?.intValue }
    func bool(_ name: String) -> Bool? { value(name)?.boolValue }
    func string(_ name: String) -> String? { value(name)?.stringValue }
    func strings(_ name: String) -> [String]? { value(name)?.arrayValue?.compactMap(\.stringValue) }
    /// Whether the request gave `name`.
    func has(_ name: String) -> Bool { value(name) != nil }

    private func value(_ name: String) -> JSONValue? {
        assert(declared.contains(name), "the operation does not declare the query parameter \(name)")
        return values[name]
    }
}

/// Checks a query string against a route's parameters with z-schema's messages
/// (`Query validation error: '…' on property per_page (…).`, errorCode
/// `invalid_query_string`; z-schema's templates, as recorded). Unknown parameters are refused
/// ("Additional properties not allowed", observed in auth0/auth0.net issue #157).
enum QueryValidation {
    /// An operation's query parameters, indexed once when its route is built.
    struct Spec: Sendable {
        let byName: [String: QueryParameter]
        let declared: Set<String>

        init(_ parameters: [QueryParameter]) {
            var byName: [String: QueryParameter] = [:]
            for p in parameters { byName[p.name] = p }
            self.byName = byName
            declared = Set(byName.keys)
        }
    }

    static func validate(_ request: HTTPRequest, _ parameters: [QueryParameter]) throws(Auth0Error) -> ValidatedQuery {
        try validate(request, Spec(parameters))
    }

    static func validate(_ request: HTTPRequest, _ spec: Spec) throws(Auth0Error) -> ValidatedQuery {
        if request.rawQuery.isEmpty { return ValidatedQuery(values: [:], declared: spec.declared) }
        let byName = spec.byName
        // Grouped by name in first-seen order, through an index (a query may hold thousands of items).
        var grouped: [(name: String, values: [String])] = []
        var index: [String: Int] = [:]
        for item in request.queryItems {
            if let i = index[item.name] { grouped[i].values.append(item.value) }
            else { index[item.name] = grouped.count; grouped.append((item.name, [item.value])) }
        }
        let unknown = grouped.map(\.name).filter { byName[$0] == nil }
        if !unknown.isEmpty { throw .query("Additional properties not allowed: \(unknown.joined(separator: ","))") }
        var out: [String: JSONValue] = [:]
        for (name, values) in grouped {
            let parameter = byName[name]!
            if case .stringList(let maxItems) = parameter.kind {
                if values.count > maxItems {
                    throw .query("Array is too long (\(values.count)), maximum \(maxItems)", property: name, description: parameter.description)
                }
                for (i, v) in values.enumerated() where v.isEmpty {
                    throw .query("String is too short (0 chars), minimum 1", property: "\(name)[\(i)]", description: parameter.description)
                }
                out[name] = .array(values.map(JSONValue.string))
                continue
            }
            guard values.count == 1 else {
                throw .query("Expected type \(parameter.kind.typeName) but found type array", property: name, description: parameter.description)
            }
            out[name] = try value(values[0], parameter)
        }
        return ValidatedQuery(values: out, declared: spec.declared)
    }

    /// For routes that take no query parameters (the spec lists none for POST and
    /// DELETE): any parameter is refused, as seed 002's table documents `invalid_query_string`.
    static func rejectAny(_ request: HTTPRequest) throws(Auth0Error) {
        _ = try validate(request, [])
    }

    private static func value(_ text: String, _ p: QueryParameter) throws(Auth0Error) -> JSONValue {
        switch p.kind {
        case .integer(let minimum, let maximum):
            guard let n = Int(text) else {
                throw .query("Expected type integer but found type string", property: p.name, description: p.description)
            }
            if n < minimum { throw .query("Value \(n) is less than minimum \(minimum)", property: p.name, description: p.description) }
            if let maximum, n > maximum {
                throw .query("Value \(n) is greater than maximum \(maximum)", property: p.name, description: p.description)
            }
            return .int(n)
        case .boolean:
            switch text {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: throw .query("Expected type boolean but found type string", property: p.name, description: p.description)
            }
        case .string(let maxLength):
            // z-schema counts UTF-16 code units, as JavaScript's `length`.
            if let maxLength, text.utf16.count > maxLength {
                throw .query("String is too long (\(text.utf16.count) chars), maximum \(maxLength)", property: p.name, description: p.description)
            }
            return .string(text)
        case .stringList:
            return .array([.string(text)])
        }
    }
}
