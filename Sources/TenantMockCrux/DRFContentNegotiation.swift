import TenantMockCore

/// DRF's `DefaultContentNegotiation.select_renderer` for the two default
/// renderers (`JSONRenderer`, `BrowsableAPIRenderer`), run before authentication
/// (`APIView.initial` @3.7.7).
///
/// A request whose `Accept` names neither `application/json` nor `text/html`
/// (nor a wildcard covering one) is 406 `Could not satisfy the request Accept
/// header.` The browsable HTML page itself is not emulated: `text/html` clients get JSON.
enum DRFContentNegotiation {
    static func check(_ request: HTTPRequest) throws(DRFError) {
        guard let accept = request.headers["Accept"], !accept.trimmed(of: " \t").isEmpty else { return }
        for range in accept.utf8.split(separator: UInt8(ascii: ",")) {
            let type = MediaRange(range.prefix { $0 != UInt8(ascii: ";") })
            // `media_type_matches(renderer.media_type, range)`: a `*` on either side matches.
            for (main, sub) in [("application", "json"), ("text", "html")]
            where (type.main == "*" || type.main == main) && (type.sub == "*" || type.sub == sub) {
                return
            }
        }
        throw .detail(406, "Could not satisfy the request Accept header.")
    }
}
