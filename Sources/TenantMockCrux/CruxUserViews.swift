import TenantMockCore

/// The read-only user views; each requires `view_org_users` and shows only
/// users of the caller's organization.
enum CruxUserViews {
    /// `GET /organizations/users/all/`: "Get All Users" (`get_all_users.md` @0e3e39a), an array of User objects.
    static let all = CruxView(
        name: "All Users", path: "/organizations/users/all/", access: .orgUsers,
        methods: [.init(name: "GET", summary: "Every user of the caller's organization", writes: false) { state, call in
            let users = state.users(ofOrganization: call.user.orgUUID)
            return .json(200, .array(users.map { CruxRepresentation.user($0, in: state, era: call.era) }))
        }])

    /// `GET /organizations/users/detail/<uuid>/`: "Get User" (`get_user.md` @0e3e39a), one User object.
    static let detail = CruxView(
        name: "User Detail", path: "/organizations/users/detail/{uuid}/", access: .orgUsers,
        methods: [.init(name: "GET", summary: "One user of the caller's organization", writes: false) { state, call throws(DRFError) in
            let user = try colleague(call.parameters["uuid"], of: call.user, in: state)
            return .json(200, CruxRepresentation.user(user, in: state, era: call.era))
        }])

    /// The user `uuid` if it belongs to `caller`'s organization; otherwise DRF's
    /// 404 `Not found.` (`get_object_or_404` on the organization's users), so
    /// another organization's user is indistinguishable from an unknown one.
    static func colleague(_ uuid: String, of caller: CruxUser, in state: CruxState) throws(DRFError) -> CruxUser {
        guard let user = state.user(uuid), user.orgUUID == caller.orgUUID else { throw .notFound }
        return user
    }
}
