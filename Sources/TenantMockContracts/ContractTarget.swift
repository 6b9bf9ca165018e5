import TenantMockCore

/// Where contracts run: a transport, and (for an emulator this process
/// controls) a provisioner of fresh tenants.
public struct ContractTarget: Sendable {
    /// How reports name the target, e.g. `in-process` or `http://127.0.0.1:8080`.
    public var label: String
    public var transport: any ContractTransport
    /// Creates each case's fresh tenants; `nil` for a remote target, where only
    /// `remote_safe` cases run, on the tenant the target serves.
    public var provisioner: (any TenantProvisioner)?
    /// Values for `{{name}}` placeholders that override the contract files'
    /// `variables` (e.g. `token` from `--token-env`).
    public var variables: [String: JSONValue]
    /// A path every request's path is joined to, e.g. `/tenants/acme` to address a tenant
    /// of a sandbox by its path prefix (`""`: none). It never ends in `/`.
    public var basePath: String
    /// Values that reports never show (a real token from `--token-env`): wherever one
    /// appears in a failure it is masked as the request journal masks credentials.
    public var secrets: [String]

    public init(label: String, transport: any ContractTransport, provisioner: (any TenantProvisioner)?,
                variables: [String: JSONValue] = [:], basePath: String = "", secrets: [String] = []) {
        self.label = label
        self.transport = transport
        self.provisioner = provisioner
        self.variables = variables
        self.basePath = basePath.hasSuffix("/") ? String(basePath.dropLast()) : basePath
        self.secrets = secrets
    }

    /// An emulator in this process: requests go straight to `handle`, and each
    /// case gets fresh tenants on it.
    public static func inProcess(_ emulator: Emulator) -> ContractTarget {
        ContractTarget(label: "in-process", transport: EmulatorTransport(emulator: emulator),
                       provisioner: EmulatorProvisioner(emulator: emulator))
    }

    /// A sandbox server that this process runs on `emulator`, reached over a
    /// socket: requests travel the network path, tenants are provisioned on the
    /// same emulator directly.
    public static func liveSandbox(host: String = "127.0.0.1", port: Int, emulator: Emulator) -> ContractTarget {
        ContractTarget(label: "http://\(host):\(port)", transport: SocketHTTPTransport(host: host, port: port),
                       provisioner: EmulatorProvisioner(emulator: emulator))
    }

    /// A TenantMock sandbox in another process: requests over a socket, fresh
    /// tenants through its admin API.
    public static func sandbox(host: String, port: Int, adminKey: String) -> ContractTarget {
        let transport = SocketHTTPTransport(host: host, port: port)
        return ContractTarget(label: "http://\(host):\(port)", transport: transport,
                              provisioner: AdminAPIProvisioner(transport: transport, adminKey: adminKey))
    }
}
