import XCTest
@testable import TenantMockCore

final class RouterTests: XCTestCase {
    var router: Router<String> {
        var r = Router<String>()
        r.add("GET", "/api/v2/users/{id}/permissions", "get-perms")
        r.add("POST", "/api/v2/users/{id}/permissions", "post-perms")
        r.add("DELETE", "/api/v2/users/{id}/permissions", "delete-perms")
        r.add("DELETE", "/api/v2/organizations/{id}/members/{user_id}/roles", "delete-member-roles")
        r.add("DELETE", "/organizations/users/permissions/{uuid}/", "crux-delete")
        return r
    }

    func testPercentEncodedParametersAreDecoded() {
        guard case .found(let handler, let params, let route) = router.match(
            method: "GET", path: "/api/v2/users/auth0%7C5f7c8ec7c33c6c004bbafe82/permissions") else {
            return XCTFail("no match")
        }
        XCTAssertEqual(handler, "get-perms")
        XCTAssertEqual(params["id"], "auth0|5f7c8ec7c33c6c004bbafe82")
        XCTAssertEqual(route.template.description, "/api/v2/users/{id}/permissions")
    }

    func testRawAndEncodedFormsAddressTheSameParameter() {
        for path in ["/api/v2/users/auth0|abc/permissions", "/api/v2/users/auth0%7cabc/permissions"] {
            guard case .found(_, let params, _) = router.match(method: "DELETE", path: path) else { return XCTFail(path) }
            XCTAssertEqual(params["id"], "auth0|abc")
        }
    }

    func testEncodedSlashStaysInsideOneSegment() {
        guard case .found(_, let params, _) = router.match(method: "GET", path: "/api/v2/users/a%2Fb/permissions") else {
            return XCTFail("no match")
        }
        XCTAssertEqual(params["id"], "a/b")
    }

    func testSeveralParameters() {
        guard case .found(let h, let params, _) = router.match(
            method: "DELETE", path: "/api/v2/organizations/org_1/members/auth0%7C9/roles") else { return XCTFail() }
        XCTAssertEqual(h, "delete-member-roles")
        XCTAssertEqual(params["id"], "org_1")
        XCTAssertEqual(params["user_id"], "auth0|9")
    }

    func testAnyMethodRouteTakesOnlyWhatNoOtherRouteTakes() {
        var r = Router<String>()
        r.add("GET", "/views/{id}/", "get")
        r.add(RouteTable.anyMethod, "/views/{id}/", "any")
        r.add("DELETE", "/views/{id}/", "delete")
        func handler(_ method: String, _ path: String = "/views/1/") -> String? {
            if case .found(let handler, _, _) = r.match(method: method, path: path) { return handler }
            return nil
        }
        XCTAssertEqual(handler("GET"), "get")
        XCTAssertEqual(handler("HEAD"), "get", "HEAD still falls back to GET")
        XCTAssertEqual(handler("DELETE"), "delete", "a route for the method wins even if registered later")
        XCTAssertEqual(handler("PROPFIND"), "any")
        XCTAssertNil(handler("PROPFIND", "/elsewhere/"), "only on its own template")
        guard case .notFound = r.match(method: "PROPFIND", path: "/elsewhere/") else { return XCTFail("not 404") }
    }

    func testNotFoundVersusMethodNotAllowed() {
        guard case .notFound = router.match(method: "GET", path: "/api/v2/users/x/nothing") else { return XCTFail() }
        guard case .notFound = router.match(method: "GET", path: "/api/v2/users//permissions") else {
            return XCTFail("an empty parameter must not match")
        }
        guard case .methodNotAllowed(let allowed) = router.match(method: "PUT", path: "/api/v2/users/x/permissions") else {
            return XCTFail()
        }
        XCTAssertEqual(allowed, ["DELETE", "GET", "HEAD", "POST"])
        guard case .methodNotAllowed(let only) = router.match(method: "GET", path: "/organizations/users/permissions/u/")
        else { return XCTFail() }
        XCTAssertEqual(only, ["DELETE"])
    }

    func testTrailingSlashIsSignificant() {
        guard case .found = router.match(method: "DELETE", path: "/organizations/users/permissions/5de3/") else { return XCTFail() }
        guard case .notFound = router.match(method: "DELETE", path: "/organizations/users/permissions/5de3") else {
            return XCTFail()
        }
    }

    func testHeadFallsBackToGet() {
        guard case .found(let h, _, _) = router.match(method: "HEAD", path: "/api/v2/users/x/permissions") else {
            return XCTFail()
        }
        XCTAssertEqual(h, "get-perms")
    }

    func testFirstRegisteredRouteWinsAcrossOverlappingTemplates() {
        var r = Router<String>()
        r.add("GET", "/items/{id}", "by-id")
        r.add("DELETE", "/items/all", "delete-all")
        r.add("DELETE", "/items/{id}", "delete-by-id")
        r.add("GET", "/items/all", "list-all")
        guard case .found(let get, _, _) = r.match(method: "GET", path: "/items/all") else { return XCTFail() }
        XCTAssertEqual(get, "by-id")
        guard case .found(let delete, _, _) = r.match(method: "DELETE", path: "/items/all") else { return XCTFail() }
        XCTAssertEqual(delete, "delete-all")
        guard case .methodNotAllowed(let allowed) = r.match(method: "PUT", path: "/items/all") else { return XCTFail() }
        XCTAssertEqual(allowed, ["DELETE", "GET", "HEAD"])
    }

    /// Lookups go through an index on the literal that tells most templates of a length
    /// apart; templates with a parameter there are tried too, and registration order still wins.
    func testTheLiteralIndexKeepsRegistrationOrderAndParametersAtTheIndexedPosition() {
        var r = Router<String>()
        r.add("GET", "/api/{version}/users", "any-version-users")
        r.add("GET", "/api/v2/users", "v2-users")
        r.add("GET", "/api/v2/roles", "v2-roles")
        r.add("POST", "/api/v2/clients", "v2-clients")
        r.add("DELETE", "/api/v2/{thing}", "v2-thing-delete")
        r.add("GET", "/{prefix}/v2/grants", "any-prefix-grants")
        func handler(_ method: String, _ path: String) -> String? {
            if case .found(let handler, _, _) = r.match(method: method, path: path) { return handler }
            return nil
        }
        XCTAssertEqual(handler("GET", "/api/v2/users"), "any-version-users", "registered first")
        XCTAssertEqual(handler("GET", "/api/v2/roles"), "v2-roles")
        XCTAssertEqual(handler("GET", "/api/v3/users"), "any-version-users")
        XCTAssertEqual(handler("GET", "/x/v2/grants"), "any-prefix-grants")
        XCTAssertEqual(handler("GET", "/api/v2/rolez"), nil)
        XCTAssertEqual(handler("DELETE", "/api/v2/rolez"), "v2-thing-delete", "a parameter where the index looks")
        XCTAssertEqual(handler("DELETE", "/api/v2/users"), "v2-thing-delete")
        XCTAssertEqual(handler("GET", "/api/v2/Roles"), nil, "literals compare byte for byte")
        XCTAssertEqual(handler("GET", "/api/v2/role%73"), nil, "as the raw path is written")
        guard case .methodNotAllowed(let allowed) = r.match(method: "GET", path: "/api/v2/clients") else {
            return XCTFail("a template matches, not for GET")
        }
        XCTAssertEqual(allowed, ["DELETE", "POST"])
        XCTAssertEqual(handler("GET", "/api/v2"), nil)
        XCTAssertEqual(handler("GET", "/api/v2/users/x/y/z"), nil, "no template of that length")
    }

    func testSegmentsKeepEmptyPiecesAndIgnoreWhatPrecedesTheFirstSlash() {
        XCTAssertEqual(RouteTable.segments(of: "/a//b/"), ["a", "", "b", ""])
        XCTAssertEqual(RouteTable.segments(of: "/"), [""])
        XCTAssertEqual(RouteTable.segments(of: "*"), [])
        guard case .notFound = router.match(method: "GET", path: "/api/v2/users//permissions") else { return XCTFail() }
    }

    /// A router is a value: adding to a copy leaves the original's table as it was.
    func testCopiesDoNotShareAddedRoutes() {
        var original = Router<String>()
        original.add("GET", "/a", "a")
        var copy = original
        copy.add("GET", "/b", "b")
        guard case .notFound = original.match(method: "GET", path: "/b") else { return XCTFail("the original sees the copy's route") }
        guard case .found(let handler, _, _) = copy.match(method: "GET", path: "/b") else { return XCTFail() }
        XCTAssertEqual(handler, "b")
        XCTAssertEqual(original.table.templates, ["/a"])
        XCTAssertEqual(copy.table.templates, ["/a", "/b"])
    }
}
