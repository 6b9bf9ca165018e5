/// Comparison whose running time does not depend on where two values differ.
public enum ConstantTime {
    /// Whether `a` and `b` hold the same bytes.
    ///
    /// Every byte of both inputs is read, whatever their contents: a mismatch in
    /// the first byte costs as much as one in the last, so a signature cannot be
    /// guessed byte by byte from response times. Only the lengths (public for
    /// signatures) end the comparison early.
    public static func equals<A: Collection<UInt8>, B: Collection<UInt8>>(_ a: A, _ b: B) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}
