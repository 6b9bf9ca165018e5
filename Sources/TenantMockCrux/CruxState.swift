import TenantMockCore

/// A CruxConnect tenant's data: the permission catalogue, organizations, users
/// and API tokens.
///
/// A value type, changed only inside `Tenant.mutate`. Lookups go through
/// indexes rebuilt whenever the arrays they index change shape.
public struct CruxState: Sendable {
    /// The permission catalogue, in fixture order (the order listings use).
    public private(set) var permissions: [CruxPermission]
    public private(set) var organizations: [CruxOrganization]
    /// Every user of every organization, in fixture order.
    public private(set) var users: [CruxUser]
    /// API tokens, in issue order.
    public private(set) var tokens: [CruxToken]

    private var permissionIndex: [String: Int] = [:]
    private var organizationIndex: [String: Int] = [:]
    private var userIndex: [String: Int] = [:]
    private var tokenIndex: [String: Int] = [:]

    /// A state from its parts; the caller (the fixture schema) has checked consistency.
    public init(permissions: [CruxPermission], organizations: [CruxOrganization], users: [CruxUser],
                tokens: [CruxToken]) {
        self.permissions = permissions
        self.organizations = organizations
        self.users = users
        self.tokens = tokens
        for (i, p) in permissions.enumerated() { permissionIndex[p.uuid] = i }
        for (i, o) in organizations.enumerated() { organizationIndex[o.uuid] = i }
        for (i, u) in users.enumerated() { userIndex[u.uuid] = i }
        reindexTokens()
    }

    // MARK: Lookups

    /// The catalogue permission with this (canonical) UUID.
    public func permission(_ uuid: String) -> CruxPermission? { permissionIndex[uuid].map { permissions[$0] } }

    public func organization(_ uuid: String) -> CruxOrganization? { organizationIndex[uuid].map { organizations[$0] } }

    public func user(_ uuid: String) -> CruxUser? { userIndex[uuid].map { users[$0] } }

    /// The user whose login name is `username` (exact match, as Django's `ModelBackend`).
    public func user(username: String) -> CruxUser? { users.first { $0.username == username } }

    public func token(_ key: String) -> CruxToken? { tokenIndex[key].map { tokens[$0] } }

    /// The users of organization `orgUUID`, in fixture order.
    public func users(ofOrganization orgUUID: String) -> [CruxUser] { users.filter { $0.orgUUID == orgUUID } }

    /// The catalogue as an organization of `orgType` sees it.
    public func catalogue(for orgType: String) -> [CruxPermission] { permissions.filter { $0.isVisible(to: orgType) } }

    /// Whether `user` holds the permission named `name`.
    public func user(_ user: CruxUser, holds name: String) -> Bool {
        user.permissions.contains { permission($0)?.name == name }
    }

    // MARK: Changes

    /// Assigns `uuids` to user `userUUID` (already held ones are kept).
    public mutating func assign(_ uuids: [String], to userUUID: String) {
        guard let i = userIndex[userUUID] else { return }
        users[i].permissions.formUnion(uuids)
    }

    /// Unassigns `uuids` from user `userUUID`; permissions not held are ignored.
    public mutating func unassign(_ uuids: [String], from userUUID: String) {
        guard let i = userIndex[userUUID] else { return }
        users[i].permissions.subtract(uuids)
    }

    /// Records a newly issued token, dropping issued tokens that expired before `now`.
    public mutating func issue(_ token: CruxToken, now: Double) {
        tokens.removeAll { !$0.isValid(at: now) }
        tokens.append(token)
        reindexTokens()
    }

    private mutating func reindexTokens() {
        tokenIndex = [:]
        for (i, t) in tokens.enumerated() { tokenIndex[t.key] = i }
    }
}
