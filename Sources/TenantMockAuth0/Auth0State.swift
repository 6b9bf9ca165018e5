import TenantMockCore

/// A permission: a scope of one resource server (API), as the Management API names it.
public struct Auth0Permission: Hashable, Sendable, Comparable {
    /// The API's identifier (its audience), e.g. `https://reports.acme.test/`.
    public var resourceServerIdentifier: String
    /// The scope's value, e.g. `read:reports`.
    public var permissionName: String

    public init(resourceServerIdentifier: String, permissionName: String) {
        self.resourceServerIdentifier = resourceServerIdentifier
        self.permissionName = permissionName
    }

    /// Auth0 lists permissions by API identifier, then by name (observed in every
    /// recorded `GET /users/{id}/permissions` and `GET /roles/{id}/permissions`).
    public static func < (lhs: Auth0Permission, rhs: Auth0Permission) -> Bool {
        (lhs.resourceServerIdentifier, lhs.permissionName) < (rhs.resourceServerIdentifier, rhs.permissionName)
    }

    var json: JSONValue {
        ["resource_server_identifier": .string(resourceServerIdentifier), "permission_name": .string(permissionName)]
    }
}

/// An API registered in the tenant, with the permissions (scopes) it defines.
public struct Auth0ResourceServer: Sendable {
    public struct Scope: Sendable {
        public var value: String
        public var description: String
    }

    public var id: String
    /// `nil` when the API was created without one (the answer then has no `name`, recorded).
    public var name: String?
    public var identifier: String
    public var scopes: [Scope]
    /// Whether the answer carries `scopes` even when the list is empty: once a request or the
    /// fixture has set the list, `[]` is answered as `[]` (recorded: terraform-provider-auth0
    /// `test/data/recordings/TestAccRolePermission.yaml` interaction 118, `PATCH {"scopes":[]}`).
    public var listsScopes: Bool
    /// Every other member Auth0 answers with (`signing_alg`, `token_lifetime`, …), in its order.
    public var settings: JSONObject

    init(id: String, name: String?, identifier: String, scopes: [Scope], listsScopes: Bool? = nil, settings: JSONObject = [:]) {
        self.id = id
        self.name = name
        self.identifier = identifier
        self.scopes = scopes
        self.listsScopes = listsScopes ?? !scopes.isEmpty
        self.settings = settings
    }

    func scope(_ name: String) -> Scope? { scopes.first { $0.value == name } }

    /// The name permission lists show: the API's name, or its identifier when it has none (inferred).
    var displayName: String { name ?? identifier }

    /// The answer of `GET /resource-servers/{id}`: `id`, `name`, `identifier`, the settings,
    /// then `scopes` when there are any or the list was set (the member order of terraform-provider-auth0's 2026
    /// recordings, `test/data/recordings/TestAccClientGrant.yaml`).
    var json: JSONObject {
        var o: JSONObject = ["id": .string(id)]
        if let name { o["name"] = .string(name) }
        o["identifier"] = .string(identifier)
        var rest = settings
        let trailing: [String] = ["authorization_details", "token_encryption", "proof_of_possession", "consent_policy",
                                  "enforce_policies", "token_dialect"]
        var tail = JSONObject()
        for key in trailing { if let v = rest[key] { tail[key] = v; rest[key] = nil } }
        o.merge(rest)
        if !scopes.isEmpty || listsScopes {
            o["scopes"] = .array(scopes.map { ["value": .string($0.value), "description": .string($0.description)] })
        }
        o.merge(tail)
        return o
    }
}

/// A tenant role: a named bundle of permissions.
public struct Auth0Role: Sendable {
    public var id: String
    public var name: String
    /// `nil` serializes as `null`, as Auth0 answers for a role created without one.
    public var description: String?
    public var permissions: Set<Auth0Permission>
    /// The organization owning an organization-level role; `nil` for a tenant role.
    public var ownerID: String? = nil

    /// `{id, name, description}`, the item shape of the user and member role lists.
    var json: JSONValue {
        ["id": .string(id), "name": .string(name), "description": description.map(JSONValue.string) ?? .null]
    }

    /// A role as the `/roles` routes answer it since organization-level roles (terraform-provider-auth0
    /// `test/data/recordings/TestAccRoleOrganizationLevel.yaml`, `TestAccRoleTypeAndOwnerIDAreCreateOnly.yaml`,
    /// 2026): `type` (`tenant` or `organization`) and, for an organization's role, `owner_id`.
    /// `absentDescription` is what a role without one shows: `""` on `GET /roles/{id}`, nothing
    /// in the `POST` answer (both recorded in 2026), `null` in lists (recorded before).
    func detail(absentDescription: JSONValue?) -> JSONValue {
        var o: JSONObject = ["id": .string(id), "name": .string(name)]
        if let description { o["description"] = .string(description) } else if let absentDescription { o["description"] = absentDescription }
        o["type"] = .string(ownerID == nil ? "tenant" : "organization")
        if let ownerID { o["owner_id"] = .string(ownerID) }
        return .object(o)
    }
}

/// A user, with its profile and its tenant-level assignments.
public struct Auth0User: Sendable {
    public var id: String
    /// The profile fields `GET /users/{id}` returns (everything but the assignments).
    public var profile: JSONObject
    /// Tenant roles assigned to the user (role ids).
    public var roles: Set<String>
    /// Permissions assigned directly, not through a role.
    public var permissions: Set<Auth0Permission>
}

/// An organization: its members and, per member, the roles held in it.
public struct Auth0Organization: Sendable {
    public var id: String
    public var name: String
    public var displayName: String
    /// Member user ids, in the order they joined.
    public var members: [String]
    /// Roles per user id within this organization, in assignment order. A user
    /// may hold roles before being added as a member (observed: the POST answers 204).
    public var memberRoles: [String: [String]]
    /// `branding`, `metadata` and any other members Auth0 answers with, in order.
    public var settings: JSONObject = [:]
    /// The connections enabled for the organization, in the order they were enabled:
    /// `{connection_id, assign_membership_on_login, show_as_button, …}`.
    public var enabledConnections: [JSONObject] = []
    /// The client grants associated with the organization (`cgr_…` ids), in association order.
    public var clientGrantIDs: [String] = []
    /// Invitations to join, in creation order, as Auth0 answers them.
    public var invitations: [JSONObject] = []

    /// `{id, name, display_name, …settings}`, the shape of `GET /organizations/{id}` (recorded).
    var json: JSONObject {
        var o: JSONObject = ["id": .string(id), "name": .string(name), "display_name": .string(displayName)]
        o.merge(settings)
        return o
    }
}

/// A connection users are created in (the minimal model: its id, name and strategy).
public struct Auth0Connection: Sendable {
    public var id: String
    public var name: String
    public var strategy: String
}

/// A machine-to-machine application that can ask `/oauth/token` for Management API tokens.
public struct Auth0Client: Sendable {
    public var id: String
    public var secret: String
    public var name: String
    /// The scopes granted on the Management API; `nil` when the client has no grant for it.
    public var managementScopes: [String]?
    /// `false` makes the Management API answer 401 "Client is not global." where Auth0 documents it.
    public var isGlobal: Bool
    /// The grant types the client may use (`client_credentials` by default).
    public var grantTypes: [String]
    /// The id of the client's Management API grant, as `/client-grants` shows it.
    public var managementGrantID: String
    /// The other members Auth0 answers with (`app_type`, `callbacks`, `jwt_configuration`, …), in order.
    public var settings: JSONObject

    init(id: String, secret: String, name: String, managementScopes: [String]?, isGlobal: Bool, grantTypes: [String],
         managementGrantID: String? = nil, settings: JSONObject = [:]) {
        self.id = id
        self.secret = secret
        self.name = name
        self.managementScopes = managementScopes
        self.isGlobal = isGlobal
        self.grantTypes = grantTypes
        self.managementGrantID = managementGrantID ?? "cgr_" + Auth0IDs.alphanumeric(from: "management-grant:" + id)
        self.settings = settings
    }
}

/// A client's grant for an API other than the tenant's Management API (whose grants are
/// the clients' `managementScopes`): the scopes `/oauth/token` may issue for that audience.
public struct Auth0ClientGrant: Sendable {
    public var id: String
    public var clientID: String
    public var audience: String
    public var scope: [String]
    /// The other members (`subject_type`, `authorization_details_types`, …), in order.
    public var settings: JSONObject

    /// `allow_all_scopes`: the grant allows every scope the API defines, now and later.
    var allowsAllScopes: Bool { settings["allow_all_scopes"]?.boolValue == true }
}

/// A long-lived Management API token a fixture declares, so a test can paste it.
///
/// It is an ordinary HS256 JWT for `clientID`, minted per tenant (its signature
/// uses the tenant's key), so it behaves exactly like a token from `/oauth/token`.
public struct Auth0StaticToken: Sendable {
    public var name: String
    public var clientID: String
    public var scopes: [String]
    public var issuedAt: Int
    public var expiresAt: Int

    /// The signed token in `state`'s tenant. Computed when asked for (credentials are
    /// not on the request path): a static token is an ordinary JWT of the tenant,
    /// verified like any other, so creating a tenant signs nothing.
    public func token(in state: Auth0State) -> String {
        Auth0TokenIssuer.token(in: state, clientID: clientID, scopes: scopes, issuedAt: issuedAt, expiresAt: expiresAt)
    }
}

/// One Auth0 tenant's data.
public struct Auth0State: Sendable {
    /// The domain as the fixture writes it; `{tenant}` stands for the tenant id.
    public var domainTemplate: String
    /// This tenant's domain: `iss` is `https://{domain}/`, the Management API audience `https://{domain}/api/v2/`.
    public var domain: String {
        didSet { (issuer, managementAudience) = Self.names(of: domain) }
    }
    /// The fixture's signing seed; the tenant's key is derived from it and the tenant id.
    public var signingSeed: String
    /// The HS256 key of this tenant's tokens.
    public var signingKey: [UInt8]

    public var resourceServers: [Auth0ResourceServer]
    public var roles: [String: Auth0Role]
    public var roleOrder: [String]
    public var users: [String: Auth0User]
    public var userOrder: [String]
    public var organizations: [String: Auth0Organization]
    public var organizationOrder: [String]
    public var clients: [String: Auth0Client]
    public var clientOrder: [String]
    public var staticTokens: [Auth0StaticToken]
    /// The tenant's connections (by default the database connection every tenant has).
    public var connections: [Auth0Connection] = []
    /// Grants for the tenant's own APIs, in creation order.
    public var clientGrants: [Auth0ClientGrant] = []

    /// `https://{domain}/` (kept with the domain: every token check reads it).
    public private(set) var issuer: String
    /// `https://{domain}/api/v2/`
    public private(set) var managementAudience: String

    init(domainTemplate: String, domain: String, signingSeed: String, signingKey: [UInt8],
         resourceServers: [Auth0ResourceServer], roles: [String: Auth0Role], roleOrder: [String],
         users: [String: Auth0User], userOrder: [String], organizations: [String: Auth0Organization],
         organizationOrder: [String], clients: [String: Auth0Client], clientOrder: [String],
         staticTokens: [Auth0StaticToken]) {
        self.domainTemplate = domainTemplate
        self.domain = domain
        (issuer, managementAudience) = Self.names(of: domain)
        self.signingSeed = signingSeed
        self.signingKey = signingKey
        self.resourceServers = resourceServers
        self.roles = roles
        self.roleOrder = roleOrder
        self.users = users
        self.userOrder = userOrder
        self.organizations = organizations
        self.organizationOrder = organizationOrder
        self.clients = clients
        self.clientOrder = clientOrder
        self.staticTokens = staticTokens
    }

    private static func names(of domain: String) -> (issuer: String, managementAudience: String) {
        ("https://\(domain)/", "https://\(domain)/api/v2/")
    }

    /// The names users may be created in.
    var connectionNames: Set<String> { Set(connections.map(\.name)) }

    func resourceServer(identifier: String) -> Auth0ResourceServer? {
        resourceServers.first { $0.identifier == identifier }
    }

    /// The item of a permission list: `{permission_name, description, resource_server_name,
    /// resource_server_identifier}` (the member order recorded in real answers).
    func permissionJSON(_ permission: Auth0Permission) -> JSONObject {
        let server = resourceServer(identifier: permission.resourceServerIdentifier)
        return [
            "permission_name": .string(permission.permissionName),
            "description": .string(server?.scope(permission.permissionName)?.description ?? ""),
            "resource_server_name": .string(server?.displayName ?? ""),
            "resource_server_identifier": .string(permission.resourceServerIdentifier),
        ]
    }

    /// Roles sorted by name, then id (Auth0's order for `GET /users/{id}/roles`, observed).
    func rolesByName(_ ids: some Sequence<String>) -> [Auth0Role] {
        ids.compactMap { roles[$0] }.sorted { ($0.name, $0.id) < ($1.name, $1.id) }
    }

    /// Removes a role from the tenant, from every user holding it and from every
    /// organization member holding it there.
    mutating func removeRole(_ id: String) {
        roles[id] = nil
        roleOrder.removeAll { $0 == id }
        for userID in userOrder where users[userID]?.roles.contains(id) == true { users[userID]!.roles.remove(id) }
        for orgID in organizationOrder {
            guard let held = organizations[orgID]?.memberRoles, held.values.contains(where: { $0.contains(id) }) else { continue }
            var remaining: [String: [String]] = [:]
            for (userID, roleIDs) in held {
                let kept = roleIDs.filter { $0 != id }
                if !kept.isEmpty { remaining[userID] = kept }
            }
            organizations[orgID]!.memberRoles = remaining
        }
    }

    /// Removes the permissions matching `condition` from every role and every user.
    mutating func removePermissions(where condition: (Auth0Permission) -> Bool) {
        for id in roleOrder where roles[id]?.permissions.contains(where: condition) == true {
            roles[id]!.permissions = roles[id]!.permissions.filter { !condition($0) }
        }
        for id in userOrder where users[id]?.permissions.contains(where: condition) == true {
            users[id]!.permissions = users[id]!.permissions.filter { !condition($0) }
        }
    }

    /// `{user_id, email, picture, name}`, a user as the member and role-user lists show one
    /// (recorded item shape); members the profile lacks are left out.
    func userSummary(_ userID: String) -> JSONObject {
        var o: JSONObject = ["user_id": .string(userID)]
        if let profile = users[userID]?.profile {
            for key in ["email", "picture", "name"] { if let v = profile[key] { o[key] = v } }
        }
        return o
    }
}
