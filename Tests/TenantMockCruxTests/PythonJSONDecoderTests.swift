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
}
