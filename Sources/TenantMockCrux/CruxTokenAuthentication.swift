import TenantMockCore

/// Who made a request, as DRF's `TokenAuthentication` decides it.
enum CruxAuthentication: Sendable {
    /// No `Authorization: Token …` header: DRF's anonymous user.
    case anonymous
    /// A valid token of an active user.
    case user(CruxUser)
}

/// DRF `TokenAuthentication` (`rest_framework/authentication.py` @3.7.7) with
/// the CruxConnect two-hour expiry of issued tokens.
enum CruxTokenAuthentication {
    /// The key of `request`'s `Authorization: Token …` header, `nil` when the
    /// caller is anonymous; read from the request alone, so it runs before the
    /// tenant's lock is taken.
    ///
    /// - A missing header or another scheme (`Bearer x`) is anonymous: DRF's
    ///   `authenticate()` returns `None` and the permission check answers 401.
    /// - The keyword is compared case-insensitively; the header is split on whitespace.
    static func key(of request: HTTPRequest) throws(DRFError) -> String? {
        guard let header = request.headers["Authorization"] else { return nil }
        let parts = header.utf8.split(whereSeparator: isPythonBytesWhitespace)
        guard let keyword = parts.first, Substring(keyword).equalsIgnoringASCIICase("Token") else { return nil }
        if parts.count == 1 { throw .authenticationFailed("Invalid token header. No credentials provided.") }
        if parts.count > 2 { throw .authenticationFailed("Invalid token header. Token string should not contain spaces.") }
        let key = String(Substring(parts[1]))
        if key.unicodeScalars.contains("\u{FFFD}") {
            throw .authenticationFailed("Invalid token header. Token string should not contain invalid characters.")
        }
        return key
    }

    /// Authenticates the caller holding `key` (from `key(of:)`) against `state` at time `now`.
    ///
    /// An unknown or expired key is `Invalid token.` (the expiry is custom; the
    /// message is DRF's stock one, reference §6); an inactive user is
    /// `User inactive or deleted.`
    static func authenticate(key: String?, in state: CruxState, now: Double) throws(DRFError) -> CruxAuthentication {
        guard let key else { return .anonymous }
        guard let token = state.token(key), token.isValid(at: now), let user = state.user(token.userUUID) else {
            throw .authenticationFailed("Invalid token.")
        }
        guard user.isActive else { throw .authenticationFailed("User inactive or deleted.") }
        return .user(user)
    }

    /// Python's `bytes.split()` separators: space, tab, LF, VT, FF, CR. They are
    /// ASCII, so splitting the UTF-8 bytes never cuts a character.
    static func isPythonBytesWhitespace(_ byte: UInt8) -> Bool {
        byte == 32 || (byte >= 9 && byte <= 13)
    }
}
