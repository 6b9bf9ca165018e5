import TenantMockCore

/// Giving permissions to a user or a role: each must name one of the tenant's APIs and one of
/// its scopes, and the holder has an entity limit (Auth0's entity limit policy: 1000 direct
/// permissions per user, 1000 per role).
enum PermissionAssignment {
    /// `held` with `permissions` added, checked first; past `limit`, 400 `No more permissions can
    /// be assigned to this <holder>.` (the spec's wording for a user; for a role, inferred from it).
    static func adding(_ permissions: [Auth0Permission], to held: Set<Auth0Permission>, limit: Int, holder: String,
                       in state: Auth0State) throws(Auth0Error) -> Set<Auth0Permission> {
        try checkDefined(permissions, in: state)
        let after = held.union(permissions)
        if after.count > limit { throw Auth0Error(status: 400, message: "No more permissions can be assigned to this \(holder).") }
        return after
    }

    /// Linear in the permissions and the tenant's scopes: past a few permissions the scopes are
    /// indexed once per call; a request naming a few is checked directly (no index to build).
    static func checkDefined(_ permissions: [Auth0Permission], in state: Auth0State) throws(Auth0Error) {
        if permissions.count <= 4 {
            for p in permissions {
                guard let server = state.resourceServer(identifier: p.resourceServerIdentifier) else {
                    throw .resourceServerNotFound(p.resourceServerIdentifier)
                }
                guard server.scope(p.permissionName) != nil else { throw .permissionNotDefined(p) }
            }
            return
        }
        var defined: [String: Set<String>] = [:]
        for server in state.resourceServers where defined[server.identifier] == nil {
            defined[server.identifier] = Set(server.scopes.map(\.value))
        }
        for p in permissions {
            guard let scopes = defined[p.resourceServerIdentifier] else { throw .resourceServerNotFound(p.resourceServerIdentifier) }
            guard scopes.contains(p.permissionName) else { throw .permissionNotDefined(p) }
        }
    }
}
