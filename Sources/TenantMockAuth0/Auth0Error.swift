import TenantMockCore

/// A Management API error: hapi/Boom's body with Auth0's `errorCode`.
///
/// ```json
/// {"statusCode":403,"error":"Forbidden","message":"Insufficient scope, expected any of: update:users","errorCode":"insufficient_scope"}
/// ```
/// `error` is the reason phrase of `statusCode`; `errorCode` is omitted where
/// Auth0 omits it (most 404s, the token 401s). Token 401s also carry Boom's
/// `attributes: {"error": message}` (recorded for "Invalid token" and "Expired token …").
struct Auth0Error: Error, Sendable, Equatable {
    var status: Int
    var message: String
    var errorCode: String?
    var attributes: Bool = false

    var body: JSONValue {
        var o: JSONObject = ["statusCode": .int(status), "error": .string(HTTPStatus.reasonPhrase(status)),
                             "message": .string(message)]
        if let errorCode { o["errorCode"] = .string(errorCode) }
        if attributes { o["attributes"] = ["error": .string(message)] }
        return .object(o)
    }

    var response: HTTPResponse { .json(status, body, contentType: Auth0Dialect.contentType) }

    // MARK: Authentication (sources per case in docs/auth0.md)

    /// No `Authorization` header (hapi's default wording; the exact body is inferred).
    static let missingAuthentication = Auth0Error(status: 401, message: "Missing authentication")
    /// A bearer credential that is not a JWT (recorded).
    static let badAuthorizationHeader = Auth0Error(status: 400, message: "Bad HTTP authentication header format", errorCode: "Bearer")
    /// Undecodable token, unknown issuer or audience, another tenant's token (recorded).
    static let invalidToken = Auth0Error(status: 401, message: "Invalid token", attributes: true)
    /// A signature that does not verify (seed 002 table; body by analogy with the recorded ones).
    static let invalidSignature = Auth0Error(status: 401, message: "Invalid signature received for JSON Web Token validation", attributes: true)
    /// `exp` in the past (recorded).
    static let expiredToken = Auth0Error(status: 401, message: "Expired token received for JSON Web Token validation", attributes: true)
    /// A token of a client flagged not global (seed 002 table; never observed in a real body).
    static let clientNotGlobal = Auth0Error(status: 401, message: "Client is not global.", attributes: true)

    /// 403 naming the accepted scopes, comma-joined without spaces (recorded wording).
    static func insufficientScope(_ requirement: ScopeRequirement) -> Auth0Error {
        Auth0Error(status: 403, message: "Insufficient scope, expected \(requirement.wording): \(requirement.scopes.joined(separator: ","))",
                   errorCode: "insufficient_scope")
    }

    /// The exhausted rate limit (recorded).
    static let tooManyRequests = Auth0Error(status: 429, message: "Global limit has been reached", errorCode: "too_many_requests")

    // MARK: Validation (z-schema's templates, zaggino/z-schema `src/Errors.js`, in Auth0's recorded format)

    static func payload(_ zSchemaMessage: String, property: String? = nil, description: String? = nil) -> Auth0Error {
        Auth0Error(status: 400, message: "Payload validation error: " + located(zSchemaMessage, property, description),
                   errorCode: "invalid_body")
    }

    static func query(_ zSchemaMessage: String, property: String? = nil, description: String? = nil) -> Auth0Error {
        Auth0Error(status: 400, message: "Query validation error: " + located(zSchemaMessage, property, description),
                   errorCode: "invalid_query_string")
    }

    static func path(_ zSchemaMessage: String, property: String, description: String?) -> Auth0Error {
        Auth0Error(status: 400, message: "Path validation error: " + located(zSchemaMessage, property, description),
                   errorCode: "invalid_uri")
    }

    /// `'<message>' on property <path> (<description without its final period>).`, or `'<message>'.` at the root.
    private static func located(_ message: String, _ property: String?, _ description: String?) -> String {
        guard let property else { return "'\(message)'." }
        guard var description, !description.isEmpty else { return "'\(message)' on property \(property)." }
        if description.hasSuffix(".") { description.removeLast() }
        return "'\(message)' on property \(property) (\(description))."
    }

    /// A body that is not JSON (hapi's parser wording; inferred).
    static let invalidJSON = Auth0Error(status: 400, message: "Invalid request payload JSON format", errorCode: "invalid_body")
    /// A body of a media type the API does not parse (hapi's default; inferred).
    static let unsupportedMediaType = Auth0Error(status: 415, message: "Unsupported Media Type")

    // MARK: Existence (recorded answers; sources per case in docs/auth0.md)

    static let userNotFound = Auth0Error(status: 404, message: "The user does not exist.", errorCode: "inexistent_user")
    static let roleNotFound = Auth0Error(status: 404, message: "The role does not exist.")
    static let organizationNotFound = Auth0Error(status: 404, message: "No organization found by that id or name")
    static func organizationRoleNotFound(_ id: String) -> Auth0Error {
        Auth0Error(status: 404, message: "No such role with id: \(id)")
    }
    /// An unknown API identifier in a permission (wording of auth0/auth0.net issue #444; errorCode as on GET /resource-servers).
    static func resourceServerNotFound(_ identifier: String) -> Auth0Error {
        Auth0Error(status: 404, message: "The resource server does not exist: \"\(identifier)\"", errorCode: "inexistent_resource_server")
    }
    /// A permission name the API does not define (inferred wording).
    static func permissionNotDefined(_ p: Auth0Permission) -> Auth0Error {
        Auth0Error(status: 400, message: "Permission \(p.permissionName) does not exist on resource server \(p.resourceServerIdentifier)",
                   errorCode: "invalid_body")
    }
}
