import Foundation
import Synchronization

/// A tenant's clock: real time unless frozen, set or advanced, so token expiry
/// and rate-limit resets can be tested without sleeping.
///
/// Its reading stays within `validTimes`: a time set, frozen at or advanced to outside
/// it is held to its nearest end (a NaN changes nothing), so every conversion of a
/// reading to whole seconds, and every expiry computed from one, fits in an `Int`. The
/// admin API refuses such times instead (400 with the member's path).
public final class TenantClock: Sendable {
    /// The times a clock can show, seconds since 1970: 1970-01-01T00:00:00Z to
    /// 9999-12-31T23:59:59Z, the last instant a four-digit year can write.
    public static let validTimes: ClosedRange<Double> = 0...253_402_300_799

    /// The largest step `advance` takes either way in the admin API: the whole of `validTimes`.
    public static let maxAdvance: Double = validTimes.upperBound

    struct Setting {
        var offset: Double = 0
        var frozenAt: Double?
    }

    let setting = Mutex(Setting())
    /// Whether the clock shows real time (never frozen, set or advanced since it last did):
    /// read without the lock by every request, so that such a clock costs its concurrent
    /// readers no shared write. Every change of `setting` updates it under the lock.
    let showsRealTime = Atomic<Bool>(true)

    public init() {}

    /// Seconds since 1970 on this tenant's clock, within `validTimes`.
    public func now() -> Double {
        if showsRealTime.load(ordering: .acquiring) { return Date().timeIntervalSince1970.clamped(to: Self.validTimes) }
        return setting.withLock { s in s.frozenAt ?? (Date().timeIntervalSince1970 + s.offset) }.clamped(to: Self.validTimes)
    }

    /// Changes the setting under the lock and notes whether it is real time again.
    private func change(_ body: (inout Setting) -> Void) {
        setting.withLock { s in
            body(&s)
            showsRealTime.store(s.frozenAt == nil && s.offset == 0, ordering: .releasing)
        }
    }

    /// Stops the clock at its current reading, or at `time`.
    public func freeze(at time: Double? = nil) {
        if let time, time.isNaN { return }
        let current = now()
        change { $0.frozenAt = (time ?? current).clamped(to: Self.validTimes) }
    }

    /// Lets the clock run again from its current reading.
    public func unfreeze() {
        change { s in
            if let frozen = s.frozenAt {
                s.offset = frozen - Date().timeIntervalSince1970
                s.frozenAt = nil
            }
        }
    }

    /// Sets the clock to `time` (seconds since 1970), keeping it frozen if it was.
    public func set(_ time: Double) {
        guard !time.isNaN else { return }
        let time = time.clamped(to: Self.validTimes)
        change { s in
            if s.frozenAt != nil { s.frozenAt = time } else { s.offset = time - Date().timeIntervalSince1970 }
        }
    }

    /// Moves the clock forward by `seconds` (back when negative), no further than the ends of `validTimes`.
    public func advance(by seconds: Double) {
        guard !seconds.isNaN else { return }
        change { s in
            if let frozen = s.frozenAt {
                s.frozenAt = (frozen + seconds).clamped(to: Self.validTimes)
            } else {
                let real = Date().timeIntervalSince1970
                s.offset = (real + s.offset + seconds).clamped(to: Self.validTimes) - real
            }
        }
    }

    /// Back to real time.
    public func resetToRealTime() { change { $0 = Setting() } }

    /// Whether the clock is frozen.
    public var isFrozen: Bool { setting.withLock { $0.frozenAt != nil } }
}
