import TenantMockCore

/// One entry of an organization-type's permission catalogue.
///
/// Shape of `_includes/objects/permission.md` (CruxConnect/crux-docs @0e3e39a):
/// `uuid`, `name`, `display_name`, `description`, `visibility`, `grouping`.
public struct CruxPermission: Sendable, Equatable {
    /// Lower-case, hyphenated UUID.
    public var uuid: String
    /// The code name checked by the API, e.g. `edit_org_users`.
    public var name: String
    public var displayName: String
    public var description: String
    /// `RETAILER`, `SUPPLIER` or `BOTH`: which organization types see it.
    public var visibility: String
    /// e.g. `ORGUSERS`, `ORGPAYMENT`.
    public var grouping: String

    /// Whether an organization of `orgType` (`RETAILER` or `SUPPLIER`) sees this permission.
    public func isVisible(to orgType: String) -> Bool { visibility == "BOTH" || visibility == orgType }
}

/// A person: the human behind an organization user or an account manager.
///
/// Shape of `_includes/objects/person.md` (@0e3e39a).
public struct CruxPerson: Sendable, Equatable {
    public var uuid: String
    public var firstName: String
    public var lastName: String
    public var email: String
    public var phone: String?
    public var jobTitle: String?
}

/// An organization (a retailer or a supplier account) of a tenant.
///
/// Shape of `_includes/objects/organization.md` (@0e3e39a); the `/timp/` era adds
/// `website`, `retailer_uuid` and `supplier_uuid`.
public struct CruxOrganization: Sendable, Equatable {
    public var uuid: String
    public var name: String
    /// `RETAILER` or `SUPPLIER`.
    public var orgType: String
    /// `PENDING`, `ACTIVE` or `DEACTIVATED`.
    public var status: String
    public var createdDate: String
    public var activeDate: String?
    public var website: String?
    /// The retailer or supplier record behind the organization; `""` for the other type.
    public var retailerUUID: String
    public var supplierUUID: String
    /// The account manager object as the fixture gives it (`null` when none).
    public var accountManager: JSONValue
}

/// An organization user: who API tokens and logins belong to.
///
/// Shape of `_includes/objects/user.md` (@0e3e39a) plus what the emulator needs
/// to authenticate: a username and password for `user-login`.
public struct CruxUser: Sendable, Equatable {
    /// The parts, in one box shared by copies until one of them changes (copy on write):
    /// a request looks its caller and its target up, and each copy of a user is then one
    /// reference count instead of a dozen.
    private final class Storage: @unchecked Sendable {
        var uuid: String
        var orgUUID: String
        var person: CruxPerson
        var status: String
        var username: String
        var password: String?
        var permissions: Set<String>

        init(uuid: String, orgUUID: String, person: CruxPerson, status: String, username: String, password: String?,
             permissions: Set<String>) {
            self.uuid = uuid
            self.orgUUID = orgUUID
            self.person = person
            self.status = status
            self.username = username
            self.password = password
            self.permissions = permissions
        }

        func copy() -> Storage {
            Storage(uuid: uuid, orgUUID: orgUUID, person: person, status: status, username: username, password: password,
                    permissions: permissions)
        }
    }

    private var storage: Storage

    /// Gives this value a box of its own before a part changes.
    private mutating func unique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }

    public init(uuid: String, orgUUID: String, person: CruxPerson, status: String, username: String, password: String?,
                permissions: Set<String>) {
        storage = Storage(uuid: uuid, orgUUID: orgUUID, person: person, status: status, username: username,
                          password: password, permissions: permissions)
    }

    public var uuid: String {
        get { storage.uuid }
        _modify { unique(); yield &storage.uuid }
    }
    /// The organization the user belongs to.
    public var orgUUID: String {
        get { storage.orgUUID }
        _modify { unique(); yield &storage.orgUUID }
    }
    public var person: CruxPerson {
        get { storage.person }
        _modify { unique(); yield &storage.person }
    }
    /// `CONFIRMATION WAITING`, `ACTIVE` or `DEACTIVATED`; only `ACTIVE` users authenticate.
    public var status: String {
        get { storage.status }
        _modify { unique(); yield &storage.status }
    }
    /// The login name for `POST /organizations/user-login/` (the docs use the e-mail address).
    public var username: String {
        get { storage.username }
        _modify { unique(); yield &storage.username }
    }
    /// The password for login; `nil` when the user cannot log in.
    public var password: String? {
        get { storage.password }
        _modify { unique(); yield &storage.password }
    }
    /// The UUIDs of the permissions assigned to the user.
    public var permissions: Set<String> {
        get { storage.permissions }
        _modify { unique(); yield &storage.permissions }
    }

    /// Django's `is_active`: deactivated or unconfirmed users are refused (inferred).
    public var isActive: Bool { status == "ACTIVE" }

    public static func == (lhs: CruxUser, rhs: CruxUser) -> Bool {
        lhs.storage === rhs.storage
            || (lhs.uuid == rhs.uuid && lhs.orgUUID == rhs.orgUUID && lhs.person == rhs.person && lhs.status == rhs.status
                && lhs.username == rhs.username && lhs.password == rhs.password && lhs.permissions == rhs.permissions)
    }
}

/// A DRF-style API token: 40 hex characters naming one user.
///
/// Fixture tokens are static unless they carry an expiry; tokens issued by
/// `user-login` expire two hours after issue (`retreive_auth_token.md` from
/// 2018-05-08: "authentication tokens expire after two hours of being issued").
public struct CruxToken: Sendable, Equatable {
    public var key: String
    public var userUUID: String
    /// Seconds since 1970 after which the token is refused; `nil` for a static token.
    public var expiresAt: Double?

    /// Whether the token is still valid at `now` (tenant clock).
    public func isValid(at now: Double) -> Bool { expiresAt.map { now < $0 } ?? true }
}
