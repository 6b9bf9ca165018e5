/// The scopes a Management API route accepts (the `security` of each operation in
/// Auth0's OpenAPI document, auth0/docs-v2 `main/docs/oas/management/v2/management-api-oas.json`).
struct ScopeRequirement: Sendable {
    enum Mode: Sendable { case anyOf, allOf }

    var mode: Mode
    var scopes: [String]

    static func anyOf(_ scopes: String...) -> ScopeRequirement { ScopeRequirement(mode: .anyOf, scopes: scopes) }
    static func allOf(_ scopes: String...) -> ScopeRequirement { ScopeRequirement(mode: .allOf, scopes: scopes) }

    /// `any of` / `all of`, as the 403 message says it.
    var wording: String { mode == .anyOf ? "any of" : "all of" }

    /// Whether a token with `granted` scopes may call the route.
    func isSatisfied(by granted: Set<String>) -> Bool {
        switch mode {
        case .anyOf: return scopes.contains { granted.contains($0) }
        case .allOf: return scopes.allSatisfy { granted.contains($0) }
        }
    }
}
