import Foundation
import TenantMock
import TenantMockServer
import XCTest

/// The dialects' OpenAPI documents over a real socket: valid for
/// `openapi-spec-validator`, and unbroken by `schemathesis` (both installed by `.ci/run`).
final class OpenAPITests: XCTestCase {
    /// The default sandbox served on 127.0.0.1, port chosen by the OS.
    private func withServer(_ body: (Emulator, String) throws -> Void) throws {
        let emulator = try Emulator.makeDefault()
        let server = HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0)) { emulator.handle($0) }
        let port = try server.start()
        defer { server.shutdown(); server.waitUntilStopped() }
        try body(emulator, "http://127.0.0.1:\(port)")
    }

    /// `python3 -c script arguments…`: exit status and output (standard error included).
    private func python(_ script: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        // Outside the worktree: schemathesis writes a `.schemathesis/` folder where it runs.
        process.currentDirectoryURL = FileManager.default.temporaryDirectory
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    private func requireModules(_ modules: String) throws {
        guard let result = try? python("import \(modules)", []), result.status == 0 else {
            throw XCTSkip("\(modules) not installed (.ci/run installs them with pip)")
        }
    }

    /// Fetches each URL and validates it; prints `valid <url>` per document, exits 1 with the validator's message.
    static let validateScript = #"""
    import json, sys, urllib.request
    from openapi_spec_validator import validate
    for url in sys.argv[1:]:
        document = json.load(urllib.request.urlopen(url, timeout=10))
        try:
            validate(document)
        except Exception as error:
            sys.exit(f"{url}: {error}")
        print("valid", url)
    """#

    func testDocumentsAreValidOpenAPI() throws {
        try requireModules("openapi_spec_validator")
        try withServer { _, base in
            let urls = ["\(base)/openapi.json?dialect=auth0", "\(base)/tenants/globex/openapi.json",
                        "\(base)/openapi.json?dialect=crux", "\(base)/tenants/crux/openapi.json"]
            let result = try python(Self.validateScript, urls)
            XCTAssertEqual(result.status, 0, result.output)
            XCTAssertEqual(result.output, urls.map { "valid \($0)\n" }.joined())
        }
    }

    /// schemathesis' CLI through the interpreter pip installed it for.
    static let schemathesisScript = "import sys; from schemathesis.cli import schemathesis; sys.argv[0] = 'schemathesis'; sys.exit(schemathesis())"

    private func fuzz(_ url: String, authorization: String) throws {
        let checks = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance"
        let result = try python(Self.schemathesisScript, [
            "run", url, "-H", "Authorization: \(authorization)", "--max-examples", "5", "--seed", "1",
            "--checks", checks, "--continue-on-failure", "--no-color", "--generation-database", "none",
        ])
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertTrue(result.output.contains(" passed"), result.output)
        XCTAssertFalse(result.output.contains("failures"), result.output)
    }

    func testSchemathesisFindsNothingInAuth0() throws {
        try requireModules("schemathesis")
        try withServer { emulator, base in
            let acme = emulator.tenants.tenant("acme")!
            let token = acme.credentials().first { $0.kind == "static_token" && $0.label == "acme-all-scopes" }!
                .fields.first { $0.name == "token" }!.value
            try fuzz("\(base)/openapi.json?dialect=auth0", authorization: "Bearer \(token)")
        }
    }

    func testSchemathesisFindsNothingInCrux() throws {
        try requireModules("schemathesis")
        try withServer { emulator, base in
            let crux = emulator.tenants.tenant("crux")!
            let token = crux.credentials().first { $0.kind == "api_token" }!.fields.first { $0.name == "authorization" }!.value
            try fuzz("\(base)/tenants/crux/openapi.json", authorization: token)
        }
    }
}
