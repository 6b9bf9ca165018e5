import TenantMockCore

extension Auth0Dialect {
    /// The OpenAPI 3 description of the emulated operations: Auth0's operation ids,
    /// parameters with their limits, request schemas and the answers the emulator
    /// gives (taken from Auth0's published description, `auth0-oas-in-scope.txt`).
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
                "schemas": [
                    "Error": ["type": "object", "required": ["statusCode", "error", "message"], "properties": [
                        "statusCode": ["type": "integer"], "error": ["type": "string"], "message": ["type": "string"],
                        "errorCode": ["type": "string"], "attributes": ["type": "object"],
                    ]],
                ],
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
        var errors: [Int]

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
                case .string: schema = ["type": "string"]
                }
                parameters.append(["name": .string(q.name), "in": "query", "description": .string(q.description), "schema": .object(schema)])
            }
            var responses: JSONObject = [String(success.0): ["description": .string(success.1)]]
            for status in errors {
                responses[String(status)] = ["description": .string(HTTPStatus.reasonPhrase(status)),
                                             "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]]
            }
            var o: JSONObject = ["operationId": .string(operationID), "summary": .string(summary),
                                 "parameters": .array(parameters), "responses": .object(responses)]
            if let scopes {
                o["security"] = [["bearerAuth": .array(scopes.scopes.map(JSONValue.string))]]
                o["x-scopes"] = .string("\(scopes.wording): \(scopes.scopes.joined(separator: ", "))")
            }
            if let body {
                o["requestBody"] = ["required": true, "content": [
                    "application/json": ["schema": body], "application/x-www-form-urlencoded": ["schema": body],
                ]]
            }
            return .object(o)
        }
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

    static let standardErrors = [400, 401, 403, 404, 429]

    static var operations: [Operation] {
        let user = "/api/v2/users/{id}"
        let member = "/api/v2/organizations/{id}/members/{user_id}/roles"
        let orgQuery: [QueryParameter] = [.pageTo1000, .perPageDefaults, .includeTotals]
        return [
            Operation(method: "GET", path: user + "/permissions", operationID: "get_permissions", summary: "Get a user's permissions",
                      scopes: .anyOf("read:users"), pathParameters: ["id"], query: UserPermissionsRoutes.queryParameters,
                      body: nil, success: (200, "Permissions successfully retrieved."), errors: standardErrors),
            Operation(method: "POST", path: user + "/permissions", operationID: "post_permissions", summary: "Assign permissions to a user",
                      scopes: .anyOf("update:users"), pathParameters: ["id"], query: [], body: permissionsBody,
                      success: (201, "Permissions assigned to user."), errors: standardErrors),
            Operation(method: "DELETE", path: user + "/permissions", operationID: "delete_permissions", summary: "Remove permissions from a user",
                      scopes: .anyOf("update:users"), pathParameters: ["id"], query: [], body: permissionsBody,
                      success: (204, "User permissions removed."), errors: standardErrors),
            Operation(method: "GET", path: user + "/roles", operationID: "get_user_roles", summary: "Get a user's roles",
                      scopes: .allOf("read:users", "read:roles", "read:role_members"), pathParameters: ["id"],
                      query: UserRolesRoutes.queryParameters, body: nil, success: (200, "Roles successfully retrieved."), errors: standardErrors),
            Operation(method: "POST", path: user + "/roles", operationID: "post_user_roles", summary: "Assign roles to a user",
                      scopes: .anyOf("update:users", "create:role_members"), pathParameters: ["id"], query: [],
                      body: rolesBody(format: false), success: (204, "Roles successfully associated with user."), errors: standardErrors),
            Operation(method: "DELETE", path: user + "/roles", operationID: "delete_user_roles", summary: "Remove roles from a user",
                      scopes: .anyOf("update:users", "delete:role_members"), pathParameters: ["id"], query: [],
                      body: rolesBody(format: false), success: (204, "Users roles successfully removed."), errors: [401, 403, 404, 429]),
            Operation(method: "GET", path: member, operationID: "get_organization_member_roles", summary: "Get an organization member's roles",
                      scopes: .anyOf("read:organization_member_roles"), pathParameters: ["id", "user_id"], query: orgQuery,
                      body: nil, success: (200, "Roles successfully retrieved."), errors: standardErrors),
            Operation(method: "POST", path: member, operationID: "post_organization_member_roles", summary: "Assign roles to an organization member",
                      scopes: .anyOf("create:organization_member_roles"), pathParameters: ["id", "user_id"], query: [],
                      body: rolesBody(format: true), success: (204, "Roles successfully associated with user."), errors: [400, 401, 403, 404, 409, 429]),
            Operation(method: "DELETE", path: member, operationID: "delete_organization_member_roles", summary: "Remove roles from an organization member",
                      scopes: .anyOf("delete:organization_member_roles"), pathParameters: ["id", "user_id"], query: [],
                      body: rolesBody(format: true), success: (204, "Roles successfully removed from organization member."), errors: standardErrors),
            Operation(method: "GET", path: user, operationID: "get_users_by_id", summary: "Get a user",
                      scopes: .anyOf("read:users", "read:current_user", "read:user_idp_tokens"), pathParameters: ["id"],
                      query: [ReadRoutes.fields, ReadRoutes.includeFields], body: nil, success: (200, "User successfully retrieved."), errors: standardErrors),
            Operation(method: "GET", path: "/api/v2/roles", operationID: "get_roles", summary: "Get roles",
                      scopes: .anyOf("read:roles"), pathParameters: [],
                      query: [.perPageDefaults, .pageUnbounded, .includeTotals, ReadRoutes.nameFilter], body: nil,
                      success: (200, "Roles successfully retrieved."), errors: [400, 401, 403, 429]),
            Operation(method: "GET", path: "/api/v2/roles/{id}/permissions", operationID: "get_role_permission", summary: "Get a role's permissions",
                      scopes: .anyOf("read:roles"), pathParameters: ["id"], query: [.perPageDefaults, .pageUnbounded, .includeTotals],
                      body: nil, success: (200, "Role permissions successfully retrieved."), errors: standardErrors),
            Operation(method: "GET", path: "/api/v2/organizations/{id}/members", operationID: "get_organization_members",
                      summary: "Get an organization's members",
                      scopes: .anyOf("read:organization_members", "read:organization_member_roles"), pathParameters: ["id"],
                      query: orgQuery + [ReadRoutes.from, ReadRoutes.take, ReadRoutes.fields, ReadRoutes.includeFields],
                      body: nil, success: (200, "Members successfully retrieved."), errors: standardErrors),
            Operation(method: "POST", path: "/oauth/token", operationID: "post_token", summary: "Client-credentials token",
                      scopes: nil, pathParameters: [], query: [], body: [
                          "type": "object", "required": ["grant_type"], "properties": [
                              "grant_type": ["type": "string", "enum": ["client_credentials"]], "client_id": ["type": "string"],
                              "client_secret": ["type": "string"], "audience": ["type": "string"], "scope": ["type": "string"],
                              "organization": ["type": "string", "nullable": true],
                          ],
                      ], success: (200, "Access token issued."), errors: [400, 401, 403]),
        ]
    }
}
