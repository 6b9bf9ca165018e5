/// A loaded, validated fixture of one dialect: the prototype of its tenants.
///
/// A fixture file reads:
/// ```json
/// {
///   "fixture": "auth0-acme",
///   "dialect": "auth0",
///   "description": "…",
///   "tenant": "acme",
///   "default": true,
///   "rate_limit": {"limit": 1000, "window_seconds": 60},
///   "data": { … the dialect's own schema … }
/// }
/// ```
/// Creating a tenant copies `state`, a value type: nothing is parsed again.
public struct Fixture<D: Dialect>: Sendable {
    public let name: String
    public let dialectName: String
    public let description: String
    /// The id of the tenant `serve` starts from this fixture.
    public let tenantID: String
    /// Whether that tenant is its dialect's default (addressed when a request names none).
    public let isDefault: Bool
    public let rateLimit: RateLimitPolicy?
    /// The file it came from.
    public let file: String
    public let state: D.State

    /// The fixture document holding `data` (what a snapshot exports).
    public func document(data: JSONValue) -> JSONValue {
        var o: JSONObject = [
            "fixture": .string(name),
            "dialect": .string(dialectName),
            "description": .string(description),
            "tenant": .string(tenantID),
            "default": .bool(isDefault),
        ]
        if let rateLimit { o["rate_limit"] = rateLimit.json }
        o["data"] = data
        return .object(o)
    }
}

/// A fixture of any dialect: what the catalog holds and tenants are made from.
public protocol AnyFixture: Sendable {
    var name: String { get }
    var dialectName: String { get }
    var description: String { get }
    var tenantID: String { get }
    var isDefault: Bool { get }
    var file: String { get }
    /// A new tenant with this fixture's state (a copy-on-write copy).
    func makeTenant(id: String, options: TenantOptions) -> any AnyTenant
}

extension AnyFixture {
    /// A new tenant with default options.
    public func makeTenant(id: String) -> any AnyTenant { makeTenant(id: id, options: TenantOptions()) }
}

/// Pairs a fixture with its dialect's prebuilt router.
struct BoundFixture<D: Dialect>: AnyFixture {
    let fixture: Fixture<D>
    let runtime: DialectRuntime<D>

    var name: String { fixture.name }
    var dialectName: String { fixture.dialectName }
    var description: String { fixture.description }
    var tenantID: String { fixture.tenantID }
    var isDefault: Bool { fixture.isDefault }
    var file: String { fixture.file }

    func makeTenant(id: String, options: TenantOptions) -> any AnyTenant {
        Tenant(id: id, fixture: fixture, runtime: runtime, options: options)
    }
}
