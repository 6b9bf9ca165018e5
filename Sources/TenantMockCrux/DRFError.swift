import TenantMockCore

/// An exception as Django REST Framework 3.7 renders it: a status, a JSON body
/// and the headers `APIView.handle_exception` adds.
///
/// Messages are DRF's defaults (`rest_framework/exceptions.py`,
/// `authentication.py`, `fields.py` at tag 3.7.7 of encode/django-rest-framework).
struct DRFError: Error, Sendable {
    var status: Int
    var body: JSONValue
    var headers: HTTPHeaders = [:]
    /// An exception that is not DRF's to answer (see ``uncaught``).
    private(set) var isUncaught = false

    /// An exception DRF's `exception_handler` does not know (not an `APIException`,
    /// `Http404` or `PermissionDenied`), such as the `RecursionError` of a body nested too
    /// deep: `APIView.handle_exception` re-raises it, the view's `finalize_response`
    /// never runs (no `Allow`, no `Vary`), and with `DEBUG = False` Django's
    /// `handler500` answers (`django/core/handlers/exception.py` `response_for_exception`
    /// → `handle_uncaught_exception`; `rest_framework/views.py` @3.7.7
    /// `raise_uncaught_exception`): ``DjangoResponse/serverError``.
    static var uncaught: DRFError {
        DRFError(status: 500, body: .null, isUncaught: true)
    }

    /// `{"detail": message}` with `status`.
    static func detail(_ status: Int, _ message: String) -> DRFError {
        DRFError(status: status, body: ["detail": .string(message)])
    }

    /// `NotAuthenticated`: 401 with `WWW-Authenticate: Token`, the header of the
    /// first authentication class (`TokenAuthentication.authenticate_header`).
    static var notAuthenticated: DRFError {
        authenticationFailed("Authentication credentials were not provided.")
    }

    /// `AuthenticationFailed(message)`: 401 with `WWW-Authenticate: Token`.
    static func authenticationFailed(_ message: String) -> DRFError {
        var e = detail(401, message)
        e.headers["WWW-Authenticate"] = "Token"
        return e
    }

    /// `PermissionDenied`: 403.
    static var permissionDenied: DRFError { detail(403, "You do not have permission to perform this action.") }

    /// `Http404` turned into `NotFound` by DRF ≤ 3.14 (`views.py` `exception_handler`).
    static var notFound: DRFError { detail(404, "Not found.") }

    /// `MethodNotAllowed`: 405 (`Allow` comes with every APIView response).
    static func methodNotAllowed(_ method: String) -> DRFError { detail(405, "Method \"\(method)\" not allowed.") }

    /// `UnsupportedMediaType`: 415, naming the `Content-Type` header as sent.
    static func unsupportedMediaType(_ contentType: String) -> DRFError {
        detail(415, "Unsupported media type \"\(contentType)\" in request.")
    }

    /// `ParseError` from `JSONParser`: 400, `JSON parse error - ` and Python's message.
    static func jsonParseError(_ pythonMessage: String) -> DRFError {
        detail(400, "JSON parse error - \(pythonMessage)")
    }

    /// A serializer's `ValidationError`: 400 with `{"field": ["message", …]}`.
    static func validation(_ errors: JSONObject) -> DRFError { DRFError(status: 400, body: .object(errors)) }

    /// One field's validation message.
    static func field(_ name: String, _ message: String) -> DRFError { validation([name: [.string(message)]]) }

    /// `Throttled(wait)`: 429 with `Retry-After` (DRF 3.7 message with the wait rounded up).
    static func throttled(wait: Int) -> DRFError {
        let unit = wait == 1 ? "second" : "seconds"
        var e = detail(429, "Request was throttled. Expected available in \(wait) \(unit).")
        e.headers["Retry-After"] = String(wait)
        return e
    }

    /// The response: compact JSON, `Content-Type: application/json` (`JSONRenderer`
    /// has no charset, so DRF sends the bare media type).
    var response: HTTPResponse {
        if isUncaught { return DjangoResponse.serverError }
        var r = HTTPResponse.json(status, body)
        for field in headers { r.headers[field.name] = field.value }
        return r
    }
}

/// Answers Django gives itself, outside DRF: before any view runs, or for an exception DRF re-raises.
enum DjangoResponse {
    /// Django 2.0's `page_not_found` without a `404.html` template
    /// (`django/views/defaults.py`): HTML, `Content-Type: text/html`.
    static var notFound: HTTPResponse {
        HTTPResponse(status: 404, headers: ["Content-Type": "text/html"],
                     body: Array("<h1>Not Found</h1><p>The requested resource was not found on this server.</p>".utf8))
    }

    /// Django 2.0's `server_error` (the default `handler500`) without a `500.html`
    /// template (`django/views/defaults.py`): HTML, `Content-Type: text/html`. What any
    /// unhandled exception gives with `DEBUG = False`.
    static var serverError: HTTPResponse {
        HTTPResponse(status: 500, headers: ["Content-Type": "text/html"], body: Array("<h1>Server Error (500)</h1>".utf8))
    }

    /// `CommonMiddleware` with `APPEND_SLASH` (`django/middleware/common.py`): a
    /// permanent redirect to the path with a slash, query kept, empty body,
    /// Django's default `Content-Type`.
    static func appendSlash(path: String, query: String) -> HTTPResponse {
        let location = path + "/" + (query.isEmpty ? "" : "?" + query)
        return HTTPResponse(status: 301, headers: ["Content-Type": "text/html; charset=utf-8", "Location": location])
    }
}
