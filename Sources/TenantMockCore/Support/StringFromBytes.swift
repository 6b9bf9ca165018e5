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

extension String {
    /// The decimal text of `value` (as `String(value)`), composed on the stack: headers
    /// such as the rate-limit ones carry a few on every answer, and a text of up to 15
    /// bytes (every number below 10^15) becomes a small string, with no allocation.
    package init(decimal value: Int) {
        // 20 digits and a sign hold every Int.
        var storage: (UInt64, UInt64, UInt64) = (0, 0, 0)
        self = withUnsafeMutableBytes(of: &storage) { raw in
            let buffer = raw.bindMemory(to: UInt8.self)
            var magnitude = value.magnitude
            var start = 21
            repeat {
                start -= 1
                buffer[start] = UInt8(truncatingIfNeeded: magnitude % 10) + 0x30
                magnitude /= 10
            } while magnitude > 0
            if value < 0 {
                start -= 1
                buffer[start] = UInt8(ascii: "-")
            }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<21]), as: UTF8.self)
        }
    }
}
