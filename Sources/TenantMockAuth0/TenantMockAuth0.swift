// TenantMockAuth0: see the module's documentation.
