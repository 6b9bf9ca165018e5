import TenantMockCore

/// Offset pagination of the list endpoints (auth0-research §2.1, §2.2).
///
/// `page` from 0, `per_page` 1–100 (default 50). Without `include_totals=true`
/// the answer is the page as a bare array; with it, `{"<key>": [...], "start":
/// page × per_page, "limit": per_page, "total": N}`. A page past the end is an
/// empty list with the real total. Asking beyond the first 1000 records is a
/// 400 `invalid_paging` (documented rule: `page × per_page + per_page > 1000`).
struct Paging: Sendable {
    static let defaultPerPage = 50
    static let recordCap = 1000

    var page: Int
    var perPage: Int
    var includeTotals: Bool

    init(_ query: ValidatedQuery) throws(Auth0Error) {
        page = query.int("page") ?? 0
        perPage = query.int("per_page") ?? Self.defaultPerPage
        includeTotals = query.bool("include_totals") ?? false
        // `(page + 1) × per_page > 1000`, tested without multiplying: `page` is
        // unbounded on some routes (`/roles`), so the product could overflow.
        if perPage < 1 || page >= Self.recordCap / perPage {
            throw Auth0Error(status: 400,
                message: "Requesting page \(page) exceeds the allowed maximum of \(Self.recordCap) records. To fetch results beyond \(Self.recordCap), use the checkpoint pagination method.",
                errorCode: "invalid_paging")
        }
    }

    /// The page of `items` in the requested form.
    func render(_ items: [JSONValue], key: String) -> JSONValue {
        let start = page * perPage
        let slice = start < items.count ? Array(items[start..<min(items.count, start + perPage)]) : []
        guard includeTotals else { return .array(slice) }
        return [key: .array(slice), "start": .int(start), "limit": .int(perPage), "total": .int(items.count)]
    }
}

/// Checkpoint pagination (`from`, `take`): `{"<key>": [...], "next": "…"}`.
///
/// `next` is an opaque cursor (here the base64url of `<key>:<offset>`, inferred), present
/// while more items remain: the last page carries none. That is what the newest recordings
/// show (terraform-provider-auth0 `test/data/recordings/TestAccDataSourceUserOrganizations.yaml`
/// of 2026-08-14 for members, `TestAccDataSourceClientGrants.yaml` for grants; go-auth0 v1.45.0
/// `TestOrganizationManager_ListCheckpointPagination.yaml` for organizations). Earlier
/// recordings of members (`TestAccDataSourceOrganization.yaml` of 2026-04-23) carried `next`
/// on every non-empty page, ending with `{"members":[]}`: the newest behaviour is followed.
enum Checkpoint {
    static func page(_ items: [JSONValue], key: String, query: ValidatedQuery) throws(Auth0Error) -> JSONValue {
        var start = 0
        let prefix = self.prefix(key)
        if let cursor = query.string("from"), !cursor.isEmpty {
            guard let n = offset(of: cursor, key: key) else {
                throw Auth0Error(status: 400, message: "The 'from' parameter is not a valid checkpoint.", errorCode: "invalid_paging")
            }
            start = n
        }
        let take = query.int("take") ?? Paging.defaultPerPage
        let page = start < items.count ? Array(items[start..<min(items.count, start + take)]) : []
        var out: JSONObject = [key: .array(page)]
        if start + page.count < items.count { out["next"] = .string(Base64URL.encode(Array("\(prefix)\(start + page.count)".utf8))) }
        return .object(out)
    }

    private static func prefix(_ key: String) -> String { key == "members" ? "member:" : key + ":" }

    /// The offset a `from` cursor stands for; `nil` for a cursor this emulator did not write.
    static func offset(of cursor: String?, key: String) -> Int? {
        guard let cursor, !cursor.isEmpty else { return nil }
        let prefix = prefix(key)
        guard let bytes = Base64URL.decode(cursor), let text = String(validating: bytes, as: UTF8.self),
              text.hasPrefix(prefix), let n = Int(text.dropFirst(prefix.count)), n >= 0 else { return nil }
        return n
    }
}
