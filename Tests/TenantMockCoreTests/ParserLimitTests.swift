import TenantMockCore
import XCTest

/// The bounds of the engine's parsers: JSON nesting, objects with many keys, and how
/// many parts of a form or query are read.
final class ParserLimitTests: XCTestCase {
    private func nested(_ depth: Int) -> String {
        String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    }

    /// 256 levels parse; the 257th is refused where it opens, with its path.
    func testNestingBoundaryIs256Levels() throws {
        XCTAssertEqual(JSONParser.Options.defaultMaxDepth, 256)
        XCTAssertNoThrow(try JSONParser().parse(nested(256)))
        XCTAssertThrowsError(try JSONParser().parse(nested(257))) { error in
            let e = error as! JSONParser.Error
            XCTAssertEqual(e.message, "nesting deeper than 256 levels")
            XCTAssertEqual(e.offset, 256)
        }
        // Objects count as levels too, and the refusal comes before the rest is read.
        let objects = String(repeating: #"{"a":"#, count: 257) + "1" + String(repeating: "}", count: 257)
        XCTAssertThrowsError(try JSONParser().parse(objects))
        XCTAssertThrowsError(try JSONParser().parse(String(repeating: "[", count: 100_000)))
    }

    /// Past the builder's scan limit, keys are found through its index: a repeated key
    /// still takes the last value in the first one's place, and strict parsing still
    /// refuses it, at the repeated key.
    func testRepeatedKeysPastTheScanLimit() throws {
        let keys = (0..<20).map { "k\($0)" }
        let text = "{" + keys.map { "\"\($0)\":1" }.joined(separator: ",") + #","k3":"last","k19":"end","new":2}"#
        let object = try XCTUnwrap(try JSONParser().parse(text).objectValue)
        XCTAssertEqual(object.keys, keys + ["new"])
        XCTAssertEqual(object["k3"], "last")
        XCTAssertEqual(object["k19"], "end")
        XCTAssertEqual(object["k0"], 1)
        XCTAssertThrowsError(try JSONParser(options: .strict).parse(text)) { error in
            let e = error as! JSONParser.Error
            XCTAssertEqual(e.message, #"duplicate key "k3""#)
            XCTAssertEqual(e.offset, text.utf8.count - #""k3":"last","k19":"end","new":2}"#.utf8.count)
        }
        // Distinct keys past the limit are all kept, in order.
        let many = (0..<1000).map { "m\($0)" }
        let parsed = try JSONParser(options: .strict).parse("{" + many.map { "\"\($0)\":0" }.joined(separator: ",") + "}")
        XCTAssertEqual(parsed.objectValue?.keys, many)
    }

    /// `maxParts` reads the first parts only, empty ones counted, and ignores the rest.
    func testFormDecodingStopsAfterMaxParts() {
        let text = "a=1&&b=2&c=3&d=4"
        XCTAssertEqual(FormURLEncoding.decode(text).map(\.name), ["a", "b", "c", "d"])
        XCTAssertEqual(FormURLEncoding.decode(text, maxParts: 3).map(\.name), ["a", "b"])
        XCTAssertEqual(FormURLEncoding.decode(text, maxParts: 4).map(\.name), ["a", "b", "c"])
        XCTAssertEqual(FormURLEncoding.decode(text, maxParts: 5).map(\.name), ["a", "b", "c", "d"])
        XCTAssertEqual(FormURLEncoding.decode(text, maxParts: 0).count, 0)
        let thousand = (0..<1500).map { "f\($0)=\($0)" }.joined(separator: "&")
        let read = FormURLEncoding.decode(thousand, maxParts: 1000)
        XCTAssertEqual(read.count, 1000)
        XCTAssertEqual(read.last?.name, "f999")
        XCTAssertEqual(read.last?.value, "999")
    }
}
