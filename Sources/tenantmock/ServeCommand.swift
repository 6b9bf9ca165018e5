import Foundation
import TenantMock
import TenantMockServer
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// `tenantmock serve`: the sandbox HTTP server over the emulator's tenants.
enum ServeCommand: CLICommand {
    static let spec = CommandSpec(
        name: "serve", summary: "Start the sandbox HTTP server on the default fixtures.",
        usage: "tenantmock serve [--host <host>] [--port <port>] [--fixtures <path> ...] [--add-fixtures <path> ...] [--admin-key <key>] "
            + "[--journal-capacity <n>] [--journal-body-bytes <n>] [--journal-bytes <n>] [--journal-total-bytes <n>] [--log] [--max-body-bytes <n>] [--event-loops <n>] [--accept <strategy>] [--placement <policy>] [--loop-slice-us <n>]",
        options: [
            .init(name: "host", kind: .value("host"), help: "Address to bind (default 127.0.0.1)."),
            .init(name: "port", kind: .value("port"), help: "Port to bind; 0 picks a free one (default 8080)."),
            .init(name: "fixtures", kind: .values("path"),
                  help: "Fixture files or folders, replacing the embedded defaults."),
            .init(name: "add-fixtures", kind: .values("path"),
                  help: "Fixture files or folders added to the defaults (or to --fixtures); on a name or tenant id clash the added one wins."),
            .init(name: "admin-key", kind: .value("key"),
                  help: "Key of the admin API (/__admin/); else TENANTMOCK_ADMIN_KEY, else a random one, printed."),
            .init(name: "journal-capacity", kind: .value("n"),
                  help: "Requests kept in each tenant's journal; older ones are dropped (default 1000)."),
            .init(name: "journal-body-bytes", kind: .value("n"),
                  help: "Bytes of each request and response body a journal entry keeps; the rest is dropped and noted (default 65536)."),
            .init(name: "journal-bytes", kind: .value("n"),
                  help: "Bytes each journal holds; its oldest entries are dropped beyond it (default 16777216)."),
            .init(name: "journal-total-bytes", kind: .value("n"),
                  help: "Bytes all journals hold together; the oldest entries are dropped beyond it (default 268435456)."),
            .init(name: "log", kind: .flag, help: "Log one line per request on stderr."),
            .init(name: "max-body-bytes", kind: .value("n"), help: "Largest request body (default 1048576)."),
            .init(name: "event-loops", kind: .value("n"), help: "Event loop threads (default: one per core)."),
            .init(name: "accept", kind: .value("strategy"),
                  help: "reuseport (a listener per loop, default) or shared (one listener)."),
            .init(name: "placement", kind: .value("policy"),
                  help: "incoming-cpu (default: a client core's connections share a loop) or round-robin."),
            .init(name: "loop-slice-us", kind: .value("n"),
                  help: "Time slice each loop asks the scheduler for, in µs (default 100; 0: the system's)."),
        ],
        discussion: """
            Prints `listening on http://HOST:PORT` first, then the admin key with a ready curl line,
            the tenants, how to address them, and their credentials. SIGINT or SIGTERM stops
            gracefully: no new connections, requests in flight are answered, then exit 0.
            """)

    static func run(_ arguments: ParsedArguments) -> Int32 {
        var configuration = HTTPServerConfiguration()
        var emulatorConfiguration = Emulator.Configuration()
        do {
            configuration.host = arguments.value("host") ?? "127.0.0.1"
            configuration.port = try arguments.int("port", in: 0...65535) ?? 8080
            configuration.maxBodyBytes = try arguments.int("max-body-bytes", in: 0...(1 << 40)) ?? configuration.maxBodyBytes
            configuration.eventLoopCount = try arguments.int("event-loops", in: 1...256) ?? configuration.eventLoopCount
            switch arguments.value("accept") {
            case nil, "reuseport": configuration.acceptStrategy = .reusePort
            case "shared": configuration.acceptStrategy = .sharedListener
            case let other?: throw UsageError(message: "--accept expects reuseport or shared, got '\(other)'")
            }
            switch arguments.value("placement") {
            case nil, "incoming-cpu": configuration.connectionPlacement = .incomingCPU
            case "round-robin": configuration.connectionPlacement = .roundRobin
            case let other?: throw UsageError(message: "--placement expects round-robin or incoming-cpu, got '\(other)'")
            }
            if let slice = try arguments.int("loop-slice-us", in: 0...100_000) {
                configuration.loopTimeSlice = slice == 0 ? nil : .microseconds(slice)
            }
            let key = arguments.value("admin-key") ?? ProcessInfo.processInfo.environment["TENANTMOCK_ADMIN_KEY"]
            if let key {
                // The key travels in an Authorization header: no spaces or control characters.
                guard !key.isEmpty, key.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else {
                    throw UsageError(message: "the admin key must be printable ASCII without spaces")
                }
                emulatorConfiguration.adminKey = key
            }
            emulatorConfiguration.journalCapacity = try arguments.int("journal-capacity", in: 0...10_000_000)
                ?? emulatorConfiguration.journalCapacity
            emulatorConfiguration.journalBodyBytes = try arguments.int("journal-body-bytes", in: 0...(1 << 30))
                ?? emulatorConfiguration.journalBodyBytes
            emulatorConfiguration.journalBytes = try arguments.int("journal-bytes", in: 0...(1 << 40))
                ?? emulatorConfiguration.journalBytes
            emulatorConfiguration.journalTotalBytes = try arguments.int("journal-total-bytes", in: 0...(1 << 40))
                ?? emulatorConfiguration.journalTotalBytes
        } catch {
            printError("error: \(error)\n\nUSAGE: \(spec.usage)")
            return 64
        }

        // Before any thread starts, so that every thread inherits the blocked signals.
        let stop = ShutdownRequest()
        _ = TerminationSignals { _ in stop.fire() }

        let emulator: Emulator
        do {
            let paths = arguments.all("fixtures")
            emulator = try makeEmulator(fixturePaths: paths.isEmpty ? nil : paths, adding: arguments.all("add-fixtures"),
                                        configuration: emulatorConfiguration)
        } catch {
            printError(error.description)
            return 1
        }

        raiseDescriptorLimit()
        let handler: @Sendable (HTTPRequest) -> HTTPResponse
        if arguments.flag("log") {
            handler = loggingHandler(emulator)
        } else {
            handler = { request in emulator.handle(request) }
        }
        let server = HTTPServer(configuration: configuration, handler: handler)
        let port: Int
        do {
            port = try server.start()
        } catch {
            printError("error: cannot listen on \(configuration.host):\(configuration.port): \(error)")
            return 1
        }

        let hostText = configuration.host.contains(":") && !configuration.host.hasPrefix("[")
            ? "[\(configuration.host)]" : configuration.host
        writeOut("listening on http://\(hostText):\(port)\n")
        writeOut(adminLines(emulator, host: hostText, port: port))
        writeOut(banner(emulator, host: hostText, port: port))

        stop.setAction { server.shutdown() }
        server.waitUntilStopped()
        return 0
    }

    /// The built-in dialects on the embedded default fixtures, or on `fixturePaths`, with the
    /// fixtures `added` over them (an added fixture replaces one of the same name or tenant id,
    /// noted on stderr), with `configuration` (admin key, journal capacity) and the fixtures'
    /// tenants started.
    static func makeEmulator(fixturePaths: [String]?, adding added: [String] = [],
                             configuration: Emulator.Configuration) throws(FixtureError) -> Emulator {
        let emulator = Emulator(dialects: .builtIn, configuration: configuration)
        if !added.isEmpty {
            let base = try DefaultFixtures.documents(fixturePaths: fixturePaths)
            for replaced in try emulator.loadFixtures(documents: base, adding: added).replaced {
                printError("note: \(replaced.by) replaces the fixture \(replaced.fixture) (--add-fixtures wins a clash)")
            }
        } else if let fixturePaths {
            try emulator.loadFixtures(paths: fixturePaths)
        } else {
            try emulator.loadFixtures(documents: DefaultFixtures.documents)
        }
        emulator.startFixtureTenants()
        return emulator
    }

    /// The admin key and a command that uses it, printed right after the listening line.
    static func adminLines(_ emulator: Emulator, host: String, port: Int) -> String {
        let key = emulator.configuration.adminKey
        return "admin key: \(key)\n"
            + "  e.g. curl -H 'Authorization: Bearer \(key)' http://\(host):\(port)/__admin/tenants\n\n"
    }

    /// Raises the soft limit on open descriptors to the hard limit, so the server's
    /// connection limit, not `EMFILE`, decides when load is shed.
    static func raiseDescriptorLimit() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }

    /// Wraps the emulator so each request logs `tenant method target status µs` on stderr
    /// (`admin` for the admin API, `-` when no tenant answered). The request still goes
    /// through `Emulator.handle`, so it is journaled and faults apply.
    static func loggingHandler(_ emulator: Emulator) -> @Sendable (HTTPRequest) -> HTTPResponse {
        { request in
            var start = timespec()
            clock_gettime(CLOCK_MONOTONIC, &start)
            let response = emulator.handle(request)
            let tenant: String
            if request.path == "/__admin" || request.path.hasPrefix("/__admin/") {
                tenant = "admin"
            } else if case .tenant(let t, _) = emulator.resolve(request) {
                tenant = t.id
            } else {
                tenant = "-"
            }
            var end = timespec()
            clock_gettime(CLOCK_MONOTONIC, &end)
            let micros = (Int(end.tv_sec) - Int(start.tv_sec)) * 1_000_000 + (Int(end.tv_nsec) - Int(start.tv_nsec)) / 1000
            printError("\(tenant) \(request.method) \(request.target) \(response.status) \(micros)us")
            return response
        }
    }

    /// What a developer needs after start-up: tenants, addressing, credentials.
    static func banner(_ emulator: Emulator, host: String, port: Int) -> String {
        let tenants = emulator.tenants.all
        var lines: [String] = []
        if tenants.isEmpty {
            lines.append("no tenants (the fixtures define none)")
        } else {
            lines.append("tenants:")
            for tenant in tenants {
                let isDefault = emulator.tenants.defaultTenantID(of: tenant.dialectName) == tenant.id
                lines.append("  \(tenant.id.padding(toLength: max(tenant.id.count, 16), withPad: " ", startingAt: 0)) "
                             + "\(tenant.dialectName.padding(toLength: 6, withPad: " ", startingAt: 0)) "
                             + "\(isDefault ? "default" : "-      ") fixture \(tenant.fixtureName)")
            }
        }
        let example = tenants.first?.id ?? "TENANT"
        lines += [
            "",
            "address a tenant by:",
            "  host:        Host: {tenant}.localhost:\(port)   e.g. curl -H 'Host: \(example).localhost:\(port)' http://\(host):\(port)/...",
            "  path prefix: /tenants/{tenant}/...         e.g. http://\(host):\(port)/tenants/\(example)/...",
        ]
        for entry in emulator.dialects.entries {
            if let id = emulator.tenants.defaultTenantID(of: entry.name) {
                lines.append("  neither:     the default \(entry.name) tenant, \(id), answers \(entry.name) paths")
            }
        }
        var credentialLines: [String] = []
        for tenant in tenants {
            for credential in tenant.credentials() {
                credentialLines.append("  \(tenant.id) (\(tenant.dialectName)) \(credential.kind) \"\(credential.label)\"")
                for field in credential.fields { credentialLines.append("    \(field.name): \(field.value)") }
            }
        }
        if !credentialLines.isEmpty { lines += ["", "credentials:"] + credentialLines }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes to stdout unbuffered, so a reading process sees each line at once. A reader
    /// that went away (`tenantmock serve | head -1`) loses the rest; the server keeps serving.
    static func writeOut(_ text: String) {
        try? FileHandle.standardOutput.write(contentsOf: Data(text.utf8))
    }
}
