import Foundation
import TenantMock

/// The result of one `curl -s -i` run: exit status, response status, headers, body.
struct CurlResult {
    var exitStatus: Int32
    var status: Int
    var headers: HTTPHeaders
    var body: String

    /// Runs the real `curl` binary with `-s -i` (silent; print the response head) and `arguments`.
    static func run(_ arguments: [String]) throws -> CurlResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["curl", "-s", "-i", "--max-time", "10"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Read before waiting: a full pipe would block curl.
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let (head, body) = output.range(of: "\r\n\r\n").map { (String(output[..<$0.lowerBound]), String(output[$0.upperBound...])) }
            ?? (output, "")
        let lines = head.components(separatedBy: "\r\n")
        var headers = HTTPHeaders()
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.add(name: String(line[..<colon]), value: String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
        }
        let status = lines.first.flatMap { line in line.split(separator: " ").dropFirst().first.flatMap { Int($0) } } ?? 0
        return CurlResult(exitStatus: process.terminationStatus, status: status, headers: headers, body: body)
    }

    /// Whether `curl` is on PATH.
    static var isInstalled: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/curl")
            || (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
                .contains { FileManager.default.isExecutableFile(atPath: "\($0)/curl") }
    }
}
