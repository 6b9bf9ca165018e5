import TenantMockCore

/// Which documented release a path belongs to.
///
/// `_documentation/api_version.md` (crux-docs HEAD): the Timpanogos release's
/// endpoints start with `/timp/`; the earlier release keeps the bare paths.
public enum CruxEra: String, Sendable, CaseIterable {
    /// The bare paths of the seed's era (`/organizations/…`, 2018-03).
    case v1
    /// The Timpanogos paths (`/timp/organizations/…`, 2018-08 on).
    case timp

    /// The path prefix of the era's routes.
    public var prefix: String { self == .timp ? "/timp" : "" }
}

/// The JSON bodies of the organization endpoints, member for member as the
/// docs' object includes (`_includes/objects/*.md` @0e3e39a; `timp/objects` at HEAD).
enum CruxRepresentation {
    /// `_includes/objects/person.md`.
    static func person(_ p: CruxPerson) -> JSONValue {
        [
            "uuid": .string(p.uuid), "first_name": .string(p.firstName), "last_name": .string(p.lastName),
            "email": .string(p.email), "phone": p.phone.map(JSONValue.string) ?? .null,
            "job_title": p.jobTitle.map(JSONValue.string) ?? .null,
        ]
    }

    /// `_includes/objects/permission.md`.
    static func permission(_ p: CruxPermission) -> JSONValue {
        [
            "uuid": .string(p.uuid), "name": .string(p.name), "display_name": .string(p.displayName),
            "description": .string(p.description), "visibility": .string(p.visibility), "grouping": .string(p.grouping),
        ]
    }

    /// `_includes/objects/permissions_assignment.md`: every permission of the
    /// catalogue the user's organization type sees, each with `assigned`, then
    /// `org_user`. That the list holds every visible permission, with `assigned`
    /// true or false, rather than the user's alone, is inferred from the object's
    /// `assigned` member (docs/crux.md).
    static func assignments(of user: CruxUser, in state: CruxState) -> JSONValue {
        let orgType = state.organization(user.orgUUID)?.orgType ?? ""
        let entries = state.catalogue(for: orgType).map { p -> JSONValue in
            ["assigned": .bool(user.permissions.contains(p.uuid)), "permission": permission(p)]
        }
        return ["permissions": .array(entries), "org_user": ["uuid": .string(user.uuid)]]
    }

    /// `_includes/objects/user.md`; the Timpanogos examples add `"token": null`.
    static func user(_ u: CruxUser, in state: CruxState, era: CruxEra) -> JSONValue {
        var o: JSONObject = [
            "uuid": .string(u.uuid),
            "person": person(u.person),
            "permission_assignments": assignments(of: u, in: state),
            "status": .string(u.status),
        ]
        if era == .timp { o["token"] = .null }
        return .object(o)
    }

    /// `_includes/objects/organization.md`; the Timpanogos object adds
    /// `website`, `retailer_uuid` and `supplier_uuid`.
    static func organization(_ org: CruxOrganization, era: CruxEra) -> JSONValue {
        var o: JSONObject = [
            "uuid": .string(org.uuid), "name": .string(org.name), "org_type": .string(org.orgType),
            "status": .string(org.status), "created_date": .string(org.createdDate),
            "active_date": org.activeDate.map(JSONValue.string) ?? .null,
            "account_manager": org.accountManager,
        ]
        if era == .timp {
            o["website"] = org.website.map(JSONValue.string) ?? .null
            o["retailer_uuid"] = .string(org.retailerUUID)
            o["supplier_uuid"] = .string(org.supplierUUID)
        }
        return .object(o)
    }

    /// The body of `POST /organizations/user-login/` (`retreive_auth_token.md` @0e3e39a):
    /// `retailer_uuid` is filled for retailers only and `supplier_uuid` for suppliers only.
    static func login(token: String, user: CruxUser, org: CruxOrganization, in state: CruxState) -> JSONValue {
        [
            "auth_token": .string(token),
            "org_uuid": .string(org.uuid),
            "user_uuid": .string(user.uuid),
            "retailer_uuid": .string(org.orgType == "RETAILER" ? org.retailerUUID : ""),
            "supplier_uuid": .string(org.orgType == "SUPPLIER" ? org.supplierUUID : ""),
            "org_type": .string(org.orgType),
            "permission_assignments": assignments(of: user, in: state),
        ]
    }
}
