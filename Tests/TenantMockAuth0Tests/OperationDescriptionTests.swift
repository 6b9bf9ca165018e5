import TenantMock
@testable import TenantMockAuth0
import XCTest

/// The one-description-per-operation rule: what the router serves, what the OpenAPI
/// document shows and what the routes check all come from `Auth0Operation` values, and
/// these tests fail if any of them stops agreeing with the others.
final class OperationDescriptionTests: XCTestCase {
    /// Each operation's path parameters are exactly its template's, in order.
    func testPathParametersAreTheTemplates() {
        for op in Auth0Dialect.operations {
            XCTAssertEqual(op.pathParameters.map(\.name), PathTemplate(op.path).parameterNames, "\(op.method) \(op.path)")
        }
    }

    /// One operation per method and path, and one operation id per operation.
    func testOperationsAreUnique() {
        let keys = Auth0Dialect.operations.map { "\($0.method) \($0.path)" }
        XCTAssertEqual(Set(keys).count, keys.count)
        let ids = Auth0Dialect.operations.map(\.operationID)
        XCTAssertEqual(Set(ids).count, ids.count)
    }

    /// The document's parameters, request schema and scopes are the operation's.
    func testTheDocumentShowsWhatTheOperationsDeclare() throws {
        let paths = try XCTUnwrap(Auth0Dialect().openAPIDocument()["paths"])
        for op in Auth0Dialect.operations {
            let described = try XCTUnwrap(paths[op.path]?[op.method.lowercased()], "\(op.method) \(op.path)")
            let parameters = try XCTUnwrap(described["parameters"]?.arrayValue)
            XCTAssertEqual(parameters.filter { $0["in"] == "path" }.compactMap { $0["name"]?.stringValue }, op.pathParameters.map(\.name))
            XCTAssertEqual(parameters.filter { $0["in"] == "query" }.compactMap { $0["name"]?.stringValue }, op.query.map(\.name))
            XCTAssertEqual(described["requestBody"]?["content"]?["application/json"]?["schema"], op.body?.json, op.operationID)
            XCTAssertEqual(described["security"]?.arrayValue?.first?["bearerAuth"], op.scopes.map { .array($0.scopes.map(JSONValue.string)) },
                           op.operationID)
            XCTAssertNotNil(described["responses"]?[String(op.success.status)], op.operationID)
        }
    }

    /// Every Management API operation has a case in the scope and authentication tests.
    func testEveryManagementOperationHasARouteCase() {
        let cases = Set(ManagementRouteCase.all.map { "\($0.method) \(PathTemplateGuess.template(of: $0.target))" })
        for op in Auth0Dialect.operations where op.scopes != nil {
            XCTAssertTrue(cases.contains("\(op.method) \(op.path)"), "no ManagementRouteCase for \(op.method) \(op.path)")
        }
    }

    /// Served behaviour follows the declared query: an undeclared parameter is refused by
    /// name, and every declared one is accepted as a parameter (whatever its value's fate).
    func testRoutesAcceptExactlyTheDeclaredQuery() throws {
        for route in ManagementRouteCase.all {
            let op = try XCTUnwrap(Auth0Dialect.operations.first {
                $0.method == route.method && $0.path == PathTemplateGuess.template(of: route.target)
            })
            let sandbox = try Auth0Sandbox()
            let join = route.target.contains("?") ? "&" : "?"
            let refused = sandbox.admin(route.method, route.target + join + "zz_undeclared=1", json: route.body)
            assertManagement(refused, 400, errorBody(400, "Query validation error: 'Additional properties not allowed: zz_undeclared'.",
                                                     errorCode: "invalid_query_string"))
            for parameter in op.query {
                let value: String
                switch parameter.kind {
                case .integer(let minimum, _): value = String(max(minimum, 1))
                case .boolean: value = "false"
                case .string: value = ""
                case .stringList: value = "x"
                }
                let answer = sandbox.admin(route.method, route.target + join + "\(parameter.name)=\(value)", json: route.body)
                XCTAssertFalse(answer.bodyText.contains("Additional properties not allowed"), "\(route.name) refused \(parameter.name)")
            }
        }
    }

    /// Served behaviour follows the declared body: a closed schema refuses an undeclared member.
    func testRoutesCheckTheDeclaredBody() throws {
        for route in ManagementRouteCase.all {
            let op = try XCTUnwrap(Auth0Dialect.operations.first {
                $0.method == route.method && $0.path == PathTemplateGuess.template(of: route.target)
            })
            guard let schema = op.body, !schema.additionalProperties else { continue }
            let sandbox = try Auth0Sandbox()
            var body = try XCTUnwrap(json(route.body ?? "{}").objectValue)
            body["zz_undeclared"] = 1
            let answer = sandbox.admin(route.method, route.target, json: JSONSerializer.string(.object(body)))
            XCTAssertEqual(answer.status, 400, route.name)
            XCTAssertEqual(answer.jsonBody?["errorCode"], "invalid_body", route.name)
            // Some operations add a note after the quoted message (PATCH /users/{id}).
            XCTAssertTrue(answer.jsonBody?["message"]?.stringValue?.hasPrefix(
                "Payload validation error: 'Additional properties not allowed: zz_undeclared'") == true, "\(route.name): \(answer.bodyText)")
        }
    }
}

/// Maps a test target back to its template by the fixture ids it uses.
enum PathTemplateGuess {
    static func template(of target: String) -> String {
        let path = target.split(separator: "?", maxSplits: 1).first.map(String.init) ?? target
        return "/" + path.split(separator: "/").enumerated().map { index, segment -> String in
            let s = String(segment)
            if index == 4 && path.contains("/organizations/name/") { return "{name}" }
            if s.hasPrefix("con_") { return path.contains("/organizations/") ? "{connectionId}" : "{id}" }
            if s.hasPrefix("rol_") || s.hasPrefix("auth0%7C") { return index == 5 ? "{user_id}" : "{id}" }
            if s.hasPrefix("cgr_") && path.contains("/organizations/") { return "{grant_id}" }
            if s.hasPrefix("uinv_") { return "{invitation_id}" }
            if s.hasPrefix("org_") || s.hasPrefix("cgr_") || (s.count == 24 && s.allSatisfy(\.isHexDigit))
                || s == Acme.storefrontClient { return "{id}" }
            return s
        }.joined(separator: "/")
    }
}
