/// `tenantmock verify`: runs contract files (arrives with the contract runner).
enum VerifyCommand: CLICommand {
    static let spec = CommandSpec(
        name: "verify", summary: "Run contract and scenario files against a target.",
        usage: "tenantmock verify [<path> ...]")

    static func run(_ arguments: ParsedArguments) -> Int32 {
        printError("error: contract verification is not available in this build yet")
        return 1
    }
}
