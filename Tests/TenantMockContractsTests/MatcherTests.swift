import TenantMock
import TenantMockContracts
import XCTest

final class MatcherTests: XCTestCase {
    func matcher(_ text: String) throws -> Matcher {
        try Matcher(parsing: JSONParser(options: .strict).parse(text), context: FixtureContext(file: "t", path: JSONPath()))
    }

    func json(_ text: String) throws -> JSONValue { try JSONParser().parse(text) }

    func testExactObjectsIgnoreMemberOrder() throws {
        let m = try matcher(#"{"a": 1, "b": [true, null, "x"]}"#)
        XCTAssertEqual(m.mismatches(try json(#"{"b": [true, null, "x"], "a": 1}"#)), [])
    }

    func testBooleanIsNotNumber() throws {
        XCTAssertEqual(try matcher("true").mismatches(.int(1)),
                       [Mismatch(location: "$", expected: "true", actual: "1")])
        XCTAssertEqual(try matcher(#"{"ok": 1}"#).mismatches(try json(#"{"ok": true}"#)),
                       [Mismatch(location: "$.ok", expected: "1", actual: "true")])
        XCTAssertEqual(try matcher(#"{"$any": "boolean"}"#).mismatches(.int(0)),
                       [Mismatch(location: "$", expected: "<any boolean>", actual: "0")])
        XCTAssertEqual(try matcher(#"{"$any": "number"}"#).mismatches(.bool(false)),
                       [Mismatch(location: "$", expected: "<any number>", actual: "false")])
    }

    func testDifferencesNameTheirPath() throws {
        let m = try matcher(#"{"statusCode": 403, "message": "Insufficient scope", "roles": [{"id": "a"}, {"id": "b"}]}"#)
        let actual = try json(#"{"statusCode": 403, "message": "Nope", "roles": [{"id": "a"}, {"id": "c"}], "extra": 1}"#)
        XCTAssertEqual(m.mismatches(actual), [
            Mismatch(location: "$.message", expected: #""Insufficient scope""#, actual: #""Nope""#),
            Mismatch(location: "$.roles[1].id", expected: #""b""#, actual: #""c""#),
            Mismatch(location: "$.extra", expected: "no such member", actual: "1"),
        ])
        XCTAssertEqual(try matcher(#"{"errorCode": "x"}"#).mismatches(try json("{}")),
                       [Mismatch(location: "$.errorCode", expected: #""x""#, actual: "no such member")])
        XCTAssertEqual(try matcher("[1, 2]").mismatches(try json("[1, 2, 3]")),
                       [Mismatch(location: "$", expected: "2 item(s)", actual: "3 item(s): [1,2,3]")])
    }

    func testAnyOfAType() throws {
        let integer = try matcher(#"{"$any": "integer"}"#)
        XCTAssertTrue(integer.matches(.int(86400)))
        XCTAssertFalse(integer.matches(.number(.double(1.5))))
        XCTAssertFalse(integer.matches(.string("1")))
        let anything = try matcher(#"{"$any": "any"}"#)
        XCTAssertTrue(anything.matches(.null))
        XCTAssertTrue(try matcher(#"{"$any": "array"}"#).matches([]))
        XCTAssertFalse(try matcher(#"{"$any": "object"}"#).matches([]))
        XCTAssertTrue(try matcher(#"{"$any": "null"}"#).matches(.null))
        XCTAssertTrue(try matcher(#"{"$any": "string"}"#).matches(""))
    }

    func testRegexSearchesStrings() throws {
        let m = try matcher(#"{"$regex": "^JSON parse error - "}"#)
        XCTAssertTrue(m.matches("JSON parse error - Expecting value: line 1 column 1 (char 0)"))
        XCTAssertEqual(m.mismatches("Invalid"), [Mismatch(location: "$", expected: "<string matching /^JSON parse error - />",
                                                         actual: #""Invalid""#)])
        XCTAssertFalse(m.matches(.int(1)))
        XCTAssertTrue(try matcher(#"{"$regex": "[0-9a-f]{40}"}"#).matches("token 0123456789abcdef0123456789abcdef01234567"))
    }

    func testContainsIgnoresOrderAndOtherItems() throws {
        let m = try matcher(#"{"$contains": [{"id": "b"}, {"id": "a"}]}"#)
        XCTAssertTrue(m.matches(try json(#"[{"id": "a"}, {"id": "c"}, {"id": "b"}]"#)))
        XCTAssertEqual(m.mismatches(try json(#"[{"id": "a"}, {"id": "c"}]"#)),
                       [Mismatch(location: "$", expected: #"an item matching {"id":"b"}"#,
                                 actual: #"none in [{"id":"a"},{"id":"c"}]"#)])
        // Each expected item needs an item of its own.
        XCTAssertFalse(try matcher(#"{"$contains": ["x", "x"]}"#).matches(["x", "y"]))
        // A loose matcher does not take the only item a strict one fits.
        let loose = try matcher(#"{"$contains": [{"$any": "string"}, "a"]}"#)
        XCTAssertTrue(loose.matches(["a", "b"]))
        XCTAssertTrue(loose.matches(["b", "a"]))
    }

    func testUnorderedNeedsTheSameItems() throws {
        let m = try matcher(#"{"$unordered": ["read:users", "update:users"]}"#)
        XCTAssertTrue(m.matches(["update:users", "read:users"]))
        XCTAssertEqual(m.mismatches(["update:users", "read:users", "read:roles"]),
                       [Mismatch(location: "$[2]", expected: "no such item", actual: #""read:roles""#)])
        XCTAssertFalse(m.matches(["update:users"]))
    }

    func testPartialAllowsOtherMembers() throws {
        let m = try matcher(#"{"$partial": {"token_type": "Bearer", "access_token": {"$any": "string"}}}"#)
        XCTAssertTrue(m.matches(try json(#"{"access_token": "x", "token_type": "Bearer", "expires_in": 86400}"#)))
        XCTAssertEqual(m.mismatches(try json(#"{"token_type": "bearer"}"#)), [
            Mismatch(location: "$.token_type", expected: #""Bearer""#, actual: #""bearer""#),
            Mismatch(location: "$.access_token", expected: "<any string>", actual: "no such member"),
        ])
    }

    func testLiteralEscapesMatcherSyntax() throws {
        let m = try matcher(#"{"$literal": {"$regex": "x"}}"#)
        XCTAssertTrue(m.matches(try json(#"{"$regex": "x"}"#)))
        XCTAssertFalse(m.matches("x"))
    }

    func testBadMatchersAreRefusedWithTheirPath() throws {
        XCTAssertThrowsError(try matcher(#"{"a": {"$regx": "x"}}"#)) { error in
            let e = error as? FixtureError
            XCTAssertEqual(e?.path.description, #"$.a["$regx"]"#)
            XCTAssertTrue(e?.reason.hasPrefix("unknown matcher \"$regx\"") == true, "\(String(describing: e))")
        }
        XCTAssertThrowsError(try matcher(#"{"$any": "float"}"#)) { error in
            XCTAssertEqual((error as? FixtureError)?.path.description, #"$["$any"]"#)
        }
        XCTAssertThrowsError(try matcher(#"{"$regex": "("}"#)) { error in
            XCTAssertEqual((error as? FixtureError)?.reason, #"invalid regular expression "(""#)
        }
    }
}
