/// The hand-written argument parser every `tenantmock` command uses.
///
/// Options are `--name VALUE`, `--name=VALUE`, flags `--name`, and multi-value
/// options (`--fixtures A B C`) that take values up to the next `--option`.
struct CommandSpec {
    struct Option {
        enum Kind { case flag, value(String), values(String) }
        let name: String
        let kind: Kind
        let help: String
    }

    let name: String
    let summary: String
    let usage: String
    let options: [Option]
    let discussion: String

    init(name: String, summary: String, usage: String, options: [Option] = [], discussion: String = "") {
        self.name = name
        self.summary = summary
        self.usage = usage
        self.options = options + [Option(name: "help", kind: .flag, help: "Show this help.")]
        self.discussion = discussion
    }

    /// The `--help` text.
    var help: String {
        var lines = ["OVERVIEW: \(summary)", "", "USAGE: \(usage)"]
        if !discussion.isEmpty { lines += ["", discussion] }
        lines += ["", "OPTIONS:"]
        for option in options {
            let left: String
            switch option.kind {
            case .flag: left = "--\(option.name)"
            case .value(let v): left = "--\(option.name) <\(v)>"
            case .values(let v): left = "--\(option.name) <\(v)> ..."
            }
            lines.append("  " + left.padding(toLength: max(left.count + 2, 28), withPad: " ", startingAt: 0) + option.help)
        }
        return lines.joined(separator: "\n")
    }
}

/// A wrong command line, reported with the command's usage.
struct UsageError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// The parsed command line of one command.
struct ParsedArguments {
    var flags: Set<String> = []
    var values: [String: [String]] = [:]
    var positionals: [String] = []

    func flag(_ name: String) -> Bool { flags.contains(name) }
    func value(_ name: String) -> String? { values[name]?.last }
    func all(_ name: String) -> [String] { values[name] ?? [] }

    /// The value of `name` as an integer in `range`.
    func int(_ name: String, in range: ClosedRange<Int>) throws(UsageError) -> Int? {
        guard let text = value(name) else { return nil }
        guard let n = Int(text), range.contains(n) else {
            throw UsageError(message: "--\(name) expects an integer in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
        }
        return n
    }

    init() {}

    init(_ arguments: [String], spec: CommandSpec) throws(UsageError) {
        var i = 0
        var onlyPositionals = false
        while i < arguments.count {
            let arg = arguments[i]
            i += 1
            if onlyPositionals || !arg.hasPrefix("--") || arg == "-" {
                positionals.append(arg)
                continue
            }
            if arg == "--" { onlyPositionals = true; continue }
            var name = String(arg.dropFirst(2))
            var inline: String?
            if let eq = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            guard let option = spec.options.first(where: { $0.name == name }) else {
                throw UsageError(message: "unknown option '--\(name)' for '\(spec.name)'")
            }
            switch option.kind {
            case .flag:
                if inline != nil { throw UsageError(message: "--\(name) takes no value") }
                flags.insert(name)
            case .value(let valueName):
                if let inline { values[name, default: []].append(inline); continue }
                guard i < arguments.count else { throw UsageError(message: "--\(name) needs a <\(valueName)>") }
                values[name, default: []].append(arguments[i])
                i += 1
            case .values(let valueName):
                var taken = 0
                if let inline { values[name, default: []].append(inline); taken += 1 }
                while i < arguments.count, !arguments[i].hasPrefix("--") {
                    values[name, default: []].append(arguments[i])
                    i += 1
                    taken += 1
                }
                if taken == 0 { throw UsageError(message: "--\(name) needs at least one <\(valueName)>") }
            }
        }
    }
}

/// One `tenantmock` command.
protocol CLICommand {
    static var spec: CommandSpec { get }
    /// Runs with parsed arguments; returns the process exit code.
    static func run(_ arguments: ParsedArguments) -> Int32
}
