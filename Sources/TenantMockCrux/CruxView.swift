import TenantMockCore

/// Who may call a view: the DRF permission classes of the CruxConnect views.
enum CruxAccess: Sendable {
    /// `AllowAny` (the login view).
    case anyone
    /// `IsAuthenticated`: `GET /organizations/` states no permission
    /// (`_organization/get_organization_details.md` @0e3e39a, CruxConnect/crux-docs).
    case authenticated
    /// The organization-user views: `view_org_users` for safe methods
    /// (GET, HEAD, OPTIONS) and `edit_org_users` for the others, as each page's
    /// note says ("To edit organization users, you must be assigned the 'edit_org_users' permission").
    case orgUsers
}

/// What a view's handler is given once DRF's checks have passed.
struct CruxCall: Sendable {
    let request: HTTPRequest
    let parameters: PathParameters
    let era: CruxEra
    /// The tenant clock's reading when the request arrived.
    let now: Double
    /// The authenticated user, `nil` for an anonymous caller (login only).
    let caller: CruxUser?
    /// `request.data`, parsed before the tenant's lock is taken; its error, if
    /// any, surfaces only when a handler reads it (DRF parses lazily).
    let parsedData: Result<JSONValue, DRFError>

    /// `request.data`, as DRF's `JSONParser` reads it.
    func data() throws(DRFError) -> JSONValue { try parsedData.get() }

    /// The authenticated caller; views other than login are never reached anonymously.
    var user: CruxUser { caller! }
}

/// A method handler of a view. It runs under the tenant's lock: reads and
/// changes to `state` are atomic with the authentication that preceded them.
typealias CruxHandler = @Sendable (inout CruxState, CruxCall) throws(DRFError) -> HTTPResponse

/// One DRF `APIView`: a URL, its access rule and its method handlers.
struct CruxView: Sendable {
    struct Method: Sendable {
        let name: String
        let summary: String
        /// Whether the handler changes the state (runs under `mutate`, not `read`).
        let writes: Bool
        let handler: CruxHandler
    }

    /// The DRF view name (what `OPTIONS` reports).
    let name: String
    /// The path template without the era prefix, e.g. `/organizations/users/detail/{uuid}/`.
    let path: String
    /// The path's parameters: each must be a UUID for Django to route to the view.
    let parameterNames: [String]
    let access: CruxAccess
    let methods: [Method]
    /// The headers DRF's `finalize_response` puts on every response of the
    /// view: `Allow`, and `Vary: Accept` (two renderers, JSON and browsable, by default).
    let defaultHeaders: HTTPHeaders

    init(name: String, path: String, access: CruxAccess, methods: [Method]) {
        self.name = name
        self.path = path
        self.parameterNames = PathTemplate(path).parameterNames
        self.access = access
        self.methods = methods
        let handled = Set(methods.map(\.name))
        self.allowedMethods = Self.djangoMethods.filter { m in
            m == "OPTIONS" || handled.contains(m) || (m == "HEAD" && handled.contains("GET"))
        }
        self.defaultHeaders = ["Allow": allowedMethods.joined(separator: ", "), "Vary": "Accept"]
    }

    /// Django's `http_method_names`, in its order.
    static let djangoMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE"]

    /// The handler for `method`; `HEAD` runs the `GET` handler (Django's `View.as_view`).
    func method(_ method: String) -> Method? {
        methods.first { $0.name == method } ?? (method == "HEAD" ? methods.first { $0.name == "GET" } : nil)
    }

    /// DRF's `allowed_methods`, the `Allow` header: the handled methods in
    /// Django's order, `HEAD` when there is a `GET`, and `OPTIONS` (every APIView has it).
    let allowedMethods: [String]
}
