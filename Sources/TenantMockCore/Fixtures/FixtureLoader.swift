import Foundation

/// The dialect-independent members of a fixture document.
public struct FixtureHeader: Sendable {
    public var name: String
    public var dialect: String
    public var description: String
    public var tenantID: String
    public var isDefault: Bool
    public var rateLimit: RateLimitPolicy?
}

/// Reads fixture documents and files, validating them completely before
/// anything is kept: a refused fixture leaves nothing behind.
public struct FixtureLoader: Sendable {
    public let dialects: DialectRegistry

    public init(dialects: DialectRegistry) { self.dialects = dialects }

    static let headerKeys: Set<String> = ["fixture", "dialect", "description", "tenant", "default", "rate_limit", "data"]

    /// Loads one document from bytes; `file` names it in errors.
    public func load(bytes: [UInt8], file: String) throws(FixtureError) -> any AnyFixture {
        let document: JSONValue
        do {
            document = try JSONParser(options: .strict).parse(bytes)
        } catch {
            throw FixtureError(file: file, path: error.path,
                               reason: "invalid JSON at line \(error.line), column \(error.column): \(error.message)")
        }
        return try load(document: document, file: file)
    }

    /// Loads one parsed document; `isSnapshot` when it is a tenant's exported snapshot
    /// (`FixtureContext.isSnapshot`).
    public func load(document: JSONValue, file: String, isSnapshot: Bool = false) throws(FixtureError) -> any AnyFixture {
        let root = FixtureContext(file: file, path: JSONPath(), isSnapshot: isSnapshot)
        let object = try root.object(document)
        try root.onlyKeys(object, Self.headerKeys)
        let name = try root.at("fixture").string(try root.required(object, "fixture"))
        try Self.checkIdentifier(name, root.at("fixture"))
        let dialectName = try root.at("dialect").string(try root.required(object, "dialect"))
        guard let dialect = dialects[dialectName] else {
            throw root.at("dialect").error(
                "unknown dialect \"\(dialectName)\"; known: \(dialects.names.joined(separator: ", "))")
        }
        let description = try object["description"].map { v throws(FixtureError) in
            try root.at("description").string(v, nonEmpty: false)
        } ?? ""
        let tenantID = try object["tenant"].map { v throws(FixtureError) in try root.at("tenant").string(v) } ?? name
        try Self.checkIdentifier(tenantID, root.at("tenant"))
        guard TenantRegistry.isValidTenantID(tenantID) else {
            // Without a `tenant` member the fixture's name is the tenant's id.
            let named = object["tenant"] == nil
            throw root.at(named ? "fixture" : "tenant").error(TenantError.invalidTenantID(tenantID).description
                + (named ? " (with no \"tenant\" member, the fixture's name is its tenant's id)" : ""))
        }
        let isDefault = try object["default"].map { v throws(FixtureError) in try root.at("default").bool(v) } ?? false
        let rateLimit = try object["rate_limit"].map { v throws(FixtureError) in
            try RateLimitPolicy(fixture: v, context: root.at("rate_limit"))
        }
        let data = try root.required(object, "data")
        let header = FixtureHeader(name: name, dialect: dialectName, description: description, tenantID: tenantID,
                                   isDefault: isDefault, rateLimit: rateLimit)
        return try dialect.load(header, data, root.at("data"))
    }

    /// Loads a file.
    public func load(file path: String) throws(FixtureError) -> any AnyFixture {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FixtureError(file: path, path: JSONPath(), reason: "cannot read the file")
        }
        return try load(bytes: Array(data), file: path)
    }

    /// The `.json` files named by `paths`: files as given, folders by their
    /// `.json` files in name order (not recursive).
    public static func files(in paths: [String]) throws(FixtureError) -> [String] {
        var out: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw FixtureError(file: path, path: JSONPath(), reason: "no such file or folder")
            }
            if isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                out += names.filter { $0.hasSuffix(".json") }.sorted().map { (path as NSString).appendingPathComponent($0) }
            } else {
                out.append(path)
            }
        }
        return out
    }

    /// A tenant or fixture id: lower-case letters, digits and `-`, starting with a letter or digit
    /// (it becomes a host label in `{tenant}.localhost`).
    public static func isValidIdentifier(_ id: String) -> Bool {
        guard let first = id.utf8.first, id.utf8.count <= 63 else { return false }
        let ok: (UInt8) -> Bool = { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
        return first != 45 && id.utf8.allSatisfy(ok)
    }

    static func checkIdentifier(_ id: String, _ context: FixtureContext) throws(FixtureError) {
        guard isValidIdentifier(id) else {
            throw context.error("\"\(id)\" is not a valid id: use lower-case letters, digits and '-' (at most 63)")
        }
    }
}
