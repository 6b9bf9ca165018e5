import TenantMockCore

/// One operation of the emulated API, described once.
///
/// The router (``Auth0Dialect/routes()``), the OpenAPI document
/// (``Auth0Dialect/openAPIDocument()``), `tenantmock routes` and the request checks
/// are all built from these values, so what is served, what is documented and what
/// is validated cannot drift apart: a query parameter the document lists is the one
/// the route accepts, a body schema the document shows is the one the route checks.
/// (The token endpoint, an Authentication API route, reads its body itself and answers
/// OAuth errors; its schema documents what it reads.)
///
/// A Management API operation runs in hapi's order, as Auth0's API does: rate limit
/// (per tenant) → authentication → "Client is not global." where Auth0 documents it →
/// scope → path parameters → query → body (parsed, then checked against ``body``) →
/// ``Handler``, which finds and changes state in one step.
struct Auth0Operation: Sendable {
    /// A Management API operation's own work, given a caller that is authenticated and
    /// allowed and a request whose path, query and body passed their checks. A thrown
    /// `Auth0Error` becomes the answer.
    typealias Handler = @Sendable (ManagementCall) throws(Auth0Error) -> HTTPResponse

    /// How a request reaches the operation's work.
    enum Kind: Sendable {
        /// A Management API operation: rate-limited, bearer-authenticated, scope-checked, validated.
        case management(scopes: ScopeRequirement, rejectsNonGlobalClients: Bool, handler: Handler)
        /// An Authentication API endpoint (`/oauth/token`), which authenticates clients itself
        /// and carries no rate-limit headers.
        case authentication(DialectRoute<Auth0Dialect>.Handler)
    }

    /// The answer a successful call gets.
    struct Success: Sendable {
        var status: Int
        /// Auth0's description of the answer (its OpenAPI document's wording).
        var description: String
        /// The body's schema; `nil` for none.
        var schema: JSONValue?
    }

    var method: String
    /// The full path template, `/api/v2/users/{id}/permissions`.
    var path: String
    /// Auth0's `operationId`.
    var operationID: String
    var summary: String
    var kind: Kind
    /// The template's parameters, in template order (checked by a test).
    var pathParameters: [PathParameter]
    /// The query parameters accepted; any other is refused.
    var query: [QueryParameter]
    /// The body's schema; `nil` when the operation reads no body.
    var body: BodySchema?
    var success: Success
    /// The error statuses the operation answers, as the OpenAPI document lists them.
    var errors: [Int]

    /// A Management API operation at `/api/v2` + `path`.
    static func management(
        _ method: String, _ path: String, id operationID: String, summary: String,
        scopes: ScopeRequirement, rejectsNonGlobalClients: Bool = false,
        pathParameters: [PathParameter] = [], query: [QueryParameter] = [], body: BodySchema? = nil,
        success: Success, errors: [Int], handler: @escaping Handler
    ) -> Auth0Operation {
        Auth0Operation(method: method, path: "/api/v2" + path, operationID: operationID, summary: summary,
                       kind: .management(scopes: scopes, rejectsNonGlobalClients: rejectsNonGlobalClients, handler: handler),
                       pathParameters: pathParameters, query: query, body: body, success: success, errors: errors)
    }

    /// The scopes, for a Management API operation.
    var scopes: ScopeRequirement? {
        if case .management(let scopes, _, _) = kind { return scopes }
        return nil
    }

    // MARK: Serving

    /// The route the router serves for this operation.
    var route: DialectRoute<Auth0Dialect> {
        switch kind {
        case .authentication(let handler):
            return DialectRoute(method, path, summary: summary, handler: handler)
        case .management(let scopes, let rejectsNonGlobalClients, let handler):
            let operation = self
            let querySpec = QueryValidation.Spec(query)
            return DialectRoute(method, path, summary: summary) { context in
                ManagementRoute.rateLimited(on: context.tenant) {
                    do throws(Auth0Error) {
                        let client = try ManagementRoute.authenticate(context)
                        if rejectsNonGlobalClients && !client.isGlobal { throw .clientNotGlobal }
                        guard scopes.isSatisfied(by: client.scopes) else { throw .insufficientScope(scopes) }
                        let call = try operation.validatedCall(context, client: client, querySpec: querySpec)
                        return try handler(call)
                    } catch {
                        return error.response
                    }
                }
            }
        }
    }

    /// Checks path parameters, query and body in hapi's order.
    private func validatedCall(_ context: RequestContext<Auth0Dialect>, client: AuthenticatedClient,
                               querySpec: QueryValidation.Spec) throws(Auth0Error) -> ManagementCall {
        for parameter in pathParameters { try parameter.validate(context.parameters[parameter.name]) }
        let query = try QueryValidation.validate(context.request, querySpec)
        var body = JSONValue.null
        if self.body != nil {
            body = try RequestBody.parse(context.request)
            try self.body?.validate(body)
        }
        return ManagementCall(context: context, client: client, query: query, body: body)
    }
}

/// A path parameter of an operation, as Auth0's document declares it.
struct PathParameter: Sendable {
    var name: String
    /// Quoted in the parameter's error messages.
    var description: String
    /// `maxLength`, checked as a path error (`invalid_uri`).
    var maxLength: Int?

    init(_ name: String, _ description: String, maxLength: Int? = nil) {
        self.name = name
        self.description = description
        self.maxLength = maxLength
    }

    func validate(_ value: String) throws(Auth0Error) {
        // z-schema counts UTF-16 code units, as JavaScript's `length`.
        let length = value.utf16.count
        if let maxLength, length > maxLength {
            throw .path("String is too long (\(length) chars), maximum \(maxLength)", property: name, description: description)
        }
    }

    var json: JSONValue {
        var schema: JSONObject = ["type": "string"]
        if let maxLength { schema["maxLength"] = .int(maxLength) }
        return ["name": .string(name), "in": "path", "required": true, "description": .string(description), "schema": .object(schema)]
    }
}
