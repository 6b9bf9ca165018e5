// TenantMockContracts: see the module's documentation.
