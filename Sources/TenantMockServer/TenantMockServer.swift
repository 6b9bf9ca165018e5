// TenantMockServer: see the module's documentation.
