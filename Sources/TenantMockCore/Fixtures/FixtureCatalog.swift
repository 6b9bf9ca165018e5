/// The loaded fixtures, by name: what new tenants are created from.
public final class FixtureCatalog: Sendable {
    let table = ReadWriteLock<[(name: String, fixture: any AnyFixture)]>([])

    public init() {}

    /// Adds or replaces `fixture`.
    public func add(_ fixture: any AnyFixture) {
        table.write { t in
            if let i = t.firstIndex(where: { $0.name == fixture.name }) { t[i].fixture = fixture }
            else { t.append((name: fixture.name, fixture: fixture)) }
        }
    }

    /// The fixture named `name`.
    public func fixture(_ name: String) -> (any AnyFixture)? { table.read { t in t.first { $0.name == name }?.fixture } }

    /// Every fixture, in load order.
    public var all: [any AnyFixture] { table.read { $0.map(\.fixture) } }
}
