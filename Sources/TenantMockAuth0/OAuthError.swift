import TenantMockCore

/// An `/oauth/token` error: the OAuth 2.0 shape (RFC 6749 §5.2), as Auth0's Authentication API answers.
struct OAuthError: Error, Sendable, Equatable {
    var status: Int
    var error: String
    var description: String
    var uri: String?

    var response: HTTPResponse {
        var o: JSONObject = ["error": .string(error), "error_description": .string(description)]
        if let uri { o["error_uri"] = .string(uri) }
        var response = HTTPResponse.json(status, .object(o), contentType: TokenEndpoint.contentType)
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
        return response
    }
}
