import Foundation
import Synchronization
import TenantMock
import TenantMockServer
import XCTest

/// Real HTTP clients against the server: curl and Python's standard `http.client`.
final class ExternalClientTests: XCTestCase {
    /// Runs `executable` (searched on PATH) and returns its exit status and standard output.
    func run(_ executable: String, _ arguments: [String], stdin: Data? = nil) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        if let stdin {
            let input = Pipe()
            process.standardInput = input
            try process.run()
            input.fileHandleForWriting.write(stdin)
            try input.fileHandleForWriting.close()
        } else {
            try process.run()
        }
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let error = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: error, as: UTF8.self))
    }

    func available(_ executable: String) -> Bool {
        (try? run("sh", ["-c", "command -v \(executable)"]).status) == 0
    }

    func testCurlKeepAliveChunkedUploadAndEarly413() throws {
        guard available("curl") else {
            throw XCTSkip("curl is not installed (.ci/run installs it)")
        }
        let handled = Atomic<Int>(0)
        let running = try RunningServer(handler: { request in
            handled.wrappingAdd(1, ordering: .relaxed)
            return RunningServer.echo(request)
        })
        defer { running.stop() }
        let base = "http://127.0.0.1:\(running.port)"

        // Two URLs in one invocation: curl reuses the connection (no new connect for the second).
        let keepAlive = try run("curl", ["-sS", "--max-time", "20", "-w", "\n%{http_code} %{num_connects}\n", "\(base)/a?x=1", "\(base)/b"])
        XCTAssertEqual(keepAlive.status, 0, keepAlive.error)
        XCTAssertEqual(keepAlive.output, """
            {"method":"GET","path":"/a","query":"x=1","body":""}
            200 1
            {"method":"GET","path":"/b","query":"","body":""}
            200 0

            """)

        let chunked = try run("curl", ["-sS", "--max-time", "20", "-H", "Transfer-Encoding: chunked", "--data-binary", "@-", "\(base)/up"],
                              stdin: Data("streamed body".utf8))
        XCTAssertEqual(chunked.status, 0, chunked.error)
        XCTAssertEqual(chunked.output, #"{"method":"POST","path":"/up","query":"","body":"streamed body"}"#)

        // curl asks Expect: 100-continue for a 2 MB body: the 413 comes back without the upload.
        let before = handled.load(ordering: .relaxed)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tenantmock-2mb-\(getpid()).bin")
        try Data(count: 2 * 1024 * 1024).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let large = try run("curl", ["-sS", "--max-time", "20", "-o", "-", "-w", "\n%{http_code}", "--data-binary", "@\(file.path)", "\(base)/big"])
        XCTAssertEqual(large.status, 0, large.error)
        XCTAssertEqual(large.output, """
            {"error":"payload_too_large","message":"The request body of 2097152 bytes exceeds the limit of 1048576 bytes."}
            413
            """)
        XCTAssertEqual(handled.load(ordering: .relaxed), before, "the handler never sees a refused request")
    }

    func testPythonHTTPClient() throws {
        guard available("python3") else {
            throw XCTSkip("python3 is not installed")
        }
        let running = try RunningServer()
        defer { running.stop() }
        let script = """
            import http.client, json, sys
            c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=5)
            out = []
            c.request("GET", "/x?y=1"); r = c.getresponse(); out.append([r.status, r.read().decode()])
            first = c.sock
            c.request("POST", "/p", body=b"abc", headers={"Content-Type": "text/plain"})
            r = c.getresponse(); out.append([r.status, r.read().decode()])
            c.request("PUT", "/c", body=iter([b"ab", b"cd"]), encode_chunked=True)
            r = c.getresponse(); out.append([r.status, r.read().decode()])
            c.request("HEAD", "/h"); r = c.getresponse()
            out.append([r.status, r.getheader("Content-Length"), r.read().decode()])
            out.append(["same connection", c.sock is first])
            print(json.dumps(out))
            """
        let result = try run("python3", ["-c", script, "\(running.port)"])
        XCTAssertEqual(result.status, 0, result.error)
        let expected = #"""
            [[200, "{\"method\":\"GET\",\"path\":\"/x\",\"query\":\"y=1\",\"body\":\"\"}"], \#
            [200, "{\"method\":\"POST\",\"path\":\"/p\",\"query\":\"\",\"body\":\"abc\"}"], \#
            [200, "{\"method\":\"PUT\",\"path\":\"/c\",\"query\":\"\",\"body\":\"abcd\"}"], \#
            [200, "50", ""], ["same connection", true]]

            """#
        XCTAssertEqual(result.output, expected)
    }
}
