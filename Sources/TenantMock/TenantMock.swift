// TenantMock: see the module's documentation.
