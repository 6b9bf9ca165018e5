/// Conversions that never trap, for numbers that came from outside (a request, a fixture,
/// a Swift caller): `Int(_: Double)` traps on NaN, on an infinity and beyond 64 bits.
extension Int {
    /// `value` rounded by `rule` and held to `Int`'s range: `Int.max` or `Int.min` beyond it, 0 for NaN.
    package init(saturating value: Double, rounding rule: FloatingPointRoundingRule = .towardZero) {
        let whole = value.rounded(rule)
        // 2^63 is exact as a Double; `Int.max` is not (it rounds up to 2^63).
        if whole.isNaN {
            self = 0
        } else if whole >= 9_223_372_036_854_775_808.0 {
            self = .max
        } else if whole < -9_223_372_036_854_775_808.0 {
            self = .min
        } else {
            self = Int(whole)
        }
    }
}

extension Double {
    /// This number held to `range`; NaN gives `range.lowerBound`.
    package func clamped(to range: ClosedRange<Double>) -> Double {
        isNaN ? range.lowerBound : Swift.min(Swift.max(self, range.lowerBound), range.upperBound)
    }
}
