import TenantMock

/// The requests the micro-benchmark times, built from the default fixtures' credentials.
enum BenchRequests {
    static func all(emulator: Emulator) -> [(String, HTTPRequest)] {
        var out: [(String, HTTPRequest)] = []
        out.append(("unknown tenant (404 from addressing)",
                    HTTPRequest(method: "GET", target: "/tenants/nobody/api/v2/roles")))
        for tenant in emulator.tenants.all {
            out.append(("\(tenant.dialectName) tenant \(tenant.id): unrouted path (vendor 404)",
                        HTTPRequest(method: "GET", target: "/tenants/\(tenant.id)/no/such/route")))
        }
        return out
    }
}
