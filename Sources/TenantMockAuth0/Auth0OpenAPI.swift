import TenantMockCore

extension Auth0Dialect {
    /// The OpenAPI 3 description of the emulated operations: Auth0's operation ids,
    /// parameters with their limits, request schemas and the answers the emulator
    /// gives (taken from Auth0's published description, `auth0-oas-in-scope.txt`,
    /// and from what the routes answer: `ManagementRoute`, `TokenEndpoint`).
    public func openAPIDocument() -> JSONValue {
        var paths = JSONObject()
        for op in Auth0OpenAPI.operations {
            var item = paths[op.path]?.objectValue ?? JSONObject()
            item[op.method.lowercased()] = op.json
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

/// The operation table behind `Auth0Dialect.openAPIDocument()`.
enum Auth0OpenAPI {
    struct Operation {
        var method: String
        var path: String
        var operationID: String
        var summary: String
        var scopes: ScopeRequirement?
        var pathParameters: [String]
        var query: [QueryParameter]
        var body: JSONValue?
        var success: (Int, String)
        /// The success body's schema; `nil` for none (204).
        var successSchema: JSONValue?
        var errors: [Int]

        /// A Management API operation: every answer carries the `X-RateLimit-*`
        /// headers (`ManagementRoute.make`); the token endpoint's do not.
        var isManagement: Bool { scopes != nil }

        var json: JSONValue {
            var parameters: [JSONValue] = pathParameters.map { name in
                ["name": .string(name), "in": "path", "required": true, "schema": ["type": "string"]]
            }
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
                }
                parameters.append(["name": .string(q.name), "in": "query", "description": .string(q.description), "schema": .object(schema)])
            }
            let headers: JSONValue = [
                "X-RateLimit-Limit": ["$ref": "#/components/headers/X-RateLimit-Limit"],
                "X-RateLimit-Remaining": ["$ref": "#/components/headers/X-RateLimit-Remaining"],
                "X-RateLimit-Reset": ["$ref": "#/components/headers/X-RateLimit-Reset"],
            ]
            var ok: JSONObject = ["description": .string(success.1)]
            if let successSchema { ok["content"] = ["application/json": ["schema": successSchema]] }
            if isManagement { ok["headers"] = headers }
            var responses: JSONObject = [String(success.0): .object(ok)]
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
                o["requestBody"] = ["required": true, "content": [
                    "application/json": ["schema": body], "application/x-www-form-urlencoded": ["schema": body],
                ]]
            }
            return .object(o)
        }
    }

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

    /// The bodies of errors and of successful answers.
    static var schemas: JSONValue {
        let nullableString: JSONValue = ["type": "string", "nullable": true]
        return [
            // Boom's shape plus Auth0's `errorCode` (auth0-research.md); `attributes` on 401 `Invalid token`.
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
            "Role": ["type": "object", "required": ["id", "name", "description"], "properties": [
                "id": ["type": "string"], "name": ["type": "string"], "description": nullableString,
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
            "Member": ["type": "object"],
        ]
    }

    static let permissionsBody: JSONValue = [
        "type": "object", "additionalProperties": false, "required": ["permissions"],
        "properties": ["permissions": ["type": "array", "minItems": 1, "items": [
            "type": "object", "additionalProperties": false, "required": ["resource_server_identifier", "permission_name"],
            "properties": ["resource_server_identifier": ["type": "string"], "permission_name": ["type": "string"]],
        ]]],
    ]

    static func rolesBody(format: Bool) -> JSONValue {
        let item: JSONValue = format ? ["type": "string", "format": "role-id"] : ["type": "string", "minLength": 1]
        return ["type": "object", "additionalProperties": false, "required": ["roles"],
                "properties": ["roles": ["type": "array", "minItems": 1, "items": item]]]
    }

    /// Every Management API operation with a path parameter: malformed input,
    /// authentication, scope, an unknown id, rate limit.
    static let standardErrors = [400, 401, 403, 404, 429]
    /// Operations with a body add 415 (`RequestBody`: neither JSON nor a form).
    static let bodyErrors = standardErrors + [415]

    static var operations: [Operation] {
        let user = "/api/v2/users/{id}"
        let member = "/api/v2/organizations/{id}/members/{user_id}/roles"
        let orgQuery: [QueryParameter] = [.pageTo1000, .perPageDefaults, .includeTotals]
        let roles = paged("roles", of: ref("Role"))
        return [
            Operation(method: "GET", path: user + "/permissions", operationID: "get_permissions", summary: "Get a user's permissions",
                      scopes: .anyOf("read:users"), pathParameters: ["id"], query: UserPermissionsRoutes.queryParameters,
                      body: nil, success: (200, "Permissions successfully retrieved."),
                      successSchema: paged("permissions", of: ref("UserPermission")), errors: standardErrors),
            // The 201 body is `{}` (UserPermissionsRoutes).
            Operation(method: "POST", path: user + "/permissions", operationID: "post_permissions", summary: "Assign permissions to a user",
                      scopes: .anyOf("update:users"), pathParameters: ["id"], query: [], body: permissionsBody,
                      success: (201, "Permissions assigned to user."), successSchema: ["type": "object"], errors: bodyErrors),
            Operation(method: "DELETE", path: user + "/permissions", operationID: "delete_permissions", summary: "Remove permissions from a user",
                      scopes: .anyOf("update:users"), pathParameters: ["id"], query: [], body: permissionsBody,
                      success: (204, "User permissions removed."), successSchema: nil, errors: bodyErrors),
            Operation(method: "GET", path: user + "/roles", operationID: "get_user_roles", summary: "Get a user's roles",
                      scopes: .allOf("read:users", "read:roles", "read:role_members"), pathParameters: ["id"],
                      query: UserRolesRoutes.queryParameters, body: nil, success: (200, "Roles successfully retrieved."),
                      successSchema: roles, errors: standardErrors),
            Operation(method: "POST", path: user + "/roles", operationID: "post_user_roles", summary: "Assign roles to a user",
                      scopes: .anyOf("update:users", "create:role_members"), pathParameters: ["id"], query: [],
                      body: rolesBody(format: false), success: (204, "Roles successfully associated with user."),
                      successSchema: nil, errors: bodyErrors),
            // Auth0's description lists no 400 here, but a malformed body is refused like everywhere else.
            Operation(method: "DELETE", path: user + "/roles", operationID: "delete_user_roles", summary: "Remove roles from a user",
                      scopes: .anyOf("update:users", "delete:role_members"), pathParameters: ["id"], query: [],
                      body: rolesBody(format: false), success: (204, "Users roles successfully removed."),
                      successSchema: nil, errors: bodyErrors),
            Operation(method: "GET", path: member, operationID: "get_organization_member_roles", summary: "Get an organization member's roles",
                      scopes: .anyOf("read:organization_member_roles"), pathParameters: ["id", "user_id"], query: orgQuery,
                      body: nil, success: (200, "Roles successfully retrieved."), successSchema: roles, errors: standardErrors),
            Operation(method: "POST", path: member, operationID: "post_organization_member_roles", summary: "Assign roles to an organization member",
                      scopes: .anyOf("create:organization_member_roles"), pathParameters: ["id", "user_id"], query: [],
                      body: rolesBody(format: true), success: (204, "Roles successfully associated with user."),
                      successSchema: nil, errors: bodyErrors + [409]),
            Operation(method: "DELETE", path: member, operationID: "delete_organization_member_roles", summary: "Remove roles from an organization member",
                      scopes: .anyOf("delete:organization_member_roles"), pathParameters: ["id", "user_id"], query: [],
                      body: rolesBody(format: true), success: (204, "Roles successfully removed from organization member."),
                      successSchema: nil, errors: bodyErrors),
            Operation(method: "GET", path: user, operationID: "get_users_by_id", summary: "Get a user",
                      scopes: .anyOf("read:users", "read:current_user", "read:user_idp_tokens"), pathParameters: ["id"],
                      query: [ReadRoutes.fields, ReadRoutes.includeFields], body: nil, success: (200, "User successfully retrieved."),
                      successSchema: ref("User"), errors: standardErrors),
            Operation(method: "GET", path: "/api/v2/roles", operationID: "get_roles", summary: "Get roles",
                      scopes: .anyOf("read:roles"), pathParameters: [],
                      query: [.perPageDefaults, .pageUnbounded, .includeTotals, ReadRoutes.nameFilter], body: nil,
                      success: (200, "Roles successfully retrieved."), successSchema: roles, errors: [400, 401, 403, 429]),
            Operation(method: "GET", path: "/api/v2/roles/{id}/permissions", operationID: "get_role_permission", summary: "Get a role's permissions",
                      scopes: .anyOf("read:roles"), pathParameters: ["id"], query: [.perPageDefaults, .pageUnbounded, .includeTotals],
                      body: nil, success: (200, "Role permissions successfully retrieved."),
                      successSchema: paged("permissions", of: ref("RolePermission")), errors: standardErrors),
            // With `from`/`take`, checkpoint paging: `{members, next?}` (ReadRoutes).
            Operation(method: "GET", path: "/api/v2/organizations/{id}/members", operationID: "get_organization_members",
                      summary: "Get an organization's members",
                      scopes: .anyOf("read:organization_members", "read:organization_member_roles"), pathParameters: ["id"],
                      query: orgQuery + [ReadRoutes.from, ReadRoutes.take, ReadRoutes.fields, ReadRoutes.includeFields],
                      body: nil, success: (200, "Members successfully retrieved."),
                      successSchema: ["anyOf": [
                          paged("members", of: ref("Member")),
                          ["type": "object", "required": ["members"], "properties": [
                              "members": ["type": "array", "items": ref("Member")], "next": ["type": "string"],
                          ]],
                      ]], errors: standardErrors),
            Operation(method: "POST", path: "/oauth/token", operationID: "post_token", summary: "Client-credentials token",
                      scopes: nil, pathParameters: [], query: [], body: [
                          "type": "object", "required": ["grant_type"], "properties": [
                              "grant_type": ["type": "string", "enum": ["client_credentials"]], "client_id": ["type": "string"],
                              "client_secret": ["type": "string"], "audience": ["type": "string"], "scope": ["type": "string"],
                              "organization": ["type": "string", "nullable": true],
                          ],
                      ], success: (200, "Access token issued."), successSchema: ref("Token"), errors: [400, 401, 403]),
        ]
    }
}
