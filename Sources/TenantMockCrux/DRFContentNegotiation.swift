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
        for range in accept.split(separator: ",") {
            let type = (range.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
                .trimmed(of: " \t").lowercased()
            let parts = type.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let main = parts[0], sub = parts.count > 1 ? parts[1] : ""
            if main == "*" { return }
            if main == "application" && (sub == "json" || sub == "*") { return }
            if main == "text" && (sub == "html" || sub == "*") { return }
        }
        throw .detail(406, "Could not satisfy the request Accept header.")
    }
}
