import TenantMockCore

/// Provisions tenants on a running TenantMock sandbox through its admin API
/// (`/__admin/…`, `Authorization: Bearer <admin key>`), so every case can run
/// against a sandbox in another process, over the network.
public struct AdminAPIProvisioner: TenantProvisioner {
    public let transport: any ContractTransport
    public let adminKey: String
    /// Seconds after which the sandbox drops a tenant a crashed run left behind.
    public var timeToLive: Int

    public init(transport: any ContractTransport, adminKey: String, timeToLive: Int = 600) {
        self.transport = transport
        self.adminKey = adminKey
        self.timeToLive = timeToLive
    }

    public func createTenant(fixture: String, dialect: String) throws(ProvisioningError) -> String {
        let answer = try call("POST", "/__admin/tenants", ["fixture": .string(fixture), "ttl_seconds": .int(timeToLive)],
                              expecting: 201)
        guard let id = answer["id"]?.stringValue else { throw ProvisioningError("the admin API gave no tenant id") }
        guard answer["dialect"]?.stringValue == dialect else {
            deleteTenant(id)
            throw ProvisioningError("fixture \"\(fixture)\" is of dialect \(answer["dialect"]?.stringValue ?? "?"), not \(dialect)")
        }
        return id
    }

    public func deleteTenant(_ id: String) {
        _ = try? call("DELETE", "/__admin/tenants/\(id)", nil, expecting: 204)
    }

    public func freezeClock(tenant: String, at time: Double) throws(ProvisioningError) {
        _ = try call("POST", "/__admin/tenants/\(tenant)/clock", ["freeze": true, "set": .number(.double(time))], expecting: 200)
    }

    public func advanceClock(tenant: String, by seconds: Double) throws(ProvisioningError) {
        _ = try call("POST", "/__admin/tenants/\(tenant)/clock", ["advance": .number(.double(seconds))], expecting: 200)
    }

    public func setRateLimit(tenant: String, _ policy: RateLimitPolicy) throws(ProvisioningError) {
        _ = try call("PUT", "/__admin/tenants/\(tenant)/rate-limit", policy.json, expecting: 200)
    }

    func call(_ method: String, _ path: String, _ body: JSONValue?, expecting status: Int) throws(ProvisioningError) -> JSONValue {
        var headers: HTTPHeaders = ["Authorization": "Bearer \(adminKey)"]
        if body != nil { headers["Content-Type"] = "application/json" }
        let request = HTTPRequest(method: method, path: path, headers: headers, body: body.map(JSONSerializer.bytes) ?? [])
        let response: HTTPResponse
        do {
            response = try transport.send(request)
        } catch {
            throw ProvisioningError("admin API \(method) \(path): \(error)", transportError: error)
        }
        guard response.status == status else {
            let message = response.jsonBody?["message"]?.stringValue ?? response.bodyText
            throw ProvisioningError("admin API \(method) \(path) answered \(response.status): \(message)")
        }
        return response.jsonBody ?? .null
    }
}
