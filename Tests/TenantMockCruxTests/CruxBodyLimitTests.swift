@testable import TenantMockCrux
import TenantMock
import TenantMockTestSupport
import XCTest

/// How deep a CruxConnect body may nest, and what the service answers past it:
/// CPython's `RecursionError`, which DRF's `JSONParser` does not catch, so Django's
/// 500 page. Requests run on a thread with an event loop's stack (1 MiB): the
/// decoder used to recurse per level, and 6,000 `[` crashed the sandbox.
final class CruxBodyLimitTests: XCTestCase {
    private func nested(_ depth: Int) -> String {
        String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    }

    private func assertRecursionError(_ text: String, _ container: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try PythonJSONDecoder.decode(text), file: file, line: line) { error in
            XCTAssertEqual(error as? PythonJSONDecoder.Failure,
                           PythonJSONDecoder.Failure(kind: .recursionError, message:
                               "maximum recursion depth exceeded while decoding a JSON \(container) from a unicode string"),
                           file: file, line: line)
        }
    }

    /// 950 levels decode; one `[` or `{` more raises `RecursionError` where it opens,
    /// whatever follows; an error before that depth is still the `ValueError`.
    func testDecoderDepthBoundary() throws {
        XCTAssertEqual(PythonJSONDecoder.maxDepth, 950)
        XCTAssertEqual(PythonJSONDecoder.maxDepth, PythonJSONDecoder.pythonRecursionLimit - PythonJSONDecoder.recursionAllowance)
        let objects = { (depth: Int) in String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth) }
        let (arrays950, objects950) = (nested(950), objects(950))
        let (arraysResult, objectsResult) = onThread {
            (Result { () throws(PythonJSONDecoder.Failure) in try PythonJSONDecoder.decode(arrays950) },
             Result { () throws(PythonJSONDecoder.Failure) in try PythonJSONDecoder.decode(objects950) })
        }
        let (deepest, deepestObject) = (try arraysResult.get(), try objectsResult.get())
        var level = deepest
        for _ in 1..<950 { level = try XCTUnwrap(level.arrayValue?.first) }
        XCTAssertEqual(level, [])
        XCTAssertNotNil(deepestObject.objectValue)

        assertRecursionError(nested(951), "array")
        assertRecursionError(objects(951), "object")
        assertRecursionError(String(repeating: "[", count: 950) + "{}", "object")
        assertRecursionError(String(repeating: "[", count: 6000), "array")
        assertRecursionError(String(repeating: "[", count: 951) + "x", "array")
        XCTAssertThrowsError(try PythonJSONDecoder.decode(String(repeating: "[", count: 950) + "x")) { error in
            XCTAssertEqual(error as? PythonJSONDecoder.Failure, PythonJSONDecoder.Failure(message: "Expecting value: line 1 column 951 (char 950)"))
        }
    }

    /// The premise, checked against the local CPython: nesting past the recursion limit
    /// raises `RecursionError`, not a `ValueError` (so not DRF's `ParseError`), with the
    /// message the decoder gives.
    func testCPythonRaisesRecursionErrorNotValueError() throws {
        let script = #"""
        import json
        out = []
        for text in ["[" * 100000, '{"a":' * 100000]:
            try:
                json.loads(text)
                out.append(None)
            except Exception as e:
                out.append([type(e).__name__, isinstance(e, ValueError), str(e)])
        print(json.dumps(out))
        """#
        XCTAssertEqual(try PythonOracle.run(script), [
            ["RecursionError", false, "maximum recursion depth exceeded while decoding a JSON array from a unicode string"],
            ["RecursionError", false, "maximum recursion depth exceeded while decoding a JSON object from a unicode string"],
        ])
    }

    /// Past the decoder's scan limit, repeated keys keep CPython's order and values.
    func testRepeatedKeysInALargeObjectMatchCPython() throws {
        let keys = (0..<30).map { "k\($0 % 17)" } + ["k3", "z", "k16"]
        let text = "{" + keys.enumerated().map { "\"\($0.element)\": \($0.offset)" }.joined(separator: ", ") + "}"
        let python = try PythonOracle.run("import json; print(json.dumps(list(json.loads(\(PythonRepr.quoted(text))).items())))")
        let object = try XCTUnwrap(try PythonJSONDecoder.decode(text).objectValue)
        XCTAssertEqual(JSONValue.array(object.members.map { [.string($0.key), $0.value] }), python)
        XCTAssertEqual(object.keys.count, 18)
    }

    /// Through the login view: 950 levels are read (DRF's answer to a list or to a dict
    /// without the fields, with the view's headers); 951, and 6,000 unclosed `[`, are
    /// Django's HTML 500 without them.
    func testLoginAnswersDjangos500PastTheLimit() throws {
        let e = try Crux.emulator()
        let (deepest, tooDeep, unclosed) = (nested(950), nested(951), String(repeating: "[", count: 6000))
        let deepestObjects = String(repeating: #"{"a":"#, count: 950) + "1" + String(repeating: "}", count: 950)
        let (read, readObjects, refused, crashed) = onThread {
            (e.crux("POST", "/organizations/user-login/", json: deepest), e.crux("POST", "/organizations/user-login/", json: deepestObjects),
             e.crux("POST", "/organizations/user-login/", json: tooDeep), e.crux("POST", "/organizations/user-login/", json: unclosed))
        }
        assertDRF(read, 400, #"{"non_field_errors":["Invalid data. Expected a dictionary, but got list."]}"#, allow: "POST, OPTIONS")
        assertDRF(readObjects, 400, #"{"username":["This field is required."],"password":["This field is required."]}"#,
                  allow: "POST, OPTIONS")
        for response in [refused, crashed] {
            XCTAssertEqual(response.status, 500)
            XCTAssertEqual(response.headers["Content-Type"], "text/html")
            XCTAssertEqual(response.bodyText, "<h1>Server Error (500)</h1>")
            XCTAssertNil(response.headers["Allow"])
            XCTAssertNil(response.headers["Vary"])
        }
    }

    /// The body is read when the view asks for it: without credentials the deep body is
    /// never parsed (401); with them, the PATCH is Django's 500 and changes nothing.
    func testPermissionsPatchParsesAfterAuthentication() throws {
        let e = try Crux.emulator()
        let body = #"{"permission_uuids":"# + String(repeating: "[", count: 6000) + "}"
        let (anonymous, admin) = onThread {
            (e.crux("PATCH", Crux.permissionsPath, json: body), e.crux("PATCH", Crux.permissionsPath, token: Crux.adminToken, json: body))
        }
        XCTAssertEqual(anonymous.status, 401)
        XCTAssertEqual(admin.status, 500)
        XCTAssertEqual(admin.bodyText, "<h1>Server Error (500)</h1>")
        XCTAssertEqual(assignedPermissions(e, user: Crux.targetUUID), [Crux.editSubscriptionPlan, Crux.viewPaymentInfo])
    }

    /// An item nested 948 levels (the deepest a body allows inside `permission_uuids`) is
    /// printed into DRF's UUID message on an event loop's stack (the recursive printer
    /// overflowed it).
    func testDeeplyNestedItemIsPrintedInTheUUIDMessage() throws {
        let e = try Crux.emulator()
        let item = nested(PythonJSONDecoder.maxDepth - 2)
        let body = #"{"permission_uuids":["# + item + "]}"
        let response = onThread { e.crux("PATCH", Crux.permissionsPath, token: Crux.adminToken, json: body) }
        assertDRF(response, 400, #"{"permission_uuids":["\""# + item + #"\" is not a valid UUID."]}"#)
    }

    /// The printer writes what CPython's `repr` writes.
    func testReprMatchesCPython() throws {
        let text = #"[[1, [2, [3, []]], {}], {"a": [null, true, false], "b'": {"c": "it's"}}, [[[]]], "x", -0.25, {"": []}]"#
        let values = try XCTUnwrap(try PythonJSONDecoder.decode(text).arrayValue)
        let python = try PythonOracle.run("import json; print(json.dumps([repr(v) for v in json.loads(\(PythonRepr.quoted(text)))]))")
        XCTAssertEqual(JSONValue.array(values.map { .string(PythonRepr.repr($0)) }), python)
    }
}
