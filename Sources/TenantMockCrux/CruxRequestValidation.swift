import TenantMockCore

/// The request serializers of the organization views, with DRF 3.7's messages
/// (`rest_framework/fields.py`, `serializers.py` @3.7.7), in DRF's error shape: a
/// field name to a list of messages, as a CruxConnect docs draft showed one
/// (`_future_ordering_retailer/retailer_get_orders.md` @34a3feb, CruxConnect/crux-docs).
enum CruxRequestValidation {
    /// The object a serializer accepts, or its `non_field_errors`
    /// (`Invalid data. Expected a dictionary, but got list.`; `No data provided` for `null`).
    static func object(_ data: JSONValue) throws(DRFError) -> JSONObject {
        switch data {
        case .object(let o): return o
        case .null: throw .validation(["non_field_errors": ["No data provided"]])
        default:
            throw .validation(["non_field_errors": [.string("Invalid data. Expected a dictionary, but got \(PythonRepr.typeName(data)).")]])
        }
    }

    /// `{"permission_uuids": [...]}` of PATCH and DELETE on `/users/permissions/<uuid>/`:
    /// the canonical UUIDs, each in the catalogue `orgType` sees.
    ///
    /// Every item is first checked as a UUID (DRF `UUIDField`: Python's
    /// `uuid.UUID(hex=…)` for strings, `UUID(int=…)` for integers; the first bad
    /// item is reported), then looked up (`Object with uuid=… does not exist.`:
    /// `SlugRelatedField`'s `does_not_exist` in `rest_framework/relations.py` @3.7.7;
    /// that the view uses such a field is inferred). An empty list is valid.
    static func permissionUUIDs(_ data: JSONValue, in state: CruxState, orgType: String) throws(DRFError) -> [String] {
        let body = try object(data)
        let field = "permission_uuids"
        guard let value = body[field] else { throw .field(field, "This field is required.") }
        let items: [JSONValue]
        switch value {
        case .null: throw .field(field, "This field may not be null.")
        case .array(let a): items = a
        default: throw .field(field, "Expected a list of items but got type \"\(PythonRepr.typeName(value))\".")
        }
        var uuids: [String] = []
        for item in items {
            let uuid: String?
            switch item {
            case .null: throw .field(field, "This field may not be null.")
            case .string(let s): uuid = CruxUUID.parse(s)
            case .number(.int(let i)): uuid = CruxUUID.fromInteger(i)
            case .bool(let b): uuid = CruxUUID.fromInteger(b ? 1 : 0)
            default: uuid = nil
            }
            guard let uuid else { throw .field(field, "\"\(PythonRepr.str(item))\" is not a valid UUID.") }
            uuids.append(uuid)
        }
        for uuid in uuids {
            guard let p = state.permission(uuid), p.isVisible(to: orgType) else {
                throw .field(field, "Object with uuid=\(uuid) does not exist.")
            }
        }
        return uuids
    }

    /// `{"username", "password"}` of `user-login` (two `CharField`s): both
    /// fields' errors are reported together.
    static func login(_ data: JSONValue) throws(DRFError) -> (username: String, password: String) {
        let body = try object(data)
        var errors = JSONObject()
        var values: [String] = []
        for field in ["username", "password"] {
            do throws(DRFError) {
                values.append(try charField(body[field], name: field))
            } catch {
                errors[field] = error.body[field]
            }
        }
        guard errors.isEmpty else { throw .validation(errors) }
        return (values[0], values[1])
    }

    /// DRF `CharField` (required, not null, not blank, whitespace trimmed;
    /// numbers become their text; booleans and containers are refused).
    static func charField(_ value: JSONValue?, name: String) throws(DRFError) -> String {
        guard let value else { throw .field(name, "This field is required.") }
        let text: String
        switch value {
        case .null: throw .field(name, "This field may not be null.")
        case .string(let s): text = s
        case .number: text = PythonRepr.str(value)
        default: throw .field(name, "Not a valid string.")
        }
        let trimmed = text.trimmed(of: " \t\n\r\u{0B}\u{0C}")
        if trimmed.isEmpty { throw .field(name, "This field may not be blank.") }
        return trimmed
    }
}
