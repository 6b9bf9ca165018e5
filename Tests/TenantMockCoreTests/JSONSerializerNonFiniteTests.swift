import XCTest
import TenantMockCore

/// JSON has no infinity and no NaN: the serializer writes them `null`, so no answer, file or
/// report the sandbox writes can hold `inf` or `nan`, which no JSON parser reads.
final class JSONSerializerNonFiniteTests: XCTestCase {
    func testNonFiniteNumbersAreWrittenNull() throws {
        let value: JSONValue = ["up": .number(.double(.infinity)), "down": .number(.double(-.infinity)),
                                "nan": .number(.double(.nan)), "list": [1, .number(.double(.infinity)), 2.5]]
        let compact = JSONSerializer.string(value)
        XCTAssertEqual(compact, #"{"up":null,"down":null,"nan":null,"list":[1,null,2.5]}"#)
        XCTAssertEqual(try JSONParser(options: .strict).parse(Array(compact.utf8)),
                       ["up": nil, "down": nil, "nan": nil, "list": [1, nil, 2.5]])
        let pretty = JSONSerializer.prettyString(value)
        XCTAssertFalse(pretty.contains("inf") || pretty.contains("nan\n") || pretty.contains(": nan"), pretty)
        XCTAssertNotNil(try? JSONParser(options: .strict).parse(Array(pretty.utf8)))
    }

    func testFiniteExtremesAreStillNumbers() {
        XCTAssertEqual(JSONSerializer.string(.number(.double(1e308))), "1e+308")
        XCTAssertEqual(JSONSerializer.string(.number(.double(-0.001))), "-0.001")
        XCTAssertEqual(JSONSerializer.string(.number(.double(.greatestFiniteMagnitude))), "1.7976931348623157e+308")
    }
}
