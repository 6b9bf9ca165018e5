import TenantMock

/// `tenantmock routes`: every route of every dialect.
enum RoutesCommand: CLICommand {
    static let spec = CommandSpec(
        name: "routes", summary: "List every route of every dialect.",
        usage: "tenantmock routes [--dialect <name>]",
        options: [.init(name: "dialect", kind: .value("name"), help: "Only this dialect (auth0, crux).")])

    static func run(_ arguments: ParsedArguments) -> Int32 {
        let registry = DialectRegistry.builtIn
        let wanted = arguments.value("dialect")
        if let wanted, registry[wanted] == nil {
            printError("error: unknown dialect '\(wanted)'; known: \(registry.names.joined(separator: ", "))")
            return 64
        }
        for entry in registry.entries where wanted == nil || entry.name == wanted {
            print("\(entry.name): \(entry.title)")
            for route in entry.routes {
                print("  " + route.method.padding(toLength: 8, withPad: " ", startingAt: 0)
                      + route.path.padding(toLength: 58, withPad: " ", startingAt: 0) + " " + route.summary)
            }
            print("")
        }
        print("Every route is also reachable under /tenants/{tenant}/… and on Host {tenant}.localhost.")
        return 0
    }
}
