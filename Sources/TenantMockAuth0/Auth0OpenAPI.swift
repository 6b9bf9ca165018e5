import TenantMockCore

extension Auth0Dialect {
    /// The OpenAPI 3 description of the emulated operations, built from the same
    /// ``Auth0Operation`` values the router serves: Auth0's operation ids, parameters
    /// with their limits, request schemas and the answers the emulator gives.
    public func openAPIDocument() -> JSONValue {
        var paths = JSONObject()
        for op in Self.operations {
            var item = paths[op.path]?.objectValue ?? JSONObject()
            item[op.method.lowercased()] = op.openAPI
            paths[op.path] = .object(item)
        }
        return [
            "openapi": "3.0.3",
            "info": ["title": .string(title), "version": "2.0",
                     "description": "TenantMock's emulation of Auth0's Management API v2 (see docs/auth0.md)."],
            "components": [
                "securitySchemes": ["bearerAuth": ["type": "http", "scheme": "bearer", "bearerFormat": "JWT"]],
                "headers": Auth0OpenAPI.rateLimitHeaders,
                "schemas": Auth0OpenAPI.schemas,
            ],
            "paths": .object(paths),
        ]
    }
}

extension Auth0Operation {
    /// The operation as an OpenAPI operation object.
    var openAPI: JSONValue {
        let isManagement = scopes != nil
        var parameters: [JSONValue] = pathParameters.map(\.json)
        for q in query {
            var schema: JSONObject
            switch q.kind {
            case .integer(let minimum, let maximum):
                schema = ["type": "integer", "minimum": .int(minimum)]
                if let maximum { schema["maximum"] = .int(maximum) }
            case .boolean: schema = ["type": "boolean"]
            case .string(let maxLength):
                schema = ["type": "string"]
                if let maxLength { schema["maxLength"] = .int(maxLength) }
            case .stringList(let maxItems):
                schema = ["type": "array", "maxItems": .int(maxItems), "items": ["type": "string", "minLength": 1]]
            }
            var parameter: JSONObject = ["name": .string(q.name), "in": "query", "description": .string(q.description),
                                         "schema": .object(schema)]
            if case .stringList = q.kind { parameter["style"] = "form"; parameter["explode"] = true }
            parameters.append(.object(parameter))
        }
        let headers: JSONValue = [
            "X-RateLimit-Limit": ["$ref": "#/components/headers/X-RateLimit-Limit"],
            "X-RateLimit-Remaining": ["$ref": "#/components/headers/X-RateLimit-Remaining"],
            "X-RateLimit-Reset": ["$ref": "#/components/headers/X-RateLimit-Reset"],
        ]
        var ok: JSONObject = ["description": .string(success.description)]
        if let schema = success.schema { ok["content"] = ["application/json": ["schema": schema]] }
        if isManagement { ok["headers"] = headers }
        var responses: JSONObject = [String(success.status): .object(ok)]
        let errorSchema = isManagement ? "Error" : "OAuthError"
        for status in errors {
            var response: JSONObject = ["description": .string(HTTPStatus.reasonPhrase(status)),
                                        "content": ["application/json": ["schema": ["$ref": .string("#/components/schemas/\(errorSchema)")]]]]
            if isManagement { response["headers"] = headers }
            responses[String(status)] = .object(response)
        }
        var o: JSONObject = ["operationId": .string(operationID), "summary": .string(summary),
                             "parameters": .array(parameters), "responses": .object(responses)]
        if let scopes {
            o["security"] = [["bearerAuth": .array(scopes.scopes.map(JSONValue.string))]]
            o["x-scopes"] = .string("\(scopes.wording): \(scopes.scopes.joined(separator: ", "))")
        } else {
            o["security"] = []
        }
        if let body {
            // Both media types, as Auth0's description lists for every in-scope body.
            let schema = body.json
            o["requestBody"] = ["required": true, "content": [
                "application/json": ["schema": schema], "application/x-www-form-urlencoded": ["schema": schema],
            ]]
        }
        return .object(o)
    }
}

/// The shared parts of the OpenAPI document: headers, answer schemas, error lists.
enum Auth0OpenAPI {
    /// `X-RateLimit-*` on every Management API answer (`RateLimitHeaders`).
    static let rateLimitHeaders: JSONValue = [
        "X-RateLimit-Limit": ["description": "Requests allowed in the window.", "schema": ["type": "integer"]],
        "X-RateLimit-Remaining": ["description": "Requests left in the window.", "schema": ["type": "integer"]],
        "X-RateLimit-Reset": ["description": "When the window resets, epoch seconds.", "schema": ["type": "integer"]],
    ]

    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }

    /// A list answer: the bare array, or with `include_totals=true` the object
    /// `{<key>: [...], start, limit, total}` (Auth0's `oneOf` of the two).
    static func paged(_ key: String, of item: JSONValue) -> JSONValue {
        var properties: JSONObject = ["start": ["type": "integer"], "limit": ["type": "integer"], "total": ["type": "integer"]]
        properties[key] = ["type": "array", "items": item]
        return ["anyOf": [
            ["type": "array", "items": item],
            ["type": "object", "required": [.string(key), "start", "limit", "total"], "properties": .object(properties)],
        ]]
    }

    /// A list with offset paging or, with `from`/`take`, checkpoint paging `{<key>: [...], next?}`.
    static func pagedOrCheckpoint(_ key: String, of item: JSONValue) -> JSONValue {
        var properties = JSONObject()
        properties[key] = ["type": "array", "items": item]
        properties["next"] = ["type": "string"]
        return ["anyOf": [
            paged(key, of: item),
            ["type": "object", "required": [.string(key)], "properties": .object(properties)],
        ]]
    }

    /// The bodies of errors and of successful answers.
    static var schemas: JSONValue {
        let nullableString: JSONValue = ["type": "string", "nullable": true]
        return [
            // Boom's shape plus Auth0's `errorCode` (recorded: go-auth0 v1.45.0 `test/data/recordings`);
            // `attributes` on 401 `Invalid token`.
            "Error": ["type": "object", "required": ["statusCode", "error", "message"], "properties": [
                "statusCode": ["type": "integer"], "error": ["type": "string"], "message": ["type": "string"],
                "errorCode": ["type": "string"], "attributes": ["type": "object"],
            ]],
            // RFC 6749 §5.2, as Auth0's Authentication API answers `/oauth/token` (`OAuthError`).
            "OAuthError": ["type": "object", "required": ["error", "error_description"], "properties": [
                "error": ["type": "string"], "error_description": ["type": "string"], "error_uri": ["type": "string"],
            ]],
            "Token": ["type": "object", "required": ["access_token", "expires_in", "scope", "token_type"], "properties": [
                "access_token": ["type": "string"], "expires_in": ["type": "integer"], "scope": ["type": "string"],
                "token_type": ["type": "string", "enum": ["Bearer"]],
            ]],
            // `type` and `owner_id` on the `/roles` routes' answers; no `description` in a `POST` answer without one.
            "Role": ["type": "object", "required": ["id", "name"], "properties": [
                "id": ["type": "string"], "name": ["type": "string"], "description": nullableString,
                "type": ["type": "string", "enum": ["tenant", "organization"]], "owner_id": ["type": "string"],
            ]],
            "RolePermission": ["type": "object",
                               "required": ["permission_name", "description", "resource_server_name", "resource_server_identifier"],
                               "properties": [
                                   "permission_name": ["type": "string"], "description": nullableString,
                                   "resource_server_name": ["type": "string"], "resource_server_identifier": ["type": "string"],
                               ]],
            "UserPermission": ["type": "object",
                               "required": ["permission_name", "description", "resource_server_name", "resource_server_identifier", "sources"],
                               "properties": [
                                   "permission_name": ["type": "string"], "description": nullableString,
                                   "resource_server_name": ["type": "string"], "resource_server_identifier": ["type": "string"],
                                   "sources": ["type": "array", "items": [
                                       "type": "object", "required": ["source_id", "source_name", "source_type"], "properties": [
                                           "source_id": ["type": "string"], "source_name": ["type": "string"],
                                           "source_type": ["type": "string", "enum": ["DIRECT", "ROLE"]],
                                       ],
                                   ]],
                               ]],
            // `fields`/`include_fields` choose the properties, so none is required.
            "User": ["type": "object"],
            "RoleUser": ["type": "object", "required": ["user_id"], "properties": [
                "user_id": ["type": "string"], "email": ["type": "string"], "picture": ["type": "string"], "name": ["type": "string"],
            ]],
            "Member": ["type": "object"],
            "Client": ["type": "object", "properties": [
                "tenant": ["type": "string"], "name": ["type": "string"], "client_id": ["type": "string"],
                "client_secret": ["type": "string"], "grant_types": ["type": "array", "items": ["type": "string"]],
            ]],
            "Organization": ["type": "object", "required": ["id", "name"], "properties": [
                "id": ["type": "string"], "name": ["type": "string"], "display_name": ["type": "string"],
                "branding": ["type": "object"], "metadata": ["type": "object"],
            ]],
            "OrganizationConnection": ["type": "object", "required": ["connection_id"], "properties": [
                "connection_id": ["type": "string"], "assign_membership_on_login": ["type": "boolean"],
                "show_as_button": ["type": "boolean"], "is_signup_enabled": ["type": "boolean"],
                "connection": ["type": "object", "properties": ["name": ["type": "string"], "strategy": ["type": "string"]]],
            ]],
            "Connection": ["type": "object", "properties": [
                "id": ["type": "string"], "name": ["type": "string"], "strategy": ["type": "string"], "options": ["type": "object"],
            ]],
            "Invitation": ["type": "object", "required": ["id", "client_id", "inviter", "invitee", "organization_id"], "properties": [
                "id": ["type": "string"], "client_id": ["type": "string"], "inviter": ["type": "object"], "invitee": ["type": "object"],
                "invitation_url": ["type": "string"], "ticket_id": ["type": "string"], "created_at": ["type": "string"],
                "expires_at": ["type": "string"], "organization_id": ["type": "string"],
            ]],
            "ClientGrant": ["type": "object", "required": ["id", "client_id", "audience"], "properties": [
                "id": ["type": "string"], "client_id": ["type": "string"], "audience": ["type": "string"],
                "scope": ["type": "array", "items": ["type": "string"]], "subject_type": ["type": "string"],
            ]],
            // `fields`/`include_fields` choose the members; settings vary by API.
            "ResourceServer": ["type": "object", "properties": [
                "id": ["type": "string"], "name": ["type": "string"], "is_system": ["type": "boolean"], "identifier": ["type": "string"],
                "scopes": ["type": "array", "items": ["type": "object", "required": ["value"], "properties": [
                    "value": ["type": "string"], "description": ["type": "string"],
                ]]],
            ]],
        ]
    }

    /// Every Management API operation with a path parameter: malformed input,
    /// authentication, scope, an unknown id, rate limit.
    static let standardErrors = [400, 401, 403, 404, 429]
    /// Operations with a body add 415 (`RequestBody`: neither JSON nor a form).
    static let bodyErrors = standardErrors + [415]
}
