#if canImport(Glibc)
import Glibc
#endif

extension String {
    /// The string of `bytes` if they are valid UTF-8, else `nil`: the answer of
    /// `String(validating:as: UTF8.self)`, without its generic path on every call.
    ///
    /// ASCII (the common case on the request path) is copied after one scan; other
    /// text is decoded with repair and kept only if nothing needed repairing.
    package init?(validatingUTF8 bytes: UnsafeBufferPointer<UInt8>) {
        var ascii = true
        for b in bytes where b >= 0x80 {
            ascii = false
            break
        }
        let decoded = String(decoding: bytes, as: UTF8.self)
        if !ascii {
            // Repair replaces each ill-formed sequence with U+FFFD, so the bytes differ.
            var copy = decoded
            let intact = copy.withUTF8 { $0.count == bytes.count && memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }
            guard intact else { return nil }
        }
        self = decoded
    }

    /// ``init(validatingUTF8:)-(UnsafeBufferPointer<UInt8>)`` over an array's bytes.
    package init?(validatingUTF8 bytes: [UInt8]) {
        guard let text = bytes.withUnsafeBufferPointer({ String(validatingUTF8: $0) }) else { return nil }
        self = text
    }
}
