/// HMAC with SHA-256 (RFC 2104), computed incrementally.
///
/// ```swift
/// var mac = HMACSHA256(key: Array("key".utf8))
/// mac.update("message".utf8)
/// let tag = mac.finalize()          // 32 bytes
/// ```
/// Compare tags with `ConstantTime.equals(_:_:)`, never with `==`.
public struct HMACSHA256: Sendable {
    private var inner: SHA256
    private var outerKeyPad: [UInt8]

    /// A MAC keyed with `key`; keys longer than a block are hashed first (RFC 2104 §2).
    public init(key: some Collection<UInt8>) {
        var block = key.count > SHA256.blockByteCount ? SHA256.hash(key) : Array(key)
        block.append(contentsOf: repeatElement(0, count: SHA256.blockByteCount - block.count))
        inner = SHA256()
        inner.update(block.map { $0 ^ 0x36 })
        outerKeyPad = block.map { $0 ^ 0x5c }
    }

    /// Adds `bytes` to the message.
    public mutating func update(_ bytes: some Sequence<UInt8>) { inner.update(bytes) }

    /// The 32-byte authentication code. The MAC is spent afterwards.
    public mutating func finalize() -> [UInt8] {
        let innerDigest = inner.finalize()
        var outer = SHA256()
        outer.update(outerKeyPad)
        outer.update(innerDigest)
        return outer.finalize()
    }

    /// The authentication code of `message` under `key`.
    public static func authenticationCode(for message: some Sequence<UInt8>, key: some Collection<UInt8>) -> [UInt8] {
        var mac = HMACSHA256(key: key)
        mac.update(message)
        return mac.finalize()
    }
}
