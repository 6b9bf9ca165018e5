extension StringProtocol {
    /// The text without leading and trailing spaces and tabs (header values, comma lists).
    /// Both are ASCII, so the UTF-8 bytes are trimmed without cutting a character.
    func trimmingSpaces() -> String {
        if let trimmed = utf8.withContiguousStorageIfAvailable({ bytes -> String in
            var lower = 0
            var upper = bytes.count
            while lower < upper && (bytes[lower] == 0x20 || bytes[lower] == 0x09) { lower += 1 }
            while upper > lower && (bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09) { upper -= 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[lower..<upper]), as: UTF8.self)
        }) {
            return trimmed
        }
        let bytes = utf8
        var first: UTF8View.Index?
        var end = bytes.startIndex
        var i = bytes.startIndex
        while i != bytes.endIndex {
            let b = bytes[i]
            bytes.formIndex(after: &i)
            if b != 0x20 && b != 0x09 {
                if first == nil { first = bytes.index(i, offsetBy: -1, limitedBy: bytes.startIndex) ?? bytes.startIndex }
                end = i
            }
        }
        guard let first else { return "" }
        return String(decoding: bytes[first..<end], as: UTF8.self)
    }
}
