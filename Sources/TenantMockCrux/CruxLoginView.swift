import TenantMockCore

/// `POST /organizations/user-login/`: "Retrieve Auth Token" (`_organization/retreive_auth_token.md` @0e3e39a).
///
/// Takes `{"username", "password"}` and returns the login body with a new
/// 40-hex `auth_token` (DRF's `Token.generate_key`: 20 random bytes in hex)
/// that expires two hours after issue (the page from 2018-05-08 on). Wrong
/// credentials, or an inactive user (Django's `ModelBackend` refuses those), are
/// 401 `Incorrect authentication credentials.` (DRF's `AuthenticationFailed`
/// default, `rest_framework/exceptions.py` @3.7.7; which exception the login view
/// raises is inferred: docs/crux.md).
enum CruxLoginView {
    /// Issued tokens live this long, in seconds.
    static let tokenLifetime: Double = 2 * 60 * 60

    static let view = CruxView(
        name: "User Login", path: "/organizations/user-login/", access: .anyone,
        methods: [.init(name: "POST", summary: "Log in with username and password; returns auth_token (2 h)",
                        writes: true, handler: login)])

    static func login(_ state: inout CruxState, _ call: CruxCall) throws(DRFError) -> HTTPResponse {
        let credentials = try CruxRequestValidation.login(try call.data())
        guard let user = state.user(username: credentials.username), user.isActive,
              let password = user.password, password == credentials.password,
              let org = state.organization(user.orgUUID)
        else { throw .authenticationFailed("Incorrect authentication credentials.") }
        let key = newKey()
        state.issue(CruxToken(key: key, userUUID: user.uuid, expiresAt: call.now + tokenLifetime), now: call.now)
        return .json(200, CruxRepresentation.login(token: key, user: user, org: org, in: state))
    }

    /// 40 lower-case hex characters from 20 random bytes.
    static func newKey() -> String {
        var generator = SystemRandomNumberGenerator()
        var key = ""
        for _ in 0..<20 {
            let byte = UInt8.random(in: 0...255, using: &generator)
            key += (byte < 16 ? "0" : "") + String(byte, radix: 16)
        }
        return key
    }
}
