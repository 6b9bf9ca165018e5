import XCTest
import TenantMockCore

final class JSONParserTests: XCTestCase {
    func testKeepsKeyOrderAndSerializesCompactly() throws {
        let value = try JSONParser().parse(#"{ "b": 1, "a": [true, null, "x"], "c": {"z": 1.5, "y": -2} }"#)
        XCTAssertEqual(value.objectValue?.keys, ["b", "a", "c"])
        XCTAssertEqual(JSONSerializer.string(value), #"{"b":1,"a":[true,null,"x"],"c":{"z":1.5,"y":-2}}"#)
    }

    func testBooleanIsNotANumber() throws {
        let parsed = try JSONParser().parse("[true, 1, false, 0]")
        XCTAssertEqual(parsed, [true, 1, false, 0])
        XCTAssertNotEqual(JSONValue.bool(true), JSONValue.int(1))
        XCTAssertNotEqual(JSONValue.bool(false), JSONValue.int(0))
        XCTAssertEqual(parsed.arrayValue?[0].typeName, "boolean")
        XCTAssertEqual(parsed.arrayValue?[1].typeName, "integer")
    }

    func testObjectEqualityIgnoresMemberOrder() throws {
        XCTAssertEqual(try JSONParser().parse(#"{"a":1,"b":2}"#), try JSONParser().parse(#"{"b":2,"a":1}"#))
        XCTAssertNotEqual(try JSONParser().parse(#"{"a":1,"b":2}"#), try JSONParser().parse(#"{"a":1}"#))
    }

    func testIntegersAndDoublesCompareNumerically() throws {
        XCTAssertEqual(try JSONParser().parse("1.0"), try JSONParser().parse("1"))
        XCTAssertEqual(try JSONParser().parse("9007199254740993"), .int(9_007_199_254_740_993))
        XCTAssertEqual(try JSONParser().parse("-0.5e2"), .number(.double(-50)))
    }

    func testStringEscapesAndSurrogatePairs() throws {
        let value = try JSONParser().parse(#""a\"b\\c\/d\n\u00e9\ud83d\ude00""#)
        XCTAssertEqual(value, .string("a\"b\\c/d\né😀"))
        XCTAssertEqual(JSONSerializer.string(.string("tab\there \"q\" \u{01}")), #""tab\there \"q\" \u0001""#)
        XCTAssertEqual(try JSONParser().parse(JSONSerializer.string(value)), value)
    }

    func testErrorsCarryLineColumnAndPath() {
        XCTAssertThrowsError(try JSONParser().parse("{\n  \"a\": [1, 2,]\n}")) { error in
            let e = error as! JSONParser.Error
            XCTAssertEqual(e.line, 2)
            XCTAssertEqual(e.column, 14)
            XCTAssertEqual(e.message, "trailing comma in an array")
            XCTAssertEqual(e.path.description, "$.a")
        }
        XCTAssertThrowsError(try JSONParser().parse(#"{"a":1,}"#)) { error in
            XCTAssertEqual((error as! JSONParser.Error).message, "trailing comma in an object")
        }
        XCTAssertThrowsError(try JSONParser().parse(#"{"a":1} x"#)) { error in
            XCTAssertEqual((error as! JSONParser.Error).message, "unexpected 'x' after the JSON value")
        }
    }

    func testDuplicateKeysRefusedOnlyInStrictMode() throws {
        XCTAssertEqual(try JSONParser().parse(#"{"a":1,"a":2}"#)["a"], .int(2))
        XCTAssertThrowsError(try JSONParser(options: .strict).parse(#"{"a":1,"a":2}"#)) { error in
            let e = error as! JSONParser.Error
            XCTAssertEqual(e.message, #"duplicate key "a""#)
            XCTAssertEqual(e.column, 8)
        }
    }

    func testRejectsWhatRFC8259Rejects() {
        for text in ["", "   ", "01", "1.", ".5", "+1", "tru", "nul", "[1 2]", "{'a':1}", "\"\u{01}\"", #""\x""#,
                     #""\ud800""#, "[", "{\"a\"", "NaN", "1e999"] {
            XCTAssertThrowsError(try JSONParser().parse(text), "accepted \(text.debugDescription)")
        }
    }

    func testNestingLimit() {
        let deep = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        XCTAssertThrowsError(try JSONParser().parse(deep)) { error in
            XCTAssertEqual((error as! JSONParser.Error).message, "nesting deeper than 256 levels")
        }
        XCTAssertNoThrow(try JSONParser().parse(String(repeating: "[", count: 200) + String(repeating: "]", count: 200)))
    }

    func testPrettyPrintingRoundTrips() throws {
        let value: JSONValue = ["a": [1, ["b": nil]], "c": [:], "d": []]
        let pretty = JSONSerializer.prettyString(value)
        XCTAssertEqual(pretty, "{\n  \"a\": [\n    1,\n    {\n      \"b\": null\n    }\n  ],\n  \"c\": {},\n  \"d\": []\n}")
        XCTAssertEqual(try JSONParser().parse(pretty), value)
    }

    func testJSONPathParsingAndLookup() throws {
        let value = try JSONParser().parse(#"{"access_token":"t","items":[{"id":"x"},{"id":"y"}],"odd key":1}"#)
        XCTAssertEqual(value[path: JSONPath(parsing: "$.access_token")!], "t")
        XCTAssertEqual(value[path: JSONPath(parsing: "$.items[1].id")!], "y")
        XCTAssertEqual(value[path: JSONPath(parsing: #"$["odd key"]"#)!], 1)
        XCTAssertNil(value[path: JSONPath(parsing: "$.items[5]")!])
        XCTAssertEqual(try JSONParser().parse(#"[{"id":"z"}]"#)[path: JSONPath(parsing: "$[0].id")!], "z")
        XCTAssertNil(JSONPath(parsing: "items"))
        XCTAssertNil(JSONPath(parsing: "$.a[x]"))
        XCTAssertEqual(JSONPath(parsing: #"$["odd key"][0].b"#)?.description, #"$["odd key"][0].b"#)
    }
}
