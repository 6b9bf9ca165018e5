#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation

/// `tenantmock`: the sandbox server, contract verification, and tools around them.
let commands: [any CLICommand.Type] = [
    ServeCommand.self,
    VerifyCommand.self,
    RoutesCommand.self,
    FixturesValidateCommand.self,
    FixturesEmbedCommand.self,
]

@MainActor func topLevelHelp() -> String {
    var lines = [
        "OVERVIEW: TenantMock, a multi-tenant emulator of the Auth0 and CruxConnect access-control APIs.",
        "",
        "USAGE: tenantmock <command> [options]",
        "",
        "COMMANDS:",
    ]
    for command in commands {
        lines.append("  " + command.spec.name.padding(toLength: 22, withPad: " ", startingAt: 0) + command.spec.summary)
    }
    lines += ["", "See 'tenantmock <command> --help' for a command's options."]
    return lines.joined(separator: "\n")
}

/// Writes a line to stderr; if nothing reads it any more, the line is lost and nothing else is.
func printError(_ text: String) {
    try? FileHandle.standardError.write(contentsOf: Data((text + "\n").utf8))
}

@MainActor func main() -> Int32 {
    var arguments = Array(CommandLine.arguments.dropFirst())
    guard let first = arguments.first, first != "--help", first != "-h", first != "help" else {
        print(topLevelHelp())
        return arguments.isEmpty ? 64 : 0
    }
    // Two-word commands ("fixtures validate") are matched first.
    var command: (any CLICommand.Type)?
    if arguments.count >= 2, let c = commands.first(where: { $0.spec.name == "\(arguments[0]) \(arguments[1])" }) {
        command = c
        arguments.removeFirst(2)
    } else if let c = commands.first(where: { $0.spec.name == first }) {
        command = c
        arguments.removeFirst()
    }
    guard let command else {
        if commands.contains(where: { $0.spec.name.hasPrefix(first + " ") }) {
            let subs = commands.filter { $0.spec.name.hasPrefix(first + " ") }.map { $0.spec.name }
            printError("error: '\(first)' needs a subcommand: \(subs.joined(separator: ", "))")
        } else {
            printError("error: unknown command '\(first)'\n\n" + topLevelHelp())
        }
        return 64
    }
    return execute(command, arguments)
}

/// Parses `arguments` for `command` and runs it (or prints its help or a usage error).
func execute<C: CLICommand>(_ command: C.Type, _ arguments: [String]) -> Int32 {
    let parsed: ParsedArguments
    do {
        parsed = try ParsedArguments(arguments, spec: C.spec)
    } catch {
        printError("error: \(error)\n\nUSAGE: \(C.spec.usage)\nSee 'tenantmock \(C.spec.name) --help'.")
        return 64
    }
    if parsed.flag("help") {
        print(C.spec.help)
        return 0
    }
    return C.run(parsed)
}

exit(main())
