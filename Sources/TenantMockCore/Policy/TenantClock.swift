import Foundation
import Synchronization

/// A tenant's clock: real time unless frozen, set or advanced, so token expiry
/// and rate-limit resets can be tested without sleeping.
public final class TenantClock: Sendable {
    struct Setting {
        var offset: Double = 0
        var frozenAt: Double?
    }

    let setting = Mutex(Setting())

    public init() {}

    /// Seconds since 1970 on this tenant's clock.
    public func now() -> Double {
        setting.withLock { s in s.frozenAt ?? (Date().timeIntervalSince1970 + s.offset) }
    }

    /// Stops the clock at its current reading, or at `time`.
    public func freeze(at time: Double? = nil) {
        let current = now()
        setting.withLock { $0.frozenAt = time ?? current }
    }

    /// Lets the clock run again from its current reading.
    public func unfreeze() {
        setting.withLock { s in
            if let frozen = s.frozenAt {
                s.offset = frozen - Date().timeIntervalSince1970
                s.frozenAt = nil
            }
        }
    }

    /// Sets the clock to `time` (seconds since 1970), keeping it frozen if it was.
    public func set(_ time: Double) {
        setting.withLock { s in
            if s.frozenAt != nil { s.frozenAt = time } else { s.offset = time - Date().timeIntervalSince1970 }
        }
    }

    /// Moves the clock forward by `seconds`.
    public func advance(by seconds: Double) {
        setting.withLock { s in
            if let frozen = s.frozenAt { s.frozenAt = frozen + seconds } else { s.offset += seconds }
        }
    }

    /// Back to real time.
    public func resetToRealTime() { setting.withLock { $0 = Setting() } }

    /// Whether the clock is frozen.
    public var isFrozen: Bool { setting.withLock { $0.frozenAt != nil } }
}
