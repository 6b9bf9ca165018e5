import XCTest
import Foundation
@testable import TenantMock

final class DefaultFixturesTests: XCTestCase {
    /// The repository's `Fixtures/` folder, found from this source file.
    static var fixturesFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures")
    }

    func testEmbeddedFixturesAreIdenticalToTheFixturesFolder() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.fixturesFolder.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        XCTAssertEqual(DefaultFixtures.fileNames.sorted(), names,
                       "run `swift run tenantmock fixtures embed` after changing Fixtures/")
        for file in EmbeddedFixtures.files {
            let onDisk = try String(contentsOf: Self.fixturesFolder.appendingPathComponent(file.name), encoding: .utf8)
            XCTAssertEqual(file.text, onDisk, "\(file.name) differs from its embedded copy; run `swift run tenantmock fixtures embed`")
        }
    }

    func testEmbeddingSourceRoundTripsText() {
        let source = DefaultFixtures.embeddingSource([(name: "a.json", text: "{\"x\": \"\\\\n\"}\n")])
        XCTAssertTrue(source.contains("(name: \"a.json\", text: ##\"\"\"\n{\"x\": \"\\\\n\"}\n\n\"\"\"##),"), source)
    }

    func testDefaultEmulatorStartsEveryEmbeddedTenant() throws {
        let emulator = try Emulator.makeDefault()
        XCTAssertEqual(emulator.tenants.all.count, DefaultFixtures.documents.count)
        for fixture in emulator.fixtures.all {
            XCTAssertNotNil(emulator.tenants.tenant(fixture.tenantID), fixture.name)
        }
    }
}
