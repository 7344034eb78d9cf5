/// Who is calling the order API, once their token was verified.
struct APIPrincipal: Sendable, Equatable {
    /// The token's `sub`; nil only when authentication is disabled.
    var subject: String?
    var scopes: Set<String>
    /// Everything is allowed when authentication is disabled.
    var unrestricted = false

    static let anonymous = APIPrincipal(subject: nil, scopes: [], unrestricted: true)

    func allows(_ scope: APIScope) -> Bool {
        unrestricted || scopes.contains(scope.rawValue)
    }

    /// Set by `APIEdgeMiddleware` for the handler the request reaches.
    @TaskLocal static var current: APIPrincipal?
}

/// The scopes of the order API.
public enum APIScope: String, Sendable, CaseIterable {
    case write = "orders:write"
    case read = "orders:read"
}
