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
    /// The decimal text of `value` (as `String(value)`), written straight into the
    /// string's storage: headers such as the rate-limit ones carry a few on every answer.
    package init(decimal value: Int) {
        // 20 digits and a sign hold every Int.
        self.init(unsafeUninitializedCapacity: 21) { buffer in
            var magnitude = value.magnitude
            var end = 21
            repeat {
                end -= 1
                buffer[end] = UInt8(truncatingIfNeeded: magnitude % 10) + 0x30
                magnitude /= 10
            } while magnitude > 0
            if value < 0 {
                end -= 1
                buffer[end] = UInt8(ascii: "-")
            }
            let count = 21 - end
            if end > 0 {
                for i in 0..<count { buffer[i] = buffer[end + i] }
            }
            return count
        }
    }
}
