import Foundation
import TenantMock

/// `tenantmock fixtures validate`: checks fixture files without starting anything.
enum FixturesValidateCommand: CLICommand {
    static let spec = CommandSpec(
        name: "fixtures validate", summary: "Check fixture files; print file: $.path: reason for each refusal.",
        usage: "tenantmock fixtures validate [<path> ...]",
        discussion: "Paths are fixture files or folders of them (default: ./Fixtures when that folder exists, else the embedded default fixtures).\nPrints `ok   FILE: ...` or `FAIL FILE: $.path: reason` per fixture, then a count.\nExits 0 when every fixture loads, 1 otherwise.")

    /// The folder checked when no path is given, if it exists in the working directory.
    static let defaultFolder = "Fixtures"

    static func run(_ arguments: ParsedArguments) -> Int32 {
        let loader = FixtureLoader(dialects: .builtIn)
        var failures = 0
        var documents: [(file: String, load: () throws(FixtureError) -> any AnyFixture)] = []
        var paths = arguments.positionals
        var isDirectory: ObjCBool = false
        if paths.isEmpty, FileManager.default.fileExists(atPath: defaultFolder, isDirectory: &isDirectory), isDirectory.boolValue {
            print("checking ./\(defaultFolder) (no path given)")
            paths = [defaultFolder]
        } else if paths.isEmpty {
            print("checking the embedded default fixtures (no path given, no ./\(defaultFolder) folder here)")
        }
        if paths.isEmpty {
            for doc in DefaultFixtures.documents {
                documents.append((doc.file, { () throws(FixtureError) in try loader.load(bytes: doc.bytes, file: doc.file) }))
            }
        } else {
            do {
                for file in try FixtureLoader.files(in: paths) {
                    documents.append((file, { () throws(FixtureError) in try loader.load(file: file) }))
                }
            } catch {
                printError(error.description)
                return 1
            }
        }
        var loaded: [any AnyFixture] = []
        for doc in documents {
            do {
                let fixture = try doc.load()
                loaded.append(fixture)
                print("ok   \(doc.file): fixture \(fixture.name) (\(fixture.dialectName)), tenant \(fixture.tenantID)")
            } catch {
                failures += 1
                print("FAIL \(error.description)")
            }
        }
        do throws(FixtureError) {
            try Emulator.checkUniqueNames(loaded)
        } catch {
            failures += 1
            print("FAIL \(error.description)")
        }
        print("\(documents.count - failures) valid, \(failures) refused")
        return failures == 0 ? 0 : 1
    }
}

/// `tenantmock fixtures embed`: regenerates the embedded default fixtures from a folder.
enum FixturesEmbedCommand: CLICommand {
    static let spec = CommandSpec(
        name: "fixtures embed", summary: "Regenerate the embedded default fixtures from Fixtures/.",
        usage: "tenantmock fixtures embed [--from <folder>] [--output <file>]",
        options: [
            .init(name: "from", kind: .value("folder"), help: "Fixture folder (default: Fixtures)."),
            .init(name: "output", kind: .value("file"),
                  help: "Swift file to write (default: Sources/TenantMock/EmbeddedFixtures.swift)."),
        ],
        discussion: "Run from the repository root after changing a file in Fixtures/. Every file is validated first.")

    static func run(_ arguments: ParsedArguments) -> Int32 {
        let folder = arguments.value("from") ?? "Fixtures"
        let output = arguments.value("output") ?? "Sources/TenantMock/EmbeddedFixtures.swift"
        if let problem = missingPlaces(folder: folder, from: arguments.value("from") != nil,
                                       output: output, to: arguments.value("output") != nil) {
            printError(problem)
            return 1
        }
        let loader = FixtureLoader(dialects: .builtIn)
        var files: [(name: String, text: String)] = []
        do {
            var loaded: [any AnyFixture] = []
            for path in try FixtureLoader.files(in: [folder]) {
                loaded.append(try loader.load(file: path))
                let text = try String(contentsOfFile: path, encoding: .utf8)
                files.append((name: (path as NSString).lastPathComponent, text: text))
            }
            try Emulator.checkUniqueNames(loaded)
        } catch let error as FixtureError {
            printError(error.description)
            return 1
        } catch {
            printError("error: \(error)")
            return 1
        }
        do {
            try DefaultFixtures.embeddingSource(files).write(toFile: output, atomically: true, encoding: .utf8)
        } catch {
            printError("error: cannot write \(output): \(error)")
            return 1
        }
        print("embedded \(files.count) fixture(s) into \(output)")
        return 0
    }

    /// What is missing, said plainly, when `embed` runs where it cannot work (outside the
    /// repository root, most often): the fixture folder, or the folder of the Swift file.
    static func missingPlaces(folder: String, from: Bool, output: String, to: Bool) -> String? {
        let files = FileManager.default
        let cwd = files.currentDirectoryPath
        var isDirectory: ObjCBool = false
        if !files.fileExists(atPath: folder, isDirectory: &isDirectory) || !isDirectory.boolValue {
            return from
                ? "error: --from \(folder): no such folder (a folder of fixture .json files)"
                : "error: no folder Fixtures/ in \(cwd): `tenantmock fixtures embed` runs from the root of the TenantMock "
                    + "repository, where it reads Fixtures/*.json and writes Sources/TenantMock/EmbeddedFixtures.swift "
                    + "(--from <folder> and --output <file> name others)"
        }
        let outputFolder = (output as NSString).deletingLastPathComponent
        if !outputFolder.isEmpty && (!files.fileExists(atPath: outputFolder, isDirectory: &isDirectory) || !isDirectory.boolValue) {
            return to
                ? "error: --output \(output): no folder \(outputFolder) to write it in"
                : "error: no folder Sources/TenantMock/ in \(cwd) to write EmbeddedFixtures.swift in: `tenantmock fixtures embed` "
                    + "runs from the root of the TenantMock repository (--output <file> names another file)"
        }
        return nil
    }
}
