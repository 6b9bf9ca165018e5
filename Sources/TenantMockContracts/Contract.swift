import TenantMockCore
/// A contract file: one dialect, one fixture, and the cases that verify it.
///
/// A file reads (see `docs/contracts.md` for the whole format):
/// ```json
/// {
///   "contract": "auth0-delete-user-permissions",
///   "dialect": "auth0",
///   "fixture": "auth0-acme",
///   "source": "Auth0 docs, Remove Permissions from Users (https://auth0.com/docs/manage-users/…)",
///   "cases": [ { "name": "…", "request": { … }, "expect": { … } } ]
/// }
/// ```
/// A case with one step is a contract; a case with `steps` is a scenario.
public struct ContractFile: Sendable {
    /// The contract's name (`contract` member).
    public var name: String
    /// The file it was read from.
    public var file: String
    /// The dialect the cases speak (`auth0`, `crux`).
    public var dialect: String
    /// The fixture each case's fresh tenant is created from.
    public var fixture: String
    /// What the cases verify: a public source (a vendor page, a recording file at a version, an
    /// issue, a framework source file at a version) or `inferred: <why>`.
    public var source: String
    public var description: String
    /// Default values for `{{name}}` placeholders.
    public var variables: [String: JSONValue]
    /// Whether the cases may run against a remote target, on whatever tenant it serves.
    public var remoteSafe: Bool
    public var cases: [ContractCase]
}

/// One case: a list of steps run in order on a fresh tenant.
public struct ContractCase: Sendable {
    public var name: String
    /// The 1-based line of the file on which the case begins (`nil` when unknown).
    public var line: Int? = nil
    /// Overrides the file's source.
    public var source: String
    /// Overrides the file's `remote_safe`.
    public var remoteSafe: Bool
    /// Extra fresh tenants, by alias, and the fixture each is created from
    /// (address one from a step with `"tenant": "<alias>"`).
    public var extraTenants: [(alias: String, fixture: String)]
    /// Freeze every tenant's clock at this Unix time before the first step.
    public var frozenClock: Double?
    /// Replace the main tenant's rate limit before the first step.
    public var rateLimit: RateLimitPolicy?
    public var steps: [ContractStep]
}

/// One request and what its answer must be.
public struct ContractStep: Sendable {
    /// A label for reports (defaults to `METHOD path`).
    public var name: String?
    /// The alias of the tenant this step addresses (`nil`: the case's main tenant).
    public var tenant: String?
    /// Seconds to move the addressed tenant's clock forward before sending.
    public var advanceClock: Double?
    public var request: RequestTemplate
    /// How many times the request is sent; `expect` applies to the last answer.
    public var repeatCount: Int
    /// What every answer before the last must satisfy, when `repeat` > 1.
    public var expectRepeats: Expectation?
    public var expect: Expectation
    /// Values to keep from the answer.
    public var captures: [Capture]
}

/// A value kept from an answer for later `{{name}}` placeholders.
public struct Capture: Sendable, Equatable {
    public var name: String
    public var source: CaptureSource
    /// When set, the captured string is narrowed to this regular expression's
    /// first group (or its whole match when it has no group).
    public var pattern: String?
}

/// Where a captured value comes from.
public enum CaptureSource: Sendable, Equatable {
    /// A JSON path into the response body, e.g. `$.access_token` or `$[0].id`.
    case body(JSONPath)
    /// A response header, written `header:Location`.
    case header(String)
}

/// A request whose strings may hold `{{name}}` placeholders.
public struct RequestTemplate: Sendable {
    public var method: String
    /// The path, as sent (percent-encoding kept).
    public var path: String
    /// The raw query string, without `?`.
    public var query: String
    /// Header fields; a `nil` value means "never send this header" (it
    /// suppresses the `Content-Type` a `json` body would otherwise add).
    public var headers: [(name: String, value: String?)]
    public var body: RequestBody
}

/// A request body.
public enum RequestBody: Sendable {
    case none
    /// A JSON value, sent compact; adds `Content-Type: application/json`
    /// unless `headers` names `Content-Type`.
    case json(JSONValue)
    /// Bytes sent exactly as written (malformed JSON, form bodies, text).
    case raw(String)
}

/// What an answer must be. Absent members are not checked.
public struct Expectation: Sendable {
    public var status: Int?
    /// Header name (case-insensitive) → expectation.
    public var headers: [(name: String, expectation: HeaderExpectation)]
    /// The body, parsed as JSON, must match.
    public var body: Matcher?
    /// The body must be empty (zero bytes).
    public var emptyBody: Bool
    /// The raw body text must match (a string or a `$regex` matcher).
    public var text: Matcher?

    public init(status: Int? = nil, headers: [(name: String, expectation: HeaderExpectation)] = [],
                body: Matcher? = nil, emptyBody: Bool = false, text: Matcher? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.emptyBody = emptyBody
        self.text = text
    }
}

/// What one header must be.
public enum HeaderExpectation: Sendable, Equatable {
    /// Present with exactly this value (placeholders allowed).
    case equals(String)
    /// Present with a value matching this regular expression.
    case matches(String)
    /// Present, with any value.
    case present
    /// Not present.
    case absent
}
