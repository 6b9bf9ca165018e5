import TenantMockCore

/// The `{id}` of organization routes and the organization it names.
enum OrganizationPath {
    /// `maxLength: 50` in the spec, checked as a path error.
    static let parameter = PathParameter("id", "Organization identifier.", maxLength: 50)

    /// The organization (404 "No organization found by that id or name", recorded) and, when
    /// `userID` is given, a check that the user exists (404 "The user does not exist.").
    static func find(_ orgID: String, _ userID: String?, in state: Auth0State) throws(Auth0Error) -> Auth0Organization {
        guard let org = state.organizations[orgID] else { throw .organizationNotFound }
        if let userID, state.users[userID] == nil { throw .userNotFound }
        return org
    }
}
