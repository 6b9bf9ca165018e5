import TenantMockCore

/// The URL configuration: every view under both eras' prefixes, and what
/// Django answers for paths no view matches.
enum CruxURLConf {
    /// The views, in matching order.
    static let views: [CruxView] = [
        CruxLoginView.view,
        CruxUserViews.all,
        CruxUserViews.detail,
        CruxPermissionViews.all,
        CruxPermissionViews.user,
        CruxOrganizationView.view,
    ]

    /// Each view's template, under each era, for `resolve`.
    static let resolver: Router<CruxView> = {
        var router = Router<CruxView>()
        for era in CruxEra.allCases {
            for view in views { router.add("VIEW", era.prefix + view.path, view) }
        }
        return router
    }()

    /// The view Django would route `path` to: a template match whose
    /// parameters are UUIDs (Django's `uuid` converter), or `nil`.
    static func resolve(_ path: String) -> CruxView? {
        guard case .found(let view, let parameters, _) = resolver.match(method: "VIEW", path: path) else { return nil }
        for name in view.parameterNames where !CruxUUID.isCanonical(parameters[name]) { return nil }
        return view
    }

    /// The routes: every one of Django's method names on every view, and one for any
    /// other method, so that methods a view lacks still pass authentication and
    /// permission before their 405 (DRF's order: Django resolves the path, and
    /// `APIView.dispatch` runs `initial()` before it looks at the method). Listed in
    /// three groups: the methods the views handle, then HEAD and OPTIONS, then the
    /// methods that end in 405.
    static func routes() -> [DialectRoute<CruxDialect>] {
        var handled: [DialectRoute<CruxDialect>] = []
        var implicit: [DialectRoute<CruxDialect>] = []
        var refused: [DialectRoute<CruxDialect>] = []
        for era in CruxEra.allCases {
            for view in views {
                for methodName in CruxView.djangoMethods {
                    let route = DialectRoute<CruxDialect>(methodName, era.prefix + view.path,
                                                          summary: summary(of: view, methodName)) { context in
                        CruxDispatcher.dispatch(view, era: era, context: context)
                    }
                    if view.methods.contains(where: { $0.name == methodName }) {
                        handled.append(route)
                    } else if methodName == "OPTIONS" || view.method(methodName) != nil {
                        implicit.append(route)
                    } else {
                        refused.append(route)
                    }
                }
                refused.append(DialectRoute<CruxDialect>(RouteTable.anyMethod, era.prefix + view.path,
                                                         summary: summary(of: view, RouteTable.anyMethod)) { context in
                    CruxDispatcher.dispatch(view, era: era, context: context)
                })
            }
        }
        return handled + implicit + refused
    }

    static func summary(of view: CruxView, _ method: String) -> String {
        if let m = view.methods.first(where: { $0.name == method }) { return m.summary }
        if method == "HEAD", view.method("HEAD") != nil { return "As GET, without the body" }
        if method == "OPTIONS" { return "DRF metadata of the view" }
        if method == RouteTable.anyMethod { return "Any other method: 405, after authentication and permission (DRF order)" }
        return "405, after authentication and permission (DRF order)"
    }

    /// What Django answers when no route matches `request`: a 301 to the path
    /// with a slash when that path has a view (`APPEND_SLASH`), else the HTML 404.
    static func unrouted(_ request: HTTPRequest) -> HTTPResponse {
        if !request.path.hasSuffix("/"), resolve(request.path + "/") != nil {
            return DjangoResponse.appendSlash(path: request.mountPrefix + request.path, query: request.rawQuery)
        }
        return DjangoResponse.notFound
    }
}
