import Logging
import Streaming

/// Builds the order API's edge from its settings, and says what an operator should be warned about.
enum APIEdge {
    static func middleware(_ settings: APIEdgeSettings, metrics: StreamingMetrics, logger: Logger) -> APIEdgeMiddleware {
        let verifier: TokenVerifier?
        switch settings.auth {
        case .disabled:
            verifier = nil
        case .enabled:
            verifier = TokenVerifier(
                keys: SigningKeys(secret: settings.jwtSecret, jwksPath: settings.jwksFile, logger: logger),
                issuer: settings.issuer, audience: settings.audience, clockSkew: settings.clockSkew)
        }
        return APIEdgeMiddleware(
            limits: RequestLimits(), verifier: verifier,
            rateLimiter: RateLimiter(ratePerSecond: settings.ratePerSecond, burst: settings.burst),
            metrics: metrics, logger: logger)
    }

    static func warnings(_ settings: APIEdgeSettings) -> [String] {
        switch settings.auth {
        case .disabled:
            return ["API_AUTH=disabled: the order API accepts requests without a token; anyone who reaches it can create and read orders"]
        case .enabled where settings.jwtSecret == nil && settings.jwksFile == nil:
            return ["the order API has no signing key (API_JWT_SECRET, API_JWT_SECRET_FILE or API_JWKS_FILE): it refuses every request with 401"]
        case .enabled:
            return []
        }
    }
}
