import Foundation
import TenantMock
import TenantMockServer

/// The default sandbox (`Emulator.makeDefault()`, the embedded fixtures) served by
/// `HTTPServer` on 127.0.0.1, on a port the OS picks.
final class CruxLiveServer {
    let emulator: Emulator
    let server: HTTPServer
    let port: Int

    init() throws {
        let emulator = try Emulator.makeDefault()
        server = HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0)) { emulator.handle($0) }
        port = try server.start()
        self.emulator = emulator
    }

    /// `http://127.0.0.1:<port>`.
    var base: String { "http://127.0.0.1:\(port)" }

    func stop() {
        server.shutdown()
        server.waitUntilStopped()
    }
}
