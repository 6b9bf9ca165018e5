import Foundation
import TenantMock
import TenantMockContracts

/// `tenantmock verify`: runs contract and scenario files against a target.
enum VerifyCommand: CLICommand {
    static let spec = CommandSpec(
        name: "verify", summary: "Run contract and scenario files against a target.",
        usage: "tenantmock verify [<path> ...] [--target <url> [--admin-key <key>] [--token-env <name>]] "
            + "[--fixtures <path> ...] [--filter <text>] [--junit <file>] [--json <file>] [--serial]",
        options: [
            .init(name: "target", kind: .value("url"),
                  help: "Base URL to verify, its path (e.g. /tenants/acme) joined to every request's "
                      + "(default: an in-process emulator on the default fixtures)."),
            .init(name: "admin-key", kind: .value("key"),
                  help: "A TenantMock sandbox's admin key: fresh tenants are created through its admin API."),
            .init(name: "token-env", kind: .value("name"),
                  help: "Environment variable holding a token, used for {{token}} on a remote target."),
            .init(name: "fixtures", kind: .values("path"),
                  help: "Fixture files or folders for the in-process emulator (default: embedded)."),
            .init(name: "filter", kind: .value("text"),
                  help: "Only cases whose file, contract or name contains this; matching none is an error."),
            .init(name: "junit", kind: .value("file"), help: "Also write a JUnit XML report."),
            .init(name: "json", kind: .value("file"), help: "Also write a machine-readable JSON report."),
            .init(name: "serial", kind: .flag, help: "Run cases one after another instead of in parallel."),
        ],
        discussion: """
            Paths are contract files or folders of them (default: Contracts). Each case runs on fresh
            tenants created from its contract's fixture. Against a TenantMock sandbox (--target with
            --admin-key, or TENANTMOCK_ADMIN_KEY set) they are created through its admin API; on any
            other --target URL no tenant can be created: only cases marked remote_safe run there, the
            others are skipped and counted. The run stops at the first connection error.
            Exits 0 only when every case passes and every file loads (and --filter matches a case).
            """)

    static func run(_ arguments: ParsedArguments) -> Int32 {
        let paths = arguments.positionals.isEmpty ? ["Contracts"] : arguments.positionals
        let target: ContractTarget
        switch makeTarget(arguments) {
        case .success(let t): target = t
        case .failure(let message):
            printError("error: \(message.text)")
            return 64
        }
        let runner = ContractRunner(target: target, filter: arguments.value("filter"), parallel: !arguments.flag("serial"))
        let report = runner.run(paths: paths)
        print(report.text)
        var status: Int32 = report.succeeded ? 0 : 1
        if let filter = runner.filter, report.results.isEmpty, report.stop == nil {
            printError("error: --filter '\(filter)' matches no case (\(report.unselectedCount) case(s) in the files loaded)")
            status = 1
        }
        if let file = arguments.value("junit"), !write(report.junitXML, to: file) { status = 1 }
        if let file = arguments.value("json"), !write(JSONSerializer.prettyString(report.json) + "\n", to: file) { status = 1 }
        return status
    }

    struct Message: Error { let text: String }

    /// The target the options name.
    static func makeTarget(_ arguments: ParsedArguments) -> Result<ContractTarget, Message> {
        var variables: [String: JSONValue] = [:]
        if let name = arguments.value("token-env") {
            guard let token = ProcessInfo.processInfo.environment[name], !token.isEmpty else {
                return .failure(Message(text: "--token-env \(name): the variable is not set"))
            }
            variables["token"] = .string(token)
        }
        let secrets = variables.values.compactMap(\.stringValue)
        guard let url = arguments.value("target") else {
            do {
                let emulator = try Emulator.makeDefault(fixturePaths: arguments.values["fixtures"])
                var target = ContractTarget.inProcess(emulator)
                target.variables = variables
                return .success(target)
            } catch {
                return .failure(Message(text: error.description))
            }
        }
        if arguments.values["fixtures"] != nil {
            return .failure(Message(text: "--fixtures applies to the in-process target only"))
        }
        guard let parsed = URLComponents(string: url), let scheme = parsed.scheme, let host = parsed.host,
              scheme == "http" || scheme == "https" else {
            return .failure(Message(text: "--target expects http://HOST[:PORT] or https://HOST, got '\(url)'"))
        }
        guard parsed.query == nil, parsed.fragment == nil else {
            return .failure(Message(text: "--target takes no query or fragment, got '\(url)'"))
        }
        // A base path (`/tenants/acme`, or where a proxy mounts the API) is joined to every request's path.
        let basePath = parsed.percentEncodedPath == "/" ? "" : parsed.percentEncodedPath
        let transport: any ContractTransport
        if scheme == "http" {
            let port = parsed.port ?? 80
            let explicitKey = arguments.value("admin-key")
            if let key = explicitKey ?? ProcessInfo.processInfo.environment["TENANTMOCK_ADMIN_KEY"] {
                guard basePath.isEmpty else {
                    let source = explicitKey != nil ? "--admin-key" : "TENANTMOCK_ADMIN_KEY (set in the environment)"
                    return .failure(Message(text: "\(source) runs every case on fresh tenants addressed by Host, which "
                        + "the path of '\(url)' would override: drop the path, or the admin key to run the remote_safe "
                        + "cases on the tenant the path names"))
                }
                var target = ContractTarget.sandbox(host: host, port: port, adminKey: key)
                target.label = url
                target.variables = variables
                target.secrets = secrets
                return .success(target)
            }
            transport = SocketHTTPTransport(host: host, port: port)
        } else {
            var origin = parsed
            origin.percentEncodedPath = ""
            guard let base = origin.url else { return .failure(Message(text: "invalid URL '\(url)'")) }
            transport = URLSessionTransport(baseURL: base)
        }
        return .success(ContractTarget(label: url, transport: transport, provisioner: nil, variables: variables,
                                       basePath: basePath, secrets: secrets))
    }

    static func write(_ text: String, to file: String) -> Bool {
        do {
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            return true
        } catch {
            printError("error: cannot write \(file): \(error)")
            return false
        }
    }
}
