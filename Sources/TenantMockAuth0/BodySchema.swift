import TenantMockCore

/// A request body's JSON Schema as Auth0's Management API declares it
/// (`auth0-oas-in-scope.txt`), described once: ``json`` renders it into the
/// OpenAPI document and ``validate(_:)`` checks a body with z-schema's messages,
/// the validator behind Auth0's `Payload validation error: '…' on property … (…).`
///
/// Checks run in z-schema's order and the first failure is the answer: a value's
/// type; then, for an object, unknown members, then each missing required member (in
/// the order `required` lists them), then each declared member in declaration order;
/// for an array, its length, then each item; for a string, its length, pattern,
/// format and allowed values; for a number, its bounds.
struct BodySchema: Sendable {
    /// A JSON type a schema accepts.
    enum JSONType: String, Sendable {
        case object, array, string, integer, number, boolean, null
    }

    /// A named string format (`format: role-id`) and the check behind it.
    struct Format: Sendable {
        var name: String
        var accepts: @Sendable (String) -> Bool
    }

    /// A `pattern`, written as Auth0's schema writes it, and an equivalent check that
    /// runs in linear time (no regular-expression engine sees client input).
    struct Pattern: Sendable {
        var text: String
        var accepts: @Sendable (String) -> Bool
    }

    /// The schema's rules, kept behind one reference so that a schema (nested in others,
    /// checked once per request) is copied by one retain, not one per member.
    struct Rules: Sendable {
        /// The accepted types; empty accepts any value.
        var types: [JSONType]
        /// Quoted in a member's error messages, without its final period.
        var description: String?
        var properties: [(name: String, schema: BodySchema)] = []
        var required: [String] = []
        /// `false` refuses members that `properties` does not declare.
        var additionalProperties = true
        /// Words Auth0 adds after the message of refused members on some operations.
        var additionalPropertiesNote: String?
        /// The item schema of an array (zero or one element).
        var items: [BodySchema] = []
        var minItems: Int?
        var maxItems: Int?
        var minLength: Int?
        var maxLength: Int?
        var pattern: Pattern?
        var format: Format?
        var allowedValues: [JSONValue]?
        var minimum: Int?
        var maximum: Int?


    }

    private final class Storage: @unchecked Sendable {
        var rules: Rules
        init(_ rules: Rules) { self.rules = rules }
    }

    private var storage: Storage

    var types: [JSONType] {
        get { storage.rules.types }
        set { update { $0.types = newValue } }
    }
    var description: String? {
        get { storage.rules.description }
        set { update { $0.description = newValue } }
    }
    var properties: [(name: String, schema: BodySchema)] {
        get { storage.rules.properties }
        set { update { $0.properties = newValue } }
    }
    var required: [String] {
        get { storage.rules.required }
        set { update { $0.required = newValue } }
    }
    var additionalProperties: Bool {
        get { storage.rules.additionalProperties }
        set { update { $0.additionalProperties = newValue } }
    }
    var additionalPropertiesNote: String? {
        get { storage.rules.additionalPropertiesNote }
        set { update { $0.additionalPropertiesNote = newValue } }
    }
    var items: [BodySchema] {
        get { storage.rules.items }
        set { update { $0.items = newValue } }
    }
    var minItems: Int? {
        get { storage.rules.minItems }
        set { update { $0.minItems = newValue } }
    }
    var maxItems: Int? {
        get { storage.rules.maxItems }
        set { update { $0.maxItems = newValue } }
    }
    var minLength: Int? {
        get { storage.rules.minLength }
        set { update { $0.minLength = newValue } }
    }
    var maxLength: Int? {
        get { storage.rules.maxLength }
        set { update { $0.maxLength = newValue } }
    }
    var pattern: Pattern? {
        get { storage.rules.pattern }
        set { update { $0.pattern = newValue } }
    }
    var format: Format? {
        get { storage.rules.format }
        set { update { $0.format = newValue } }
    }
    var allowedValues: [JSONValue]? {
        get { storage.rules.allowedValues }
        set { update { $0.allowedValues = newValue } }
    }
    var minimum: Int? {
        get { storage.rules.minimum }
        set { update { $0.minimum = newValue } }
    }
    var maximum: Int? {
        get { storage.rules.maximum }
        set { update { $0.maximum = newValue } }
    }

    /// Copy on write: a shared storage is copied before it changes.
    private mutating func update(_ change: (inout Rules) -> Void) {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.rules) }
        change(&storage.rules)
    }

    init(
        types: [JSONType],
        description: String? = nil,
        properties: [(name: String,
        schema: BodySchema)] = [],
        required: [String] = [],
        additionalProperties: Bool = true,
        additionalPropertiesNote: String? = nil,
        items: [BodySchema] = [],
        minItems: Int? = nil,
        maxItems: Int? = nil,
        minLength: Int? = nil,
        maxLength: Int? = nil,
        pattern: Pattern? = nil,
        format: Format? = nil,
        allowedValues: [JSONValue]? = nil,
        minimum: Int? = nil,
        maximum: Int? = nil
    ) {
        storage = Storage(Rules(
            types: types,
            description: description,
            properties: properties,
            required: required,
            additionalProperties: additionalProperties,
            additionalPropertiesNote: additionalPropertiesNote,
            items: items,
            minItems: minItems,
            maxItems: maxItems,
            minLength: minLength,
            maxLength: maxLength,
            pattern: pattern,
            format: format,
            allowedValues: allowedValues,
            minimum: minimum,
            maximum: maximum
        ))
    }

    // MARK: Building

    /// An object with `properties` (in the order Auth0 lists them), closed to other members.
    static func object(_ properties: [(String, BodySchema)], required: [String] = [], description: String? = nil,
                       additionalProperties: Bool = false) -> BodySchema {
        BodySchema(types: [.object], description: description, properties: properties.map { (name: $0.0, schema: $0.1) },
                   required: required, additionalProperties: additionalProperties)
    }

    /// Any JSON object (metadata).
    static func anyObject(description: String? = nil) -> BodySchema {
        BodySchema(types: [.object], description: description)
    }

    static func array(of item: BodySchema, minItems: Int? = nil, maxItems: Int? = nil, description: String? = nil) -> BodySchema {
        BodySchema(types: [.array], description: description, items: [item], minItems: minItems, maxItems: maxItems)
    }

    static func string(minLength: Int? = nil, maxLength: Int? = nil, pattern: Pattern? = nil, format: Format? = nil,
                       allowed: [String]? = nil, description: String? = nil) -> BodySchema {
        BodySchema(types: [.string], description: description, minLength: minLength, maxLength: maxLength, pattern: pattern,
                   format: format, allowedValues: allowed?.map(JSONValue.string))
    }

    static func integer(minimum: Int? = nil, maximum: Int? = nil, description: String? = nil) -> BodySchema {
        BodySchema(types: [.integer], description: description, minimum: minimum, maximum: maximum)
    }

    static func boolean(description: String? = nil) -> BodySchema {
        BodySchema(types: [.boolean], description: description)
    }

    /// The same schema, also accepting `null` (`"type": ["string", "null"]`).
    var nullable: BodySchema {
        var copy = self
        if !copy.types.contains(.null) { copy.types.append(.null) }
        return copy
    }

    /// The schema of a declared member.
    func property(_ name: String) -> BodySchema? { properties.first { $0.name == name }?.schema }

    // MARK: Validation

    /// Checks `value` (a whole body); throws Auth0's 400 `invalid_body` for the first failure.
    func validate(_ value: JSONValue) throws(Auth0Error) {
        try check(value, at: { nil }, described: nil)
    }

    /// Checks `value`; `location` names where it sits in the body as z-schema does in an
    /// error (`permissions[0].permission_name`, `nil` for the body itself), written out only
    /// when a check fails.
    private func check(_ value: JSONValue, at location: () -> String?, described: String?) throws(Auth0Error) {
        func fail(_ message: String) -> Auth0Error { .payload(message, property: location(), description: described) }
        let found = value.typeName
        if !types.isEmpty, !types.contains(where: { Self.accepts($0, found) }) {
            throw fail("Expected type \(types.map(\.rawValue).joined(separator: ",")) but found type \(found)")
        }
        switch value {
        case .object(let object):
            // Elements are used in place (a schema is a large value: copying one per check cost
            // a quarter of a request's instructions).
            if !additionalProperties, object.members.contains(where: { member in !properties.contains { $0.name == member.key } }) {
                let extra = object.keys.filter { key in !properties.contains { $0.name == key } }
                let message = "Additional properties not allowed: \(extra.joined(separator: ","))"
                if let note = additionalPropertiesNote, location() == nil {
                    throw Auth0Error(status: 400, message: "Payload validation error: '\(message)' \(note)", errorCode: "invalid_body")
                }
                throw fail(message)
            }
            for name in required where object[name] == nil { throw fail("Missing required property: \(name)") }
            for i in properties.indices {
                guard let member = object[properties[i].name] else { continue }
                let name = properties[i].name
                try properties[i].schema.check(member, at: { location().map { "\($0).\(name)" } ?? name },
                                               described: properties[i].schema.description)
            }
        case .array(let array):
            if let minItems, array.count < minItems { throw fail("Array is too short (\(array.count)), minimum \(minItems)") }
            if let maxItems, array.count > maxItems { throw fail("Array is too long (\(array.count)), maximum \(maxItems)") }
            if !items.isEmpty {
                for (i, element) in array.enumerated() {
                    try items[0].check(element, at: { "\(location() ?? "")[\(i)]" }, described: items[0].description)
                }
            }
        case .string(let text):
            // z-schema counts characters as JavaScript does (UTF-16 code units).
            let length = text.utf16.count
            if let minLength, length < minLength { throw fail("String is too short (\(length) chars), minimum \(minLength)") }
            if let maxLength, length > maxLength { throw fail("String is too long (\(length) chars), maximum \(maxLength)") }
            if let pattern, !pattern.accepts(text) { throw fail("String does not match pattern \(pattern.text): \(text)") }
            if let format, !format.accepts(text) { throw fail("Object didn't pass validation for format \(format.name): \(text)") }
        case .number(let number):
            if let minimum, number.doubleValue < Double(minimum) {
                throw fail("Value \(number) is less than minimum \(minimum)")
            }
            if let maximum, number.doubleValue > Double(maximum) {
                throw fail("Value \(number) is greater than maximum \(maximum)")
            }
        case .null, .bool:
            break
        }
        if let allowedValues, !allowedValues.contains(value) {
            throw fail("No enum match for: \(JSONSerializer.string(value))")
        }
    }

    /// z-schema's type rule: an integer is also a number.
    private static func accepts(_ type: JSONType, _ found: String) -> Bool {
        type.rawValue == found || (type == .number && found == "integer")
    }

    // MARK: OpenAPI

    /// The schema as JSON Schema, for the OpenAPI document.
    var json: JSONValue {
        var o = JSONObject()
        if types.count == 1 { o["type"] = .string(types[0].rawValue) }
        else if types.count > 1 {
            // OpenAPI 3.0 has no type lists: one type and `nullable`.
            let nonNull = types.filter { $0 != .null }
            if nonNull.count == 1 { o["type"] = .string(nonNull[0].rawValue) }
            if types.contains(.null) { o["nullable"] = true }
        }
        if let description { o["description"] = .string(description) }
        if !properties.isEmpty {
            o["properties"] = .object(JSONObject(properties.map { (key: $0.name, value: $0.schema.json) }))
        }
        if !required.isEmpty { o["required"] = .array(required.map(JSONValue.string)) }
        if types == [.object], !additionalProperties { o["additionalProperties"] = false }
        if let item = items.first { o["items"] = item.json }
        if let minItems { o["minItems"] = .int(minItems) }
        if let maxItems { o["maxItems"] = .int(maxItems) }
        if let minLength { o["minLength"] = .int(minLength) }
        if let maxLength { o["maxLength"] = .int(maxLength) }
        if let pattern { o["pattern"] = .string(pattern.text) }
        if let format { o["format"] = .string(format.name) }
        if let allowedValues { o["enum"] = .array(allowedValues) }
        if let minimum { o["minimum"] = .int(minimum) }
        if let maximum { o["maximum"] = .int(maximum) }
        return .object(o)
    }
}
