import TenantMockCore

/// `GET /organizations/`: "Get Organization Details" (`get_organization_details.md` @0e3e39a).
///
/// The caller's own organization. The page states no permission, so any
/// authenticated user may call it (inferred from the page).
enum CruxOrganizationView {
    static let view = CruxView(
        name: "Organization", path: "/organizations/", access: .authenticated,
        methods: [.init(name: "GET", summary: "The caller's organization", writes: false) { state, call throws(DRFError) in
            guard let org = state.organization(call.user.orgUUID) else { throw .notFound }
            return .json(200, CruxRepresentation.organization(org, era: call.era))
        }])
}
