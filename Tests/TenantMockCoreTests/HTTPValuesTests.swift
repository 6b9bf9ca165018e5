import XCTest
import TenantMockCore

final class HTTPValuesTests: XCTestCase {
    func testHeadersAreCaseInsensitiveAndOrdered() {
        var headers: HTTPHeaders = ["Content-Type": "application/json", "X-A": "1"]
        headers.add(name: "x-a", value: "2")
        XCTAssertEqual(headers["content-type"], "application/json")
        XCTAssertEqual(headers.values(for: "X-a"), ["1", "2"])
        headers["X-A"] = "3"
        XCTAssertEqual(headers.values(for: "x-a"), ["3"])
        XCTAssertEqual(headers.fields.map(\.name), ["Content-Type", "X-A"])
        headers["content-type"] = nil
        XCTAssertNil(headers["Content-Type"])
    }

    func testRequestTargetSplitsPathAndDecodesQuery() {
        let r = HTTPRequest(method: "get", target: "/api/v2/users/a%7Cb/roles?per_page=5&include_totals=true&q=a+b%26c&flag")
        XCTAssertEqual(r.method, "GET")
        XCTAssertEqual(r.path, "/api/v2/users/a%7Cb/roles")
        XCTAssertEqual(r.rawQuery, "per_page=5&include_totals=true&q=a+b%26c&flag")
        XCTAssertEqual(r.query("per_page"), "5")
        XCTAssertEqual(r.query("q"), "a b&c")
        XCTAssertEqual(r.query("flag"), "")
        XCTAssertNil(r.query("page"))
        XCTAssertEqual(r.target, "/api/v2/users/a%7Cb/roles?per_page=5&include_totals=true&q=a+b%26c&flag")
    }

    func testAbsoluteTargetAndHostName() {
        let r = HTTPRequest(method: "GET", target: "http://acme.localhost:8080/x?y=1", headers: ["Host": "Acme.Localhost:8080"])
        XCTAssertEqual(r.path, "/x")
        XCTAssertEqual(r.rawQuery, "y=1")
        XCTAssertEqual(r.hostName, "acme.localhost")
    }

    func testHostNameForms() {
        let cases: [(String, String?)] = [
            ("acme.localhost", "acme.localhost"), ("acme.localhost:8080", "acme.localhost"), ("ACME.localhost", "acme.localhost"),
            ("127.0.0.1:8080", "127.0.0.1"), (":8080", nil), ("", nil), ("[::1]:8080", "::1"), ("Éx.localhost", "éx.localhost"),
        ]
        for (host, expected) in cases {
            XCTAssertEqual(HTTPRequest(method: "GET", path: "/", headers: ["Host": host]).hostName, expected, host)
        }
        XCTAssertNil(HTTPRequest(method: "GET", path: "/").hostName)
    }

    func testPercentDecoding() {
        XCTAssertEqual(FormURLEncoding.percentDecode("auth0%7C5f7c"), "auth0|5f7c")
        XCTAssertEqual(FormURLEncoding.percentDecode("a+b"), "a+b")
        XCTAssertEqual(FormURLEncoding.percentDecode("a+b", plusIsSpace: true), "a b")
        XCTAssertEqual(FormURLEncoding.percentDecode("100%"), "100%")
        XCTAssertNil(FormURLEncoding.percentDecode("%FF"))
        XCTAssertEqual(FormURLEncoding.percentEncode("auth0|a b"), "auth0%7Ca%20b")
    }

    func testJSONResponseAndReasonPhrases() {
        let r = HTTPResponse.json(403, ["statusCode": 403, "error": "Forbidden"], contentType: "application/json; charset=utf-8")
        XCTAssertEqual(r.bodyText, #"{"statusCode":403,"error":"Forbidden"}"#)
        XCTAssertEqual(r.headers["content-type"], "application/json; charset=utf-8")
        XCTAssertEqual(r.reasonPhrase, "Forbidden")
        XCTAssertEqual(HTTPStatus.reasonPhrase(429), "Too Many Requests")
    }

    func testFormDecodingSplitsPairsAndDecodesEachPart() {
        let items = FormURLEncoding.decode("a=1&b=two%20x&&c&d=&e=f=g&plus=a+b&%C3%A9=%E2%82%AC&bad=%ZZ&raw=%FF")
        XCTAssertEqual(items.map(\.name), ["a", "b", "c", "d", "e", "plus", "é", "bad", "raw"])
        XCTAssertEqual(items.map(\.value), ["1", "two x", "", "", "f=g", "a b", "€", "%ZZ", "%FF"])
        XCTAssertEqual(FormURLEncoding.decode("").count, 0)
    }

    /// A request is a value: its parts share one box until a copy changes one of them.
    func testACopyOfARequestChangesAloneAndTheOriginalKeepsItsParts() {
        let original = HTTPRequest(method: "post", target: "/a?x=1", headers: ["Host": "h"], body: [1, 2])
        var copy = original
        copy.path = "/b"
        copy.headers["Host"] = "other"
        copy.headers["X-New"] = "1"
        copy.body.append(3)
        copy.mountPrefix = "/tenants/t"
        copy.rawQuery = ""
        copy.method = "GET"
        XCTAssertEqual([original.method, original.path, original.rawQuery, original.headers["Host"], original.mountPrefix],
                       ["POST", "/a", "x=1", "h", ""])
        XCTAssertNil(original.headers["X-New"])
        XCTAssertEqual(original.body, [1, 2])
        XCTAssertEqual([copy.method, copy.path, copy.rawQuery, copy.headers["Host"], copy.headers["X-New"], copy.mountPrefix],
                       ["GET", "/b", "", "other", "1", "/tenants/t"])
        XCTAssertEqual(copy.body, [1, 2, 3])
        var again = copy
        again.body = []
        XCTAssertEqual(copy.body, [1, 2, 3], "a copy of a copy is a value too")
    }
}
