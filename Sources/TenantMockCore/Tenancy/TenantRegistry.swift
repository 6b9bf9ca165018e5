import Foundation

/// Why a tenant operation was refused.
public enum TenantError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownTenant(String)
    case unknownFixture(String)
    case duplicateTenant(String)
    case invalidTenantID(String)

    public var description: String {
        switch self {
        case .unknownTenant(let id): return "no tenant named \"\(id)\""
        case .unknownFixture(let name): return "no fixture named \"\(name)\""
        case .duplicateTenant(let id): return "a tenant named \"\(id)\" already exists"
        case .invalidTenantID(let id):
            if FixtureLoader.isValidIdentifier(id) {
                return "\"\(id)\" is not a valid tenant id: it is a number as IPv4 addresses are written "
                    + "(127.0.0.1, 127.1, 0x7f.0.0.1), and a Host that is an IP address never names a tenant; "
                    + "give it a letter, as in t-\(id)"
            }
            return "\"\(id)\" is not a valid tenant id: use lower-case letters, digits and '-' (at most 63)"
        }
    }
}

/// The live tenants, by id, and each dialect's default tenant.
///
/// Lookups take a shared lock only; each tenant has its own lock for its state.
public final class TenantRegistry: Sendable {
    struct Table {
        var tenants: [String: any AnyTenant] = [:]
        /// Ids in creation order. Deletion leaves its id here (so it stays O(1)) until
        /// more than half the list is stale, then the list is compacted.
        var order: [String] = []
        /// Deleted ids still listed in `order`.
        var stale: Set<String> = []
        var defaults: [String: String] = [:]
        /// Ephemeral tenants and their expiry, so a sweep never scans the others.
        var expiring: [String: Double] = [:]
    }

    let table = ReadWriteLock(Table())

    public init() {}

    /// The tenant `id`, if it exists (an ephemeral tenant past its time to live is deleted here).
    public func tenant(_ id: String) -> (any AnyTenant)? {
        guard let tenant = table.read({ $0.tenants[id] }) else { return nil }
        if let expiry = tenant.expiresAt, Date().timeIntervalSince1970 >= expiry {
            try? delete(id)
            return nil
        }
        return tenant
    }

    /// Deletes every ephemeral tenant past its time to live.
    public func sweepExpired() {
        let now = Date().timeIntervalSince1970
        let expired = table.read { t in t.expiring.isEmpty ? [] : t.expiring.filter { $0.value <= now }.map(\.key) }
        for id in expired { try? delete(id) }
    }

    /// The default tenant of `dialect`, if one is set and exists.
    public func defaultTenant(of dialect: String) -> (any AnyTenant)? {
        table.read { t in t.defaults[dialect].flatMap { t.tenants[$0] } }
    }

    /// The id of the default tenant of `dialect`.
    public func defaultTenantID(of dialect: String) -> String? { table.read { $0.defaults[dialect] } }

    /// Every tenant, in creation order.
    public var all: [any AnyTenant] {
        sweepExpired()
        return table.read { t in t.order.compactMap { t.tenants[$0] } }
    }

    /// Whether `id` may name a tenant: lower-case letters, digits and `-`, at most 63, not
    /// starting with `-` (it becomes a host label, `{id}.localhost`), and not a number as a
    /// part of an IPv4 address is written: digits alone (`127`, `010`), or `0x` and
    /// hexadecimal digits alone (`0x7f`). A `Host` such as `127.0.0.1`, `127.1` or
    /// `0x7f.0.0.1` would otherwise seem to name a tenant by its first label.
    public static func isValidTenantID(_ id: String) -> Bool {
        FixtureLoader.isValidIdentifier(id) && !HostAddress.isIPv4Number(id)
    }

    /// Creates tenant `id` from `fixture`. The first tenant of a dialect, or one
    /// created with `asDefault`, becomes that dialect's default.
    @discardableResult
    public func create(id: String, from fixture: any AnyFixture, options: TenantOptions = TenantOptions(),
                       asDefault: Bool = false) throws(TenantError) -> any AnyTenant {
        guard Self.isValidTenantID(id) else { throw .invalidTenantID(id) }
        sweepExpired()
        let tenant = fixture.makeTenant(id: id, options: options)
        let created = table.write { t -> Bool in
            guard t.tenants[id] == nil else { return false }
            if t.stale.remove(id) != nil {
                // A deleted id taken again moves to the end (linear, and rare).
                t.order.removeAll { $0 == id }
            }
            t.tenants[id] = tenant
            t.order.append(id)
            if let expiry = options.expiresAt { t.expiring[id] = expiry }
            if asDefault || t.defaults[fixture.dialectName] == nil { t.defaults[fixture.dialectName] = id }
            return true
        }
        guard created else { throw .duplicateTenant(id) }
        return tenant
    }

    /// Makes `id` its dialect's default tenant.
    public func makeDefault(_ id: String) throws(TenantError) {
        let ok = table.write { t -> Bool in
            guard let tenant = t.tenants[id] else { return false }
            t.defaults[tenant.dialectName] = id
            return true
        }
        if !ok { throw .unknownTenant(id) }
    }

    /// Deletes tenant `id`. Requests already holding it finish on the old tenant.
    public func delete(_ id: String) throws(TenantError) {
        let removed = table.write { t -> Bool in
            guard let tenant = t.tenants.removeValue(forKey: id) else { return false }
            t.expiring[id] = nil
            t.stale.insert(id)
            if t.stale.count * 2 > t.order.count {
                t.order.removeAll { t.stale.contains($0) }
                t.stale.removeAll()
            }
            if t.defaults[tenant.dialectName] == id {
                t.defaults[tenant.dialectName] = t.order.first { t.tenants[$0]?.dialectName == tenant.dialectName }
            }
            return true
        }
        if !removed { throw .unknownTenant(id) }
    }

    /// Restores tenant `id` to its fixture.
    public func reset(_ id: String) throws(TenantError) {
        guard let tenant = tenant(id) else { throw .unknownTenant(id) }
        tenant.reset()
    }
}
