print("tenantmock")
