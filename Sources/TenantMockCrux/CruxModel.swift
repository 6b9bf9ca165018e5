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
    public var uuid: String
    /// The organization the user belongs to.
    public var orgUUID: String
    public var person: CruxPerson
    /// `CONFIRMATION WAITING`, `ACTIVE` or `DEACTIVATED`; only `ACTIVE` users authenticate.
    public var status: String
    /// The login name for `POST /organizations/user-login/` (the docs use the e-mail address).
    public var username: String
    /// The password for login; `nil` when the user cannot log in.
    public var password: String?
    /// The UUIDs of the permissions assigned to the user.
    public var permissions: Set<String>

    /// Django's `is_active`: deactivated or unconfirmed users are refused (inferred).
    public var isActive: Bool { status == "ACTIVE" }
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
