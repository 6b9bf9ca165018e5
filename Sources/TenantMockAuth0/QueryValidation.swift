import TenantMockCore

/// A query parameter of a Management API route, as the OpenAPI description declares it
/// (`auth0-oas-in-scope.txt`): its type, bounds and description (quoted in errors).
struct QueryParameter: Sendable {
    enum Kind: Sendable {
        case integer(minimum: Int, maximum: Int?)
        case boolean
        case string(maxLength: Int?)
    }

    var name: String
    var kind: Kind
    var description: String

    static let includeTotals = QueryParameter(name: "include_totals", kind: .boolean,
        description: "Return results inside an object that contains the total result count (true) or as a direct array of results (false, default).")
    static let pageUnbounded = QueryParameter(name: "page", kind: .integer(minimum: 0, maximum: nil),
        description: "Page index of the results to return. First page is 0.")
    static let pageTo1000 = QueryParameter(name: "page", kind: .integer(minimum: 0, maximum: 1000),
        description: "Page index of the results to return. First page is 0.")
    static let perPage = QueryParameter(name: "per_page", kind: .integer(minimum: 1, maximum: 100),
        description: "Number of results per page.")
    static let perPageDefaults = QueryParameter(name: "per_page", kind: .integer(minimum: 1, maximum: 100),
        description: "Number of results per page. Defaults to 50.")
}

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

extension QueryParameter.Kind {
    var typeName: String {
        switch self {
        case .integer: return "integer"
        case .boolean: return "boolean"
        case .string: return "string"
        }
    }
}

/// Offset pagination of the list endpoints (auth0-research §2.1, §2.2).
///
/// `page` from 0, `per_page` 1–100 (default 50). Without `include_totals=true`
/// the answer is the page as a bare array; with it, `{"<key>": [...], "start":
/// page × per_page, "limit": per_page, "total": N}`. A page past the end is an
/// empty list with the real total. Asking beyond the first 1000 records is a
/// 400 `invalid_paging` (documented rule: `page × per_page + per_page > 1000`).
struct Paging: Sendable {
    static let defaultPerPage = 50
    static let recordCap = 1000

    var page: Int
    var perPage: Int
    var includeTotals: Bool

    init(_ query: ValidatedQuery) throws(Auth0Error) {
        page = query.int("page") ?? 0
        perPage = query.int("per_page") ?? Self.defaultPerPage
        includeTotals = query.bool("include_totals") ?? false
        if page * perPage + perPage > Self.recordCap {
            throw Auth0Error(status: 400,
                message: "Requesting page \(page) exceeds the allowed maximum of \(Self.recordCap) records. To fetch results beyond \(Self.recordCap), use the checkpoint pagination method.",
                errorCode: "invalid_paging")
        }
    }

    /// The page of `items` in the requested form.
    func render(_ items: [JSONValue], key: String) -> JSONValue {
        let start = page * perPage
        let slice = start < items.count ? Array(items[start..<min(items.count, start + perPage)]) : []
        guard includeTotals else { return .array(slice) }
        return [key: .array(slice), "start": .int(start), "limit": .int(perPage), "total": .int(items.count)]
    }
}
