import TenantMockCore

/// The part of Auth0's user search query syntax (Lucene, search engine v3) that clients
/// send: `field:value`, `field:"exact value"`, `field:prefix*`, `*`, terms joined by `AND`
/// (or a space, Lucene's default operator being treated as `AND` here) and groups of them
/// joined by `OR` (`AND` binds tighter, as in Lucene), on top-level profile fields,
/// `identities.connection` and one level of `app_metadata.x` / `user_metadata.x`.
///
/// Recorded queries: `email:"x"`, `username:"x"` (go-auth0 v1.45.0 `TestUserManager_Search.yaml`,
/// `TestUserManager_List.yaml`), unquoted `email:x` (terraform-provider-auth0
/// `TestAccDataSourceUser.yaml`). Anything else is refused with a 400 naming the unsupported
/// part; the wording follows Auth0's log search ("The search query string has an error: …",
/// auth0/auth0-mcp-server pull request #197) — inferred for users.
struct UserSearch {
    struct Term {
        var field: String
        var value: String
        var prefix: Bool
    }

    /// An upper bound on the query's length, past which it is refused before parsing.
    static let maxLength = 2048

    /// Groups joined by `OR`, each a list of terms joined by `AND`; no groups matches everyone.
    let groups: [[Term]]

    init(_ query: String) throws(Auth0Error) {
        func refuse(_ detail: String) -> Auth0Error {
            Auth0Error(status: 400, message: "The search query string has an error: \(detail)", errorCode: "invalid_query_string")
        }
        guard query.utf8.count <= Self.maxLength else { throw refuse("it is longer than \(Self.maxLength) bytes") }
        var groups: [[Term]] = []
        var terms: [Term] = []
        var rest = Substring(query).trimmingSpaces()[...]
        if rest.isEmpty || rest == "*" || rest == "*:*" { self.groups = []; return }
        while !rest.isEmpty {
            guard let colon = rest.firstIndex(of: ":") else { throw refuse("\"\(rest)\" is not a field:value term") }
            let field = String(rest[..<colon])
            guard !field.isEmpty, field.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }) else {
                throw refuse("unsupported field \"\(field)\"")
            }
            rest = rest[rest.index(after: colon)...]
            var value: String
            var prefix = false
            if rest.first == "\"" {
                let body = rest.dropFirst()
                guard let close = body.firstIndex(of: "\"") else { throw refuse("an unterminated quoted value") }
                value = String(body[..<close])
                rest = body[body.index(after: close)...]
            } else {
                let end = rest.firstIndex(of: " ") ?? rest.endIndex
                value = String(rest[..<end])
                rest = rest[end...]
                if value.hasSuffix("*") { prefix = true; value.removeLast() }
                if value.contains(where: { "*?~()[]{}^\\".contains($0) }) { throw refuse("unsupported syntax in \"\(value)\"") }
            }
            terms.append(Term(field: field, value: value, prefix: prefix))
            rest = rest.drop { $0 == " " }
            if rest.hasPrefix("AND ") { rest = rest.dropFirst(4).drop { $0 == " " } }
            else if rest.hasPrefix("OR ") {
                groups.append(terms)
                terms = []
                rest = rest.dropFirst(3).drop { $0 == " " }
            } else if rest.hasPrefix("NOT ") { throw refuse("NOT is not supported") }
        }
        if terms.isEmpty { throw refuse("a term is missing after OR") }
        groups.append(terms)
        self.groups = groups
    }

    /// Whether `profile` (as `GET /users/{id}` answers it) matches every term. Values compare
    /// ignoring ASCII case, as Auth0's normalized fields do.
    func matches(_ profile: JSONObject) -> Bool {
        groups.isEmpty || groups.contains { group in matches(group, profile) }
    }

    private func matches(_ terms: [Term], _ profile: JSONObject) -> Bool {
        terms.allSatisfy { term in
            values(of: term.field, in: profile).contains { candidate in
                let a = candidate.lowercased(), b = term.value.lowercased()
                return term.prefix ? a.hasPrefix(b) : a == b
            }
        }
    }

    private func values(of field: String, in profile: JSONObject) -> [String] {
        let parts = field.split(separator: ".", maxSplits: 1).map(String.init)
        if parts.count == 2 {
            if parts[0] == "identities" {
                return (profile["identities"]?.arrayValue ?? []).compactMap { $0[parts[1]].flatMap(Self.text) }
            }
            return profile[parts[0]]?[parts[1]].flatMap(Self.text).map { [$0] } ?? []
        }
        return profile[field].flatMap(Self.text).map { [$0] } ?? []
    }

    private static func text(_ value: JSONValue) -> String? {
        switch value {
        case .string(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n.description
        default: return nil
        }
    }
}
