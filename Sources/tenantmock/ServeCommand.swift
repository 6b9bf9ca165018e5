/// `tenantmock serve`: the sandbox server (arrives with the HTTP server).
enum ServeCommand: CLICommand {
    static let spec = CommandSpec(
        name: "serve", summary: "Start the sandbox HTTP server on the default fixtures.",
        usage: "tenantmock serve [--host <host>] [--port <port>] [--fixtures <path> ...] [--log]")

    static func run(_ arguments: ParsedArguments) -> Int32 {
        printError("error: the sandbox server is not available in this build yet")
        return 1
    }
}
