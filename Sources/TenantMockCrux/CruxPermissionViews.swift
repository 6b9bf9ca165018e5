import TenantMockCore

/// The permission views: the catalogue, and one user's permissions.
enum CruxPermissionViews {
    /// `GET /organizations/all_permissions/`: "Get All Permissions"
    /// (`get_all_permissions.md` @0e3e39a): the catalogue of the caller's
    /// organization type ("These change based on Retailer or Supplier accounts");
    /// requires `view_org_users` as the page says.
    static let all = CruxView(
        name: "All Permissions", path: "/organizations/all_permissions/", access: .orgUsers,
        methods: [.init(name: "GET", summary: "The permission catalogue of the caller's organization type", writes: false) {
            state, call throws(DRFError) in
            guard let org = state.organization(call.user.orgUUID) else { throw .notFound }
            return .json(200, .array(state.catalogue(for: org.orgType).map(CruxRepresentation.permission)))
        }])

    /// `/organizations/users/permissions/<user_uuid>/`: GET "Get User Permissions",
    /// PATCH "Add User Permissions", DELETE "Remove User Permissions" (seed
    /// `003_17996c998d1782d5.txt`; `add_user_permissions.md`, `get_user_permissions.md` @0e3e39a).
    static let user = CruxView(
        name: "User Permissions", path: "/organizations/users/permissions/{user_uuid}/", access: .orgUsers,
        methods: [
            .init(name: "GET", summary: "A user's permissions, each with assigned true/false", writes: false) {
                state, call throws(DRFError) in
                let target = try CruxUserViews.colleague(call.parameters["user_uuid"], of: call.user, in: state)
                return .json(200, CruxRepresentation.assignments(of: target, in: state))
            },
            .init(name: "PATCH", summary: "Assign {\"permission_uuids\": [...]}; 204", writes: true) {
                state, call throws(DRFError) in
                let (target, uuids) = try request(call, state)
                state.assign(uuids, to: target)
                return noContent
            },
            .init(name: "DELETE", summary: "Unassign {\"permission_uuids\": [...]}; 204, idempotent", writes: true) {
                state, call throws(DRFError) in
                let (target, uuids) = try request(call, state)
                state.unassign(uuids, from: target)
                return noContent
            },
        ])

    /// The target user's UUID (404 first, inferred), then the validated body. The UUID
    /// rather than the user: no copy of the user is held while the state changes.
    static func request(_ call: CruxCall, _ state: CruxState) throws(DRFError) -> (String, [String]) {
        let target = try CruxUserViews.colleague(call.parameters["user_uuid"], of: call.user, in: state)
        let orgType = state.organization(target.orgUUID)?.orgType ?? ""
        let uuids = try CruxRequestValidation.permissionUUIDs(try call.data(),
                                                              in: state, orgType: orgType)
        return (target.uuid, uuids)
    }

    /// The documented success of PATCH and DELETE: 204, no body, and no
    /// `Content-Type` (DRF drops it when nothing is rendered).
    static var noContent: HTTPResponse { .empty(204) }
}
