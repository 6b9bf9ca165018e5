import TenantMockCore

/// Validated query values, by name.
struct ValidatedQuery: Sendable {
    var values: [String: JSONValue]

    func int(_ name: String) -> Int? { values[name]?.intValue }
    func bool(_ name: String) -> Bool? { values[name]?.boolValue }
    func string(_ name: String) -> String? { values[name]?.stringValue }
}

/// Checks a query string against a route's parameters with z-schema's messages
/// (`Query validation error: '…' on property per_page (…).`, errorCode
/// `invalid_query_string`; auth0-research §1.4). Unknown parameters are refused
/// ("Additional properties not allowed", observed in auth0/auth0.net issue #157).
enum QueryValidation {
    static func validate(_ request: HTTPRequest, _ parameters: [QueryParameter]) throws(Auth0Error) -> ValidatedQuery {
        var grouped: [(name: String, values: [String])] = []
        for item in request.queryItems {
            if let i = grouped.firstIndex(where: { $0.name == item.name }) { grouped[i].values.append(item.value) }
            else { grouped.append((item.name, [item.value])) }
        }
        let unknown = grouped.map(\.name).filter { name in !parameters.contains { $0.name == name } }
        if !unknown.isEmpty { throw .query("Additional properties not allowed: \(unknown.joined(separator: ","))") }
        var out: [String: JSONValue] = [:]
        for (name, values) in grouped {
            let parameter = parameters.first { $0.name == name }!
            guard values.count == 1 else {
                throw .query("Expected type \(parameter.kind.typeName) but found type array", property: name, description: parameter.description)
            }
            out[name] = try value(values[0], parameter)
        }
        return ValidatedQuery(values: out)
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
            if let maxLength, text.count > maxLength {
                throw .query("String is too long (\(text.count) chars), maximum \(maxLength)", property: p.name, description: p.description)
            }
            return .string(text)
        }
    }
}
