@_exported import TenantMockCore
@_exported import TenantMockAuth0
@_exported import TenantMockCrux

extension DialectRegistry {
    /// Every dialect TenantMock ships: Auth0 and CruxConnect.
    /// A new vendor is a new module whose dialect is registered here, the module imported
    /// above (`@_exported`) and listed in the `TenantMock` target's dependencies in Package.swift.
    public static var builtIn: DialectRegistry {
        var registry = DialectRegistry()
        registry.register(Auth0Dialect())
        registry.register(CruxDialect())
        return registry
    }
}
