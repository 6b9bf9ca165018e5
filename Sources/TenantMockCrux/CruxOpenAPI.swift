import TenantMockCore

/// The OpenAPI 3 description of the dialect: the methods each view handles
/// (not the 405 answers), their bodies and the DRF error shapes.
enum CruxOpenAPI {
    static func document(title: String) -> JSONValue {
        var paths = JSONObject()
        for era in CruxEra.allCases {
            for view in CruxURLConf.views {
                var item = JSONObject()
                let parameters: [JSONValue] = view.parameterNames.map { name in
                    ["name": .string(name), "in": "path", "required": true, "schema": ["type": "string", "format": "uuid"]]
                }
                if !parameters.isEmpty { item["parameters"] = .array(parameters) }
                for method in view.methods {
                    item[method.name.lowercased()] = operation(view: view, method: method, era: era)
                }
                paths[era.prefix + view.path] = .object(item)
            }
        }
        return [
            "openapi": "3.0.3",
            "info": ["title": .string(title), "version": "1",
                     "description": "A Django REST Framework 3.7 service with TokenAuthentication; see docs/crux.md."],
            "paths": .object(paths),
            "components": [
                "securitySchemes": [
                    "token": ["type": "apiKey", "in": "header", "name": "Authorization",
                              "description": "`Token <40 hex>`; keys from user-login expire after two hours."],
                ],
                "schemas": [
                    "Detail": ["type": "object", "required": ["detail"], "properties": ["detail": ["type": "string"]]],
                    "FieldErrors": ["type": "object", "additionalProperties": ["type": "array", "items": ["type": "string"]]],
                    "PermissionUUIDs": [
                        "type": "object", "required": ["permission_uuids"],
                        "properties": ["permission_uuids": ["type": "array", "items": ["type": "string", "format": "uuid"]]],
                    ],
                    "Login": [
                        "type": "object", "required": ["username", "password"],
                        "properties": ["username": ["type": "string"], "password": ["type": "string"]],
                    ],
                ],
            ],
        ]
    }

    static func operation(view: CruxView, method: CruxView.Method, era: CruxEra) -> JSONValue {
        var responses = JSONObject()
        let success = method.name == "PATCH" || method.name == "DELETE" ? "204" : "200"
        responses[success] = success == "204" ? ["description": "Done; no body."]
            : ["description": "OK", "content": ["application/json": ["schema": ["type": "object"]]]]
        if method.name != "GET" { responses["400"] = errorResponse("Invalid body", schema: "FieldErrors") }
        responses["401"] = errorResponse("Missing, malformed, unknown or expired token")
        if case .orgUsers = view.access { responses["403"] = errorResponse("Lacks view_org_users / edit_org_users") }
        if !view.parameterNames.isEmpty { responses["404"] = errorResponse("Not a user of the caller's organization") }
        responses["405"] = errorResponse("Method not allowed (after authentication)")
        if method.name != "GET" { responses["415"] = errorResponse("Content-Type is not JSON") }
        var operation: JSONObject = [
            "summary": .string(method.summary),
            "operationId": .string(method.name.lowercased() + "_" + era.rawValue + "_" + view.name.replacing(" ", with: "_").lowercased()),
            "responses": .object(responses),
        ]
        if case .anyone = view.access { operation["security"] = [] } else { operation["security"] = [["token": []]] }
        if method.name == "PATCH" || method.name == "DELETE" || method.name == "POST" {
            let schema = method.name == "POST" ? "Login" : "PermissionUUIDs"
            operation["requestBody"] = [
                "required": true,
                "content": ["application/json": ["schema": ["$ref": .string("#/components/schemas/\(schema)")]]],
            ]
        }
        return .object(operation)
    }

    static func errorResponse(_ description: String, schema: String = "Detail") -> JSONValue {
        ["description": .string(description),
         "content": ["application/json": ["schema": ["$ref": .string("#/components/schemas/\(schema)")]]]]
    }
}
