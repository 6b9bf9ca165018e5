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
        guard var header = request.headers["Authorization"] else { return nil }
        // `header.split()`: the words between runs of whitespace, read over the bytes.
        enum Words { case notToken, keywordOnly, moreThanTwo, key(String) }
        let words = header.withUTF8 { bytes -> Words in
            var i = 0
            func nextWord() -> Range<Int>? {
                while i < bytes.count && isPythonBytesWhitespace(bytes[i]) { i += 1 }
                let start = i
                while i < bytes.count && !isPythonBytesWhitespace(bytes[i]) { i += 1 }
                return start < i ? start..<i : nil
            }
            guard let keyword = nextWord(), keyword.count == 5 else { return .notToken }
            // `auth[0].lower() != b'token'`; `byte | 0x20` is a lower-case letter only for letters.
            let isToken = ("token" as StaticString).withUTF8Buffer { expected in
                (0..<5).allSatisfy { bytes[keyword.lowerBound + $0] | 0x20 == expected[$0] }
            }
            guard isToken else { return .notToken }
            guard let key = nextWord() else { return .keywordOnly }
            if nextWord() != nil { return .moreThanTwo }
            return .key(String(decoding: UnsafeBufferPointer(rebasing: bytes[key]), as: UTF8.self))
        }
        switch words {
        case .notToken: return nil
        case .keywordOnly: throw .authenticationFailed("Invalid token header. No credentials provided.")
        case .moreThanTwo: throw .authenticationFailed("Invalid token header. Token string should not contain spaces.")
        case .key(let key):
            // Bytes that were not UTF-8 arrive as U+FFFD: `auth[1].decode()` would have failed.
            if key.unicodeScalars.contains("\u{FFFD}") {
                throw .authenticationFailed("Invalid token header. Token string should not contain invalid characters.")
            }
            return key
        }
    }

    /// Authenticates the caller holding `key` (from `key(of:)`) against `state` at time `now`.
    ///
    /// An unknown or expired key is `Invalid token.` (the expiry is custom; the
    /// message is DRF's stock one, `TokenAuthentication.authenticate_credentials` in
    /// `rest_framework/authentication.py` @3.7.7); an inactive user is
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
