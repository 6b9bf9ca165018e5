import Foundation
@testable import TenantMockAuth0
import TenantMock
import TenantMockTestSupport
import XCTest

/// The limits on what a Management API body may hold, at their boundaries, through
/// the real routes. Requests run on a thread with an event loop's stack (1 MiB), so
/// a parser that recursed per level would crash here as it would crash the sandbox.
final class Auth0BodyLimitTests: XCTestCase {
    private let form: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded"]

    private func nested(_ depth: Int) -> String {
        String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    }

    private var clientFields: String {
        "grant_type=client_credentials&client_id=\(Acme.backendClient)&client_secret=\(Acme.backendSecret)"
            + "&audience=\(FormURLEncoding.percentEncode(Acme.audience))"
    }

    /// JSON: 256 levels are read (the token is issued; the extra member is ignored), 257
    /// are the 400 of a body that does not parse.
    func testJSONNestingBoundaryOnTheTokenEndpoint() throws {
        let sandbox = try Auth0Sandbox()
        let fields = #""grant_type":"client_credentials","client_id":"\#(Acme.backendClient)","client_secret":"\#(Acme.backendSecret)","audience":"\#(Acme.audience)""#
        // The object is level 1: 255 arrays inside it make 256 levels.
        let (deepest, tooDeep) = ("{\(fields),\"extra\":\(nested(255))}", "{\(fields),\"extra\":\(nested(256))}")
        let (atLimit, overLimit) = onThread {
            (sandbox.send("POST", "/oauth/token", json: deepest), sandbox.send("POST", "/oauth/token", json: tooDeep))
        }
        XCTAssertEqual(atLimit.status, 200, atLimit.bodyText)
        XCTAssertNotNil(atLimit.jsonBody?["access_token"]?.stringValue)
        XCTAssertEqual(overLimit.status, 400, overLimit.bodyText)
        XCTAssertEqual(overLimit.jsonBody, ["error": "invalid_request", "error_description": "Invalid request payload JSON format"])
    }

    /// The same boundary on a Management API route: 256 levels reach the payload
    /// validation, 257 are `Invalid request payload JSON format`; and 100,000 `[` with
    /// nothing after them are refused without reading past the 257th.
    func testJSONNestingBoundaryOnAManagementRoute() throws {
        let sandbox = try Auth0Sandbox()
        let path = "/api/v2/users/\(enc(Acme.alice))/permissions"
        let token = sandbox.token("acme-all-scopes")
        let (deepest, tooDeep) = ("{\"permissions\":\(nested(255))}", "{\"permissions\":\(nested(256))}")
        let (atLimit, overLimit, unclosed) = onThread {
            (sandbox.send("POST", path, token: token, json: deepest), sandbox.send("POST", path, token: token, json: tooDeep),
             sandbox.send("POST", path, token: token, json: String(repeating: "[", count: 100_000)))
        }
        XCTAssertEqual(atLimit.status, 400, atLimit.bodyText)
        XCTAssertEqual(atLimit.jsonBody?["errorCode"], "invalid_body")
        XCTAssertTrue(atLimit.jsonBody?["message"]?.stringValue?.hasPrefix("Payload validation error: ") == true, atLimit.bodyText)
        assertManagement(overLimit, 400, errorBody(400, "Invalid request payload JSON format", errorCode: "invalid_body"))
        assertManagement(unclosed, 400, errorBody(400, "Invalid request payload JSON format", errorCode: "invalid_body"))
    }

    /// Objects count as levels too: 256 nested objects are read on an event loop's stack
    /// (a recursive reader overflowed it from about 220 in a debug build), 257 are refused.
    func testNestedObjectsToTheLimit() throws {
        let sandbox = try Auth0Sandbox()
        let path = "/api/v2/users/\(enc(Acme.alice))/permissions"
        let token = sandbox.token("acme-all-scopes")
        let objects = { (depth: Int) in String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth) }
        // `{"permissions":[{"a": …}]}`: the root, the array and 254 objects in it make 256 levels.
        let (deepest, tooDeep) = (#"{"permissions":["# + objects(254) + "]}", #"{"permissions":["# + objects(255) + "]}")
        let (atLimit, overLimit) = onThread {
            (sandbox.send("POST", path, token: token, json: deepest), sandbox.send("POST", path, token: token, json: tooDeep))
        }
        XCTAssertEqual(atLimit.status, 400, atLimit.bodyText)
        XCTAssertTrue(atLimit.jsonBody?["message"]?.stringValue?.hasPrefix("Payload validation error: ") == true, atLimit.bodyText)
        assertManagement(overLimit, 400, errorBody(400, "Invalid request payload JSON format", errorCode: "invalid_body"))
    }

    /// A form name nested 10,000 levels deep: its first five segments nest, the rest is
    /// one key, and the request is answered (it crashed the sandbox).
    func testDeeplyNestedFormNamesAreAnswered() throws {
        let sandbox = try Auth0Sandbox()
        let deep = "a" + String(repeating: "[0]", count: 10_000) + "=x"
        let encodedDeep = "permissions" + String(repeating: "%5B0%5D", count: 10_000) + "=x"
        let (tokenBody, form) = ("\(clientFields)&\(deep)", form)
        let (token, permissions) = onThread {
            (sandbox.send("POST", "/oauth/token", json: tokenBody, headers: form),
             sandbox.send("POST", "/api/v2/users/\(enc(Acme.alice))/permissions", token: sandbox.token("acme-all-scopes"),
                          json: encodedDeep, headers: form))
        }
        XCTAssertEqual(token.status, 200, token.bodyText)
        XCTAssertEqual(permissions.status, 400, permissions.bodyText)
        XCTAssertEqual(permissions.jsonBody?["errorCode"], "invalid_body")

        let parsed = RequestBody.form(deep)
        var level = try XCTUnwrap(parsed["a"])
        for _ in 1..<RequestBody.formMaxDepth { level = try XCTUnwrap(level.arrayValue?.first) }
        XCTAssertEqual(level.arrayValue?.count, 1)
        let innermost = try XCTUnwrap(level.arrayValue?.first?.objectValue)
        XCTAssertEqual(innermost.keys, [String(repeating: "[0]", count: 10_000 - RequestBody.formMaxDepth)])
        XCTAssertEqual(innermost.members.first?.value, "x")
    }

    /// Five bracket segments nest; from the sixth on the rest of the name is one key, as
    /// `qs` reads names with its default depth.
    func testFormNamesNestFiveLevels() {
        XCTAssertEqual(RequestBody.formMaxDepth, 5)
        XCTAssertEqual(RequestBody.form("a[b][c][d][e][f]=x"), ["a": ["b": ["c": ["d": ["e": ["f": "x"]]]]]])
        XCTAssertEqual(RequestBody.form("a[b][c][d][e][f][g]=x"), ["a": ["b": ["c": ["d": ["e": ["f": ["[g]": "x"]]]]]]])
        XCTAssertEqual(RequestBody.form("a[b][c][d][e][f][g][h]=x"), ["a": ["b": ["c": ["d": ["e": ["f": ["[g][h]": "x"]]]]]]])
        XCTAssertEqual(RequestBody.form("a[0][0][0][0][0][0]=x"), ["a": [[[[[["[0]": "x"]]]]]]])
    }

    /// What the decoder makes of forms within the limits (unchanged by the limits).
    func testFormShapes() {
        let text = "a=1&a=2&a=3&b[]=x&b[]=y&c[0][k]=v&c[0][l]=w&c[1][k]=z&c[5][k]=dropped"
            + "&d[x]=1&d[x]=2&e=1&e[f]=2&g[h]=1&g=2&n[0]=p&n[0]=q&&=empty"
        XCTAssertEqual(RequestBody.form(text), [
            "a": ["1", "2", "3"], "b": ["x", "y"], "c": [["k": "v", "l": "w"], ["k": "z"]], "d": ["x": "2"],
            "e": ["f": "2"], "g": [["h": "1"], "2"], "n": ["q"], "": "empty",
        ])
        XCTAssertEqual(RequestBody.form("z=1&y=2&x=3").objectValue?.keys, ["z", "y", "x"])
    }

    /// The first 1,000 `&`-separated parts are read (empty ones counted) and the rest is
    /// ignored: the token endpoint sees a field in part 1,000 and not one in part 1,001.
    func testFormReadsOnly1000Parts() throws {
        let sandbox = try Auth0Sandbox()
        XCTAssertEqual(RequestBody.formMaxParts, 1000)
        // `clientFields` is 4 parts; with 995 parts and one empty part before it, its last is part 1,000.
        let filler = (0..<995).map { "x\($0)=1" }.joined(separator: "&")
        let within = sandbox.send("POST", "/oauth/token", json: "\(filler)&&\(clientFields)", headers: form)
        XCTAssertEqual(within.status, 200, within.bodyText)
        let past = sandbox.send("POST", "/oauth/token", json: "\(filler)&x=1&&\(clientFields)", headers: form)
        XCTAssertEqual(past.status, 403, past.bodyText)
        XCTAssertEqual(past.jsonBody?["error_description"],
                       "No audience parameter was provided, and no default audience has been configured")

        let repeated = RequestBody.form(Array(repeating: "a=1", count: 5000).joined(separator: "&"))
        XCTAssertEqual(repeated["a"]?.arrayValue?.count, 1000)
        XCTAssertEqual(RequestBody.form(Array(repeating: "a=1", count: 5000).joined(separator: "&"), maxParts: .max)["a"]?
            .arrayValue?.count, 5000)
    }
}
