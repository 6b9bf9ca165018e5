import TenantMockCore

/// A query parameter of a Management API route, as the OpenAPI description declares it
/// (`auth0-oas-in-scope.txt`): its type, bounds and description (quoted in errors).
struct QueryParameter: Sendable {
    enum Kind: Sendable {
        case integer(minimum: Int, maximum: Int?)
        case boolean
        case string(maxLength: Int?)
        /// A parameter that may be repeated (`identifiers=a&identifiers=b`), each value non-empty.
        case stringList(maxItems: Int)
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

extension QueryParameter.Kind {
    var typeName: String {
        switch self {
        case .integer: return "integer"
        case .boolean: return "boolean"
        case .string: return "string"
        case .stringList: return "array"
        }
    }
}
