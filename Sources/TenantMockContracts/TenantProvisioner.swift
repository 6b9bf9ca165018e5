import TenantMockCore
import Foundation
import Synchronization

/// Creates the fresh tenants contract cases run on, and drives their clocks
/// and rate limits.
///
/// In-process and against a sandbox started in the same process, an
/// `EmulatorProvisioner` creates tenants on the very `Emulator` that answers
/// the requests. A remote target has no provisioner: only cases marked
/// `remote_safe` run there, on whatever tenant it serves.
public protocol TenantProvisioner: Sendable {
    /// Creates a tenant from the fixture named `fixture`, which must be of
    /// `dialect`; returns the tenant's id.
    func createTenant(fixture: String, dialect: String) throws(ProvisioningError) -> String
    /// Deletes a tenant this provisioner created.
    func deleteTenant(_ id: String)
    /// Stops the tenant's clock at `time` (Unix seconds).
    func freezeClock(tenant: String, at time: Double) throws(ProvisioningError)
    /// Moves the tenant's clock forward.
    func advanceClock(tenant: String, by seconds: Double) throws(ProvisioningError)
    /// Replaces the tenant's rate limit (and refills its bucket).
    func setRateLimit(tenant: String, _ policy: RateLimitPolicy) throws(ProvisioningError)
}

/// Why a tenant could not be provisioned or adjusted.
public struct ProvisioningError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// The transport error behind the failure, when the provisioner could not reach its sandbox.
    public var transportError: TransportError?

    public init(_ message: String, transportError: TransportError? = nil) {
        self.message = message
        self.transportError = transportError
    }

    public var description: String { message }
}

/// Provisions tenants directly on an `Emulator` (cheap copy-on-write copies of its fixtures).
public struct EmulatorProvisioner: TenantProvisioner {
    public let emulator: Emulator
    let counter = Counter()
    let prefix: String

    /// A provisioner on `emulator`; tenant ids are `ct-<random>-<n>`, unique in the process.
    public init(emulator: Emulator) {
        self.emulator = emulator
        self.prefix = "ct-" + String(UInt32.random(in: 0...UInt32.max), radix: 16)
    }

    public func createTenant(fixture: String, dialect: String) throws(ProvisioningError) -> String {
        guard let loaded = emulator.fixtures.fixture(fixture) else {
            throw ProvisioningError("no fixture named \"\(fixture)\"; loaded: "
                                    + emulator.fixtures.all.map(\.name).joined(separator: ", "))
        }
        guard loaded.dialectName == dialect else {
            throw ProvisioningError("fixture \"\(fixture)\" is of dialect \(loaded.dialectName), not \(dialect)")
        }
        let id = "\(prefix)-\(counter.next())"
        do {
            try emulator.createTenant(id: id, fixture: fixture)
        } catch {
            throw ProvisioningError("cannot create a tenant from fixture \"\(fixture)\": \(error)")
        }
        return id
    }

    public func deleteTenant(_ id: String) {
        try? emulator.tenants.delete(id)
    }

    public func freezeClock(tenant: String, at time: Double) throws(ProvisioningError) {
        try self.tenant(tenant).clock.freeze(at: time)
    }

    public func advanceClock(tenant: String, by seconds: Double) throws(ProvisioningError) {
        try self.tenant(tenant).clock.advance(by: seconds)
    }

    public func setRateLimit(tenant: String, _ policy: RateLimitPolicy) throws(ProvisioningError) {
        try self.tenant(tenant).rateLimiter.setPolicy(policy)
    }

    func tenant(_ id: String) throws(ProvisioningError) -> any AnyTenant {
        guard let tenant = emulator.tenants.tenant(id) else { throw ProvisioningError("no tenant named \"\(id)\"") }
        return tenant
    }

    /// A process-wide sequence number.
    final class Counter: Sendable {
        let value = Mutex(0)
        func next() -> Int { value.withLock { $0 += 1; return $0 } }
    }
}
