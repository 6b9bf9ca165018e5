// TenantMockCrux: see the module's documentation.
