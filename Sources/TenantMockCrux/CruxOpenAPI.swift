import TenantMockCore

/// The OpenAPI 3.0.3 description of the dialect: every view under both eras'
/// prefixes, the methods each view handles, their bodies, and every answer
/// the dispatcher can give them, DRF's error shapes and Django's HTML 404 included.
///
/// The methods a view lacks are not described (they end in 405 after
/// authentication, see `CruxURLConf.routes()`); neither is Django's 301
/// `APPEND_SLASH` redirect, which answers paths outside the document (no
/// trailing slash). Representations follow `CruxRepresentation`.
enum CruxOpenAPI {
    static func document(title: String) -> JSONValue {
        var paths = JSONObject()
        for era in CruxEra.allCases {
            for view in CruxURLConf.views {
                var item = JSONObject()
                let parameters: [JSONValue] = view.parameterNames.map { name in
                    // Django's `uuid` converter: anything else is the HTML 404 (CruxURLConf.resolve).
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
                "schemas": schemas,
            ],
        ]
    }

    /// What a view answers on success, by view and method (`CruxRepresentation`).
    static func successSchema(view: CruxView, era: CruxEra) -> JSONValue {
        switch view.path {
        case CruxLoginView.view.path: return ref("Login")
        case CruxUserViews.all.path: return ["type": "array", "items": ref(era == .timp ? "TimpUser" : "User")]
        case CruxUserViews.detail.path: return ref(era == .timp ? "TimpUser" : "User")
        case CruxPermissionViews.all.path: return ["type": "array", "items": ref("Permission")]
        case CruxPermissionViews.user.path: return ref("PermissionAssignments")
        default: return ref(era == .timp ? "TimpOrganization" : "Organization")
        }
    }

    static func operation(view: CruxView, method: CruxView.Method, era: CruxEra) -> JSONValue {
        var responses = JSONObject()
        let hasBody = method.name != "GET"
        if method.name == "PATCH" || method.name == "DELETE" {
            responses["204"] = ["description": "Done; no body (CruxPermissionViews.noContent)."]
        } else {
            responses["200"] = ["description": "OK", "content": ["application/json": ["schema": successSchema(view: view, era: era)]]]
        }
        if hasBody {
            // A body that is not JSON is DRF's ParseError `{"detail": "JSON parse error - …"}`;
            // a serializer's refusal is field errors (CruxRequestValidation).
            responses["400"] = ["description": "Malformed JSON (detail) or field errors",
                                "content": ["application/json": ["schema": ["anyOf": [ref("Detail"), ref("FieldErrors")]]]]]
        }
        responses["401"] = errorResponse(isAnonymous(view)
            ? "A token that is malformed, unknown or expired (authentication runs on every view), or wrong username/password"
            : "Missing, malformed, unknown or expired token")
        if case .orgUsers = view.access { responses["403"] = errorResponse("Lacks view_org_users (safe methods) / edit_org_users") }
        if view.parameterNames.isEmpty {
            if !isAnonymous(view) {
                responses["404"] = errorResponse("The caller's organization is gone")
            }
        } else {
            // Not a UUID: Django's HTML 404 before DRF; a UUID outside the caller's organization: DRF's `Not found.`
            responses["404"] = ["description": "Not a UUID (Django's HTML page) or not a user of the caller's organization", "content": [
                "application/json": ["schema": ref("Detail")],
                "text/html": ["schema": ["type": "string"]],
            ]]
        }
        responses["406"] = errorResponse("No acceptable renderer for the Accept header")
        if hasBody { responses["415"] = errorResponse("Content-Type is not JSON") }
        responses["429"] = errorResponse("Throttled, when the fixture sets a rate_limit")
        var operation: JSONObject = [
            "summary": .string(method.summary),
            "operationId": .string(method.name.lowercased() + "_" + era.rawValue + "_" + view.name.replacing(" ", with: "_").lowercased()),
            "responses": .object(responses),
        ]
        operation["security"] = isAnonymous(view) ? [] : [["token": []]]
        if hasBody {
            let schema = method.name == "POST" ? "LoginRequest" : "PermissionUUIDs"
            operation["requestBody"] = ["required": true, "content": ["application/json": ["schema": ref(schema)]]]
        }
        return .object(operation)
    }

    /// Whether the view lets anonymous callers in (`AllowAny`: the login view).
    static func isAnonymous(_ view: CruxView) -> Bool {
        if case .anyone = view.access { return true }
        return false
    }

    static func errorResponse(_ description: String) -> JSONValue {
        ["description": .string(description), "content": ["application/json": ["schema": ref("Detail")]]]
    }

    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }

    static let nullableString: JSONValue = ["type": "string", "nullable": true]

    /// The component schemas: DRF's error bodies, the request serializers and the representations.
    static var schemas: JSONValue {
        let uuid: JSONValue = ["type": "string", "format": "uuid"]
        let person: JSONValue = [
            "type": "object", "required": ["uuid", "first_name", "last_name", "email", "phone", "job_title"],
            "properties": ["uuid": uuid, "first_name": ["type": "string"], "last_name": ["type": "string"],
                           "email": ["type": "string"], "phone": nullableString, "job_title": nullableString],
        ]
        let userProperties: JSONObject = [
            "uuid": uuid, "person": person, "permission_assignments": ref("PermissionAssignments"), "status": ["type": "string"],
        ]
        var timpUserProperties = userProperties
        timpUserProperties["token"] = nullableString
        let organizationProperties: JSONObject = [
            "uuid": uuid, "name": ["type": "string"], "org_type": ["type": "string", "enum": ["RETAILER", "SUPPLIER"]],
            "status": ["type": "string"], "created_date": ["type": "string"], "active_date": nullableString,
        ]
        var timpOrganizationProperties = organizationProperties
        timpOrganizationProperties["website"] = nullableString
        timpOrganizationProperties["retailer_uuid"] = ["type": "string"]
        timpOrganizationProperties["supplier_uuid"] = ["type": "string"]
        return [
            "Detail": ["type": "object", "required": ["detail"], "properties": ["detail": ["type": "string"]]],
            // DRF's `serializer.errors`: each field (or `non_field_errors`) with its messages.
            "FieldErrors": ["type": "object", "minProperties": 1,
                            "additionalProperties": ["type": "array", "items": ["type": "string"]]],
            // `ListField(child=UUIDField())`: strings or integers (`UUID(int=…)`); unknown keys are ignored.
            "PermissionUUIDs": [
                "type": "object", "required": ["permission_uuids"],
                "properties": ["permission_uuids": ["type": "array", "items": uuid]],
            ],
            "LoginRequest": [
                "type": "object", "required": ["username", "password"],
                "properties": ["username": ["type": "string"], "password": ["type": "string"]],
            ],
            "Permission": [
                "type": "object", "required": ["uuid", "name", "display_name", "description", "visibility", "grouping"],
                "properties": ["uuid": uuid, "name": ["type": "string"], "display_name": ["type": "string"],
                               "description": ["type": "string"], "visibility": ["type": "string"], "grouping": ["type": "string"]],
            ],
            "PermissionAssignments": [
                "type": "object", "required": ["permissions", "org_user"],
                "properties": [
                    "permissions": ["type": "array", "items": [
                        "type": "object", "required": ["assigned", "permission"],
                        "properties": ["assigned": ["type": "boolean"], "permission": ref("Permission")],
                    ]],
                    "org_user": ["type": "object", "required": ["uuid"], "properties": ["uuid": uuid]],
                ],
            ],
            "User": ["type": "object", "required": ["uuid", "person", "permission_assignments", "status"],
                     "properties": .object(userProperties)],
            "TimpUser": ["type": "object", "required": ["uuid", "person", "permission_assignments", "status", "token"],
                         "properties": .object(timpUserProperties)],
            "Organization": ["type": "object", "required": ["uuid", "name", "org_type", "status", "created_date", "active_date"],
                             "properties": .object(organizationProperties)],
            "TimpOrganization": ["type": "object",
                                 "required": ["uuid", "name", "org_type", "status", "created_date", "active_date",
                                              "website", "retailer_uuid", "supplier_uuid"],
                                 "properties": .object(timpOrganizationProperties)],
            "Login": [
                "type": "object",
                "required": ["auth_token", "org_uuid", "user_uuid", "retailer_uuid", "supplier_uuid", "org_type", "permission_assignments"],
                "properties": [
                    "auth_token": ["type": "string", "pattern": "^[0-9a-f]{40}$"], "org_uuid": uuid, "user_uuid": uuid,
                    "retailer_uuid": ["type": "string"], "supplier_uuid": ["type": "string"], "org_type": ["type": "string"],
                    "permission_assignments": ref("PermissionAssignments"),
                ],
            ],
        ]
    }
}
