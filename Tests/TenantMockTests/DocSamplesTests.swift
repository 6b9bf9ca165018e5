import Foundation
import XCTest

/// Every shell and Swift sample in README.md and docs/*.md that can run offline runs here, so
/// the samples cannot rot.
///
/// - A fenced `sh` or `bash` block runs when each of its commands is `swift run tenantmock …`,
///   `tenantmock …`, `curl …` or a variable assignment. `tenantmock serve …` is started with
///   `--port 0` and must print its `listening on` line and stop cleanly on SIGTERM; the other
///   commands run in one `bash -e` script per block against a `serve` the test starts for that
///   block (`curl` with `--fail-with-body`: an answer of 400 or more fails; port 8080 in the sample becomes that server's port, `$TENANTMOCK_ADMIN_KEY` its admin
///   key), in a scratch folder holding copies of `Fixtures/` (also as `my-fixtures/` and `my/`,
///   the samples' "your own fixtures") and an empty `Sources/TenantMock/` (for `fixtures embed`).
/// - A fenced `swift` block is type-checked (`swiftc -typecheck`) against the built modules; one
///   identical to the code of `Tests/TenantMockTestingTests/ReadmeExampleTests.swift` (which
///   `ReadmeExampleIsVerbatimTests` keeps so) is compiled and run by that test target instead.
/// - A block that cannot run offline is marked, on the line just before its fence, with
///   `<!-- sample: skip (reason) -->`; an unmarked block that cannot run fails this test.
final class DocSamplesTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let buildFolder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()

    struct Sample {
        var file: String
        var line: Int
        var language: String
        var code: String
        var skip: String?
        var place: String { "\(file):\(line)" }
    }

    /// The fenced sh, bash and swift blocks of README.md and docs/*.md.
    static func samples() throws -> [Sample] {
        let docs = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs").path)
            .filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
        var out: [Sample] = []
        for file in ["README.md"] + docs {
            let lines = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var i = 0
            while i < lines.count {
                guard lines[i].hasPrefix("```") else { i += 1; continue }
                let language = String(lines[i].dropFirst(3)).trimmingCharacters(in: .whitespaces)
                var end = i + 1
                while end < lines.count && !lines[end].hasPrefix("```") { end += 1 }
                if ["sh", "bash", "swift"].contains(language) {
                    var skip: String?
                    if i > 0, let range = lines[i - 1].range(of: "<!-- sample: skip (") {
                        skip = String(lines[i - 1][range.upperBound...].prefix { $0 != ")" })
                    }
                    out.append(Sample(file: file, line: i + 1, language: language,
                                      code: lines[(i + 1)..<end].joined(separator: "\n") + "\n", skip: skip))
                }
                i = end + 1
            }
        }
        return out
    }

    /// The commands of a shell block: a newline outside quotes ends one (a quoted string may
    /// span lines; a `\\` before the newline continues it), `#` comments and blank lines dropped.
    static func commands(_ code: String) -> [String] {
        var out: [String] = []
        var current = ""
        var quote: Character?
        var inComment = false
        func finish() {
            let command = current.trimmingCharacters(in: .whitespaces)
            if !command.isEmpty { out.append(command) }
            current = ""
        }
        for c in code {
            if inComment {
                if c == "\n" { inComment = false; finish() }
                continue
            }
            if let q = quote {
                current.append(c)
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
                current.append(c)
            } else if c == "#" && (current.last?.isWhitespace ?? true) {
                inComment = true
            } else if c == "\n" {
                if current.hasSuffix("\\") { current.removeLast(); current.append(" ") } else { finish() }
            } else {
                current.append(c)
            }
        }
        finish()
        return out
    }

    /// Why a shell command cannot run here, or nil.
    static func unrunnable(_ command: String) -> String? {
        let assignment = command.range(of: #"^[A-Z_][A-Z0-9_]*="#, options: .regularExpression) != nil
        if assignment || command.hasPrefix("curl ") || command.hasPrefix("tenantmock ") || command.hasPrefix("swift run tenantmock ") {
            return nil
        }
        return "not tenantmock, curl or an assignment: \(command)"
    }

    func testEveryOfflineSampleRuns() throws {
        let started = Date()
        let samples = try Self.samples()
        XCTAssertGreaterThanOrEqual(samples.count, 8)
        let scratch = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        var ran: [String] = []
        var skipped: [String] = []
        for sample in samples {
            if let reason = sample.skip {
                skipped.append("\(sample.place) (\(reason))")
                continue
            }
            switch sample.language {
            case "swift": try checkSwift(sample, scratch: scratch)
            default: try runShell(sample, in: scratch)
            }
            ran.append("\(sample.place) \(sample.language)")
        }
        print("doc samples: \(ran.count) ran, \(skipped.count) skipped, in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        for place in ran { print("  ran     \(place)") }
        for place in skipped { print("  skipped \(place)") }
        XCTAssertGreaterThan(ran.count, skipped.count)
    }

    /// A Swift sample: the README test file's code, or type-checked against the built modules.
    func checkSwift(_ sample: Sample, scratch: URL) throws {
        let testFile = try String(contentsOf: Self.root.appendingPathComponent("Tests/TenantMockTestingTests/ReadmeExampleTests.swift"),
                                  encoding: .utf8)
        if let mark = testFile.range(of: "\n// MARK: - The README shows the code above, verbatim\n"),
           sample.code == String(testFile[..<mark.lowerBound]) {
            return   // compiled and run as ReadmeExampleTests.swift
        }
        let file = scratch.appendingPathComponent("sample-\(sample.line).swift")
        try Data(sample.code.utf8).write(to: file)
        let modules = Self.buildFolder.appendingPathComponent("Modules").path
        let epoll = Self.buildFolder.appendingPathComponent("CTenantMockEpoll.build/module.modulemap").path
        let result = try run("/usr/bin/env", ["swiftc", "-typecheck", "-swift-version", "6", "-I", modules,
                                               "-Xcc", "-fmodule-map-file=\(epoll)", file.path], in: scratch)
        XCTAssertEqual(result.status, 0, "\(sample.place) does not type-check:\n\(result.output)")
    }

    /// A shell sample: its `serve` commands started and stopped, the rest run against a sandbox.
    func runShell(_ sample: Sample, in scratch: URL) throws {
        let commands = Self.commands(sample.code)
        for command in commands {
            if let why = Self.unrunnable(command) {
                XCTFail("\(sample.place): \(why); mark the block <!-- sample: skip (reason) --> if it cannot run offline")
                return
            }
        }
        let binary = tenantMockBinary.path
        var script = ["set -e"]
        for command in commands {
            var line = command
            if line.hasPrefix("swift run tenantmock ") { line = "tenantmock " + line.dropFirst("swift run tenantmock ".count) }
            if line.hasPrefix("tenantmock serve") {
                var words = line.split(separator: " ").map(String.init).dropFirst(2).map { $0 }
                if let p = words.firstIndex(of: "--port"), p + 1 < words.count { words.removeSubrange(p...(p + 1)) }
                let server = try ServeProcess(words, directory: scratch)
                XCTAssertNotNil(server.port, "\(sample.place): \(command)\n\(server.stdout)\(server.stderr)")
                XCTAssertEqual(server.stop(), 0, "\(sample.place): \(command)\n\(server.stderr)")
                continue
            }
            if line.hasPrefix("tenantmock ") { line = "\"$TM\" " + line.dropFirst("tenantmock ".count) }
            // An answer of 400 or more fails the sample (samples show calls that succeed).
            if line.hasPrefix("curl ") { line = "curl --fail-with-body -sS " + line.dropFirst("curl ".count) }
            script.append(line)
        }
        guard script.count > 1 else { return }
        let key = "doc-samples-key"
        let server = try ServeProcess(["--admin-key", key], directory: scratch)
        defer { server.stop() }
        let port = try XCTUnwrap(server.port, server.stderr)
        let text = script.joined(separator: "\n")
            .replacingOccurrences(of: "127.0.0.1:8080", with: "127.0.0.1:\(port)")
            .replacingOccurrences(of: "localhost:8080", with: "localhost:\(port)")
        let result = try run("/bin/bash", ["-c", text], in: scratch,
                             environment: ["TM": binary, "TENANTMOCK_ADMIN_KEY": key])
        XCTAssertEqual(result.status, 0, "\(sample.place) failed:\n\(text)\n\(result.output)")
    }

    /// A scratch folder with `Fixtures/`, `my-fixtures/` and `my/` (copies of the repository's
    /// fixtures) and an empty `Sources/TenantMock/`.
    func makeScratchFolder() throws -> URL {
        let files = FileManager.default
        let folder = files.temporaryDirectory.appendingPathComponent("tm-samples-\(UUID().uuidString)")
        try files.createDirectory(at: folder.appendingPathComponent("Sources/TenantMock"), withIntermediateDirectories: true)
        for name in ["Fixtures", "my-fixtures", "my"] {
            try files.copyItem(at: Self.root.appendingPathComponent("Fixtures"), to: folder.appendingPathComponent(name))
        }
        return folder
    }

    /// Runs `executable` with `arguments` in `directory`; its status and merged output.
    func run(_ executable: String, _ arguments: [String], in directory: URL,
             environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
