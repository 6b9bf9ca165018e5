import XCTest
import TenantMockCore

final class FixtureLoaderTests: XCTestCase {
    var loader: FixtureLoader {
        var registry = DialectRegistry()
        registry.register(NotesDialect())
        return FixtureLoader(dialects: registry)
    }

    func refusal(_ text: String, file: String = "f.json") -> FixtureError? {
        do {
            _ = try loader.load(bytes: Array(text.utf8), file: file)
            return nil
        } catch {
            return error
        }
    }

    func testValidFixtureLoads() throws {
        let fixture = try loader.load(bytes: notesFixture(name: "n1", tenant: "t1", isDefault: true), file: "n1.json")
        XCTAssertEqual(fixture.name, "n1")
        XCTAssertEqual(fixture.tenantID, "t1")
        XCTAssertTrue(fixture.isDefault)
        XCTAssertEqual(fixture.dialectName, "notes")
        XCTAssertEqual(fixture.file, "n1.json")
    }

    func testBadJSONNamesFileLineAndColumn() {
        let e = refusal("{\n  \"fixture\": \"x\",\n  \"dialect\": \"notes\" \"data\": {}\n}")
        XCTAssertEqual(e?.file, "f.json")
        XCTAssertEqual(e?.reason, "invalid JSON at line 3, column 22: unexpected '\"', expected ',' or '}'")
        XCTAssertEqual(e?.path.description, "$")
    }

    func testWrongTypeNamesThePath() {
        let e = refusal(#"{"fixture":"x","dialect":"notes","data":{"roles":[{"id":"r1"}],"users":[{"id":"u","roles":"r1"}]}}"#)
        XCTAssertEqual(e?.description, "f.json: $.data.users[0].roles: expected an array, found string")
        let header = refusal(#"{"fixture":"x","dialect":"notes","default":"yes","data":{}}"#)
        XCTAssertEqual(header?.description, "f.json: $.default: expected a boolean, found string")
    }

    func testDanglingReferenceIsRefused() {
        let e = refusal(#"{"fixture":"x","dialect":"notes","data":{"roles":[{"id":"r1"}],"users":[{"id":"u","roles":["r1","r9"]}]}}"#)
        XCTAssertEqual(e?.description, #"f.json: $.data.users[0].roles[1]: unknown role "r9""#)
    }

    func testDuplicateIdIsRefused() {
        let e = refusal(#"{"fixture":"x","dialect":"notes","data":{"roles":[{"id":"r1"},{"id":"r1"}],"users":[]}}"#)
        XCTAssertEqual(e?.description, #"f.json: $.data.roles[1].id: duplicate role id "r1""#)
        let key = refusal(#"{"fixture":"x","dialect":"notes","fixture":"y","data":{}}"#)
        XCTAssertEqual(key?.reason, #"invalid JSON at line 1, column 34: duplicate key "fixture""#)
    }

    func testHeaderProblems() {
        XCTAssertEqual(refusal(#"{"dialect":"notes","data":{}}"#)?.description, #"f.json: $: missing required key "fixture""#)
        XCTAssertEqual(refusal(#"{"fixture":"x","dialect":"zendesk","data":{}}"#)?.description,
                       #"f.json: $.dialect: unknown dialect "zendesk"; known: notes"#)
        XCTAssertEqual(refusal(#"{"fixture":"x","dialect":"notes","dat":{}}"#)?.path.description, "$.dat")
        XCTAssertEqual(refusal(#"{"fixture":"Has Space","dialect":"notes","data":{}}"#)?.path.description, "$.fixture")
        XCTAssertEqual(refusal(#"{"fixture":"x","dialect":"notes","rate_limit":{"limit":0,"window_seconds":1},"data":{}}"#)?
            .description, "f.json: $.rate_limit.limit: expected an integer in 1...1000000000, found 0")
        XCTAssertEqual(refusal("[]")?.description, "f.json: $: expected an object, found array")
    }

    func testAFolderWithOneBadFileLoadsNothing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tm-fixtures-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(notesFixture(name: "good", tenant: "good")).write(to: folder.appendingPathComponent("a.json"))
        try Data(#"{"fixture":"bad","dialect":"notes","data":{"roles":[],"users":[{"id":"u","roles":["nope"]}]}}"#.utf8)
            .write(to: folder.appendingPathComponent("b.json"))
        try Data("not json".utf8).write(to: folder.appendingPathComponent("notes.txt"))

        var registry = DialectRegistry()
        registry.register(NotesDialect())
        let emulator = Emulator(dialects: registry)
        XCTAssertThrowsError(try emulator.loadFixtures(paths: [folder.path])) { error in
            let e = error as! FixtureError
            XCTAssertEqual(e.file, folder.appendingPathComponent("b.json").path)
            XCTAssertEqual(e.path.description, "$.data.users[0].roles[0]")
        }
        XCTAssertTrue(emulator.fixtures.all.isEmpty, "nothing is half-loaded")

        try FileManager.default.removeItem(at: folder.appendingPathComponent("b.json"))
        try Data(notesFixture(name: "good", tenant: "other")).write(to: folder.appendingPathComponent("c.json"))
        XCTAssertThrowsError(try emulator.loadFixtures(paths: [folder.path])) { error in
            XCTAssertEqual((error as! FixtureError).reason, "duplicate fixture name \"good\" (also in \(folder.appendingPathComponent("a.json").path))")
        }
        XCTAssertTrue(emulator.fixtures.all.isEmpty)
    }

    func testMissingPathIsReported() {
        XCTAssertThrowsError(try FixtureLoader.files(in: ["/nonexistent/fixtures"])) { error in
            XCTAssertEqual((error as! FixtureError).description, "/nonexistent/fixtures: $: no such file or folder")
        }
    }
}
