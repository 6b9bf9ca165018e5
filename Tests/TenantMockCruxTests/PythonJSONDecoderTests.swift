@testable import TenantMockCrux
import TenantMock
import XCTest

/// The decoder's messages against what CPython's `json.loads` prints for the
/// same input (observed with CPython 3.11; the messages are unchanged since 3.5).
final class PythonJSONDecoderTests: XCTestCase {
    func testErrorMessagesMatchCPython() {
        let cases: [(String, String)] = [
            ("", "Expecting value: line 1 column 1 (char 0)"),
            ("  ", "Expecting value: line 1 column 3 (char 2)"),
            ("{", "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"),
            (#"{"a""#, "Expecting ':' delimiter: line 1 column 5 (char 4)"),
            (#"{"a":"#, "Expecting value: line 1 column 6 (char 5)"),
            (#"{"a":1"#, "Expecting ',' delimiter: line 1 column 7 (char 6)"),
            (#"{"a":1,}"#, "Expecting property name enclosed in double quotes: line 1 column 8 (char 7)"),
            ("[1,]", "Expecting value: line 1 column 4 (char 3)"),
            ("[1 2]", "Expecting ',' delimiter: line 1 column 4 (char 3)"),
            (#""abc"#, "Unterminated string starting at: line 1 column 1 (char 0)"),
            (#""a\qb""#, #"Invalid \escape: line 1 column 3 (char 2)"#),
            (#""\u12""#, #"Invalid \uXXXX escape: line 1 column 3 (char 2)"#),
            (#""\u12x1""#, #"Invalid \uXXXX escape: line 1 column 3 (char 2)"#),
            ("{\"a\":1}\n{\"b\":2}", "Extra data: line 2 column 1 (char 8)"),
            ("{\n  \"a\": 1,\n}", "Expecting property name enclosed in double quotes: line 3 column 1 (char 12)"),
            ("\"a\nb\"", "Invalid control character at: line 1 column 3 (char 2)"),
            ("\u{FEFF}{}", "Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)"),
            ("[-]", "Expecting value: line 1 column 2 (char 1)"),
            ("01", "Extra data: line 1 column 2 (char 1)"),
            (#"{"a" 1}"#, "Expecting ':' delimiter: line 1 column 6 (char 5)"),
            ("[", "Expecting value: line 1 column 2 (char 1)"),
            ("tru", "Expecting value: line 1 column 1 (char 0)"),
            // Positions count code points, not bytes.
            (#"{"é":1,"ü"}"#, "Expecting ':' delimiter: line 1 column 11 (char 10)"),
            ("1.", "Extra data: line 1 column 2 (char 1)"),
            (#""abc\"#, "Unterminated string starting at: line 1 column 1 (char 0)"),
        ]
        for (input, message) in cases {
            XCTAssertThrowsError(try PythonJSONDecoder.decode(input), input) { error in
                XCTAssertEqual((error as? PythonJSONDecoder.Failure)?.message, message, input)
            }
        }
    }

    func testAcceptsWhatPythonAccepts() throws {
        XCTAssertEqual(try PythonJSONDecoder.decode(#" {"a": [1, 2.5, -0, 1e3, true, null], "a": "last"} "#),
                       ["a": "last"])
        XCTAssertEqual(try PythonJSONDecoder.decode(#"["\u00e9\ud83d\ude00\n", "\/"]"#), ["é😀\n", "/"])
        // Python keeps `1.0` a float and `2` an int; DRF messages name the type.
        let numbers = try XCTUnwrap(try PythonJSONDecoder.decode("[1.0, 2]").arrayValue)
        XCTAssertEqual(numbers.map(PythonRepr.typeName), ["float", "int"])
    }

    func testOutOfRangeConstantsAreRefusedAsDRFStrictJSONDoes() {
        XCTAssertThrowsError(try PythonJSONDecoder.decode("[NaN]")) { error in
            XCTAssertEqual((error as? PythonJSONDecoder.Failure)?.message,
                           "Out of range float values are not JSON compliant: 'NaN'")
        }
    }

    /// 3,000 seeded random near-JSON documents (valid ones with insertions, deletions and
    /// replacements; non-ASCII text, escapes, control characters, a BOM), decoded by
    /// `json.loads` in a `python3` process and by the decoder: the same documents are
    /// accepted (with the same top-level type) and the same messages come back for the rest.
    func testAgreesWithCPythonOnRandomDocuments() throws {
        let script = #"""
        import json, random
        random.seed(11)
        pool = list('{}[]:,"\\ \n\t') + ['\\u00e9', '\\ud83d', '\\ude00', '\\u12', '\u00e9', '\U0001F600', 'x', '1',
                '-', '.', 'e', 'true', 'null', 'fals', '\x01', '\x1f', '"a"', '0', '01', '1e', '\ufeff', '\u0663']
        def value(d):
            r = random.random()
            if d > 3 or r < 0.3:
                return random.choice([1, -2.5, 0, 1e3, True, None, "s", "\u00e9\U0001F600", "a\"b\\c\n", ""])
            if r < 0.65:
                return [value(d + 1) for _ in range(random.randint(0, 3))]
            return {random.choice(["a", "\u00e9", "permission_uuids"]): value(d + 1) for _ in range(random.randint(0, 3))}
        def gen():
            s = list(json.dumps(value(0), ensure_ascii=random.random() < 0.5, indent=random.choice([None, None, 1])))
            for _ in range(random.randint(0, 3)):
                op, pos = random.random(), random.randint(0, len(s))
                if op < 0.4: s.insert(pos, random.choice(pool))
                elif s and op < 0.7: del s[min(pos, len(s) - 1)]
                elif s: s[min(pos, len(s) - 1)] = random.choice(pool)
            return "".join(s)
        out = []
        for _ in range(3000):
            t = gen()
            try: out.append([t, None, type(json.loads(t)).__name__])
            except json.JSONDecodeError as e: out.append([t, str(e), None])
        print(json.dumps(out))
        """#
        let cases = try XCTUnwrap(PythonOracle.run(script).arrayValue)
        XCTAssertEqual(cases.count, 3000)
        var accepted = 0
        for item in cases {
            let parts = try XCTUnwrap(item.arrayValue)
            let text = try XCTUnwrap(parts[0].stringValue)
            if let message = parts[1].stringValue {
                XCTAssertThrowsError(try PythonJSONDecoder.decode(text), text.debugDescription) { error in
                    XCTAssertEqual((error as? PythonJSONDecoder.Failure)?.message, message, text.debugDescription)
                }
            } else {
                accepted += 1
                XCTAssertEqual(try PythonRepr.typeName(PythonJSONDecoder.decode(text)), parts[2].stringValue,
                               text.debugDescription)
            }
        }
        // Both outcomes were exercised many times.
        XCTAssertGreaterThan(accepted, 300)
        XCTAssertLessThan(accepted, 2_700)
    }
}
