import TenantMockCore

/// Offset pagination of the list endpoints (`page`, `per_page`, `include_totals` as
/// Auth0's OpenAPI document defines them; envelopes as go-auth0 v1.45.0's recordings show).
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

    /// The page of `items` in the requested form. `totalsFirst` orders the envelope
    /// `{total, start, limit, <key>}`, as the resource server, client and client grant lists
    /// answer (recorded), instead of `{<key>, start, limit, total}`.
    func render(_ items: [JSONValue], key: String, totalsFirst: Bool = false) -> JSONValue {
        let start = page * perPage
        let slice = start < items.count ? Array(items[start..<min(items.count, start + perPage)]) : []
        guard includeTotals else { return .array(slice) }
        if totalsFirst { return ["total": .int(items.count), "start": .int(start), "limit": .int(perPage), key: .array(slice)] }
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
    /// A page of `items` (each an object identified by its `idKey` member) from the cursor in
    /// `from`, `take` long.
    ///
    /// The cursor names the first item of the next page, with its position as a fallback, so
    /// a client that deletes each page before asking for the next one (a common clean-up loop)
    /// misses nothing: Auth0's own cursors are keyed on the item too (a recorded `next` decodes
    /// to `<created_at>,<id>`), not on a position.
    static func page(_ items: [JSONValue], key: String, idKey: String, query: ValidatedQuery) throws(Auth0Error) -> JSONValue {
        let take = query.int("take") ?? Paging.defaultPerPage
        var start = 0
        if let cursor = query.string("from"), !cursor.isEmpty {
            guard let (id, offset) = decode(cursor, key: key) else { throw invalidCursor }
            start = (id.isEmpty ? nil : items.firstIndex { $0[idKey]?.stringValue == id }) ?? min(offset, items.count)
        }
        let page = start < items.count ? Array(items[start..<min(items.count, start + take)]) : []
        var out: JSONObject = [key: .array(page)]
        let next = start + page.count
        if next < items.count {
            // An item whose id `fields` left out is found again by its position alone.
            let id = items[next][idKey]?.stringValue ?? ""
            out["next"] = .string(Base64URL.encode(Array("\(prefix(key))\(next)|\(id)".utf8)))
        }
        return .object(out)
    }

    /// A `from` this emulator did not write (wording inferred; `invalid_paging` as the offset cap's).
    static let invalidCursor = Auth0Error(status: 400, message: "The 'from' parameter is not a valid checkpoint.", errorCode: "invalid_paging")

    private static func prefix(_ key: String) -> String { key == "members" ? "member:" : key + ":" }

    /// The item id and position a `from` cursor names; `nil` for a cursor this emulator did not write.
    static func decode(_ cursor: String, key: String) -> (id: String, offset: Int)? {
        let prefix = prefix(key)
        guard let bytes = Base64URL.decode(cursor), let text = String(validating: bytes, as: UTF8.self), text.hasPrefix(prefix),
              let bar = text.firstIndex(of: "|"), let offset = Int(text[text.index(text.startIndex, offsetBy: prefix.count)..<bar]), offset >= 0
        else { return nil }
        return (String(text[text.index(after: bar)...]), offset)
    }
}

/// The paging of a list that offers both kinds: checkpoint paging when the query names `from`
/// or `take`, offset paging otherwise. Read from the query before any lookup, as hapi checks
/// the query before the handler runs: a bad `page` or cursor is a 400 even for an unknown id.
enum ListPaging {
    case offset(Paging)
    case checkpoint

    init(_ query: ValidatedQuery, key: String) throws(Auth0Error) {
        guard query.has("from") || query.has("take") else {
            self = .offset(try Paging(query))
            return
        }
        if let cursor = query.string("from"), !cursor.isEmpty, Checkpoint.decode(cursor, key: key) == nil {
            throw Checkpoint.invalidCursor
        }
        self = .checkpoint
    }

    func render(_ items: [JSONValue], key: String, idKey: String, query: ValidatedQuery, totalsFirst: Bool = false) throws(Auth0Error) -> JSONValue {
        switch self {
        case .offset(let paging): return paging.render(items, key: key, totalsFirst: totalsFirst)
        case .checkpoint: return try Checkpoint.page(items, key: key, idKey: idKey, query: query)
        }
    }
}
