import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Logging
import Streaming

/// The order API's edge, in front of its routes: size limits, bearer-token authentication, the
/// per-client rate limit, and problem+json answers for every error a route throws.
struct APIEdgeMiddleware: RouterMiddleware {
    typealias Context = ServiceRequestContext

    let limits: RequestLimits
    /// nil when authentication is disabled (`API_AUTH=disabled`).
    let verifier: TokenVerifier?
    let rateLimiter: RateLimiter
    let metrics: StreamingMetrics
    let logger: Logger

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if let problem = limits.violation(of: request) { return problem.response() }
        let principal: APIPrincipal
        switch await authenticate(request) {
        case .success(let verified):
            principal = verified
        case .failure(let rejection):
            // Failed attempts count against the caller's address, so guessing tokens is rate limited too.
            if let limited = limit("address:\(context.peerAddress)") { return limited }
            return Self.unauthorized(rejection.description)
        }
        let client = principal.subject.map { "sub:\($0)" } ?? "address:\(context.peerAddress)"
        if let limited = limit(client) { return limited }
        do {
            return try await APIPrincipal.$current.withValue(principal) {
                try await next(request, context)
            }
        } catch let error as ProblemError {
            return error.problem.response(headers: error.headers)
        } catch let error as HTTPError {
            return Problem(error.status, type: Self.slug(error.status), detail: error.body ?? error.status.reasonPhrase).response()
        } catch {
            // A request never takes the service down; the client learns only that it failed.
            logger.error("order API request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            return Problem(.internalServerError, type: "internal", detail: "the request could not be completed").response()
        }
    }

    private func authenticate(_ request: Request) async -> Result<APIPrincipal, TokenRejection> {
        guard let verifier else { return .success(.anonymous) }
        guard request.headers[.authorization] != nil else {
            return .failure(TokenRejection(description: "the request has no bearer token"))
        }
        guard let bearer = request.headers.bearer else {
            return .failure(TokenRejection(description: "the Authorization header is not a bearer token"))
        }
        do {
            return .success(try await verifier.verify(bearer.token))
        } catch {
            return .failure(error)
        }
    }

    private func limit(_ client: String) -> Response? {
        let decision = rateLimiter.admit(client)
        metrics.apiRateLimit(outcome: decision.allowed ? "allowed" : "limited")
        guard !decision.allowed else { return nil }
        return Problem(.tooManyRequests, type: "rate-limited", detail: "too many requests; retry after \(decision.retryAfter) s")
            .response(headers: [.retryAfter: String(decision.retryAfter)])
    }

    static func unauthorized(_ description: String) -> Response {
        Problem(.unauthorized, type: "unauthorized", detail: description)
            .response(headers: [.wwwAuthenticate: "Bearer error=\"invalid_token\", error_description=\"\(quoted(description))\""])
    }

    static func forbidden(_ scope: APIScope) -> ProblemError {
        ProblemError(
            problem: Problem(.forbidden, type: "forbidden", detail: "the token lacks the \(scope.rawValue) scope"),
            headers: [.wwwAuthenticate: "Bearer error=\"insufficient_scope\", scope=\"\(scope.rawValue)\""])
    }

    private static func quoted(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }

    private static func slug(_ status: HTTPResponse.Status) -> String {
        status.reasonPhrase.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: "-")
    }
}

extension APIPrincipal {
    /// The caller, who must hold `scope`; a 403 problem otherwise.
    static func require(_ scope: APIScope) throws(ProblemError) -> APIPrincipal {
        // No principal means the route was reached without the edge: refused, never waved through.
        guard let principal = current, principal.allows(scope) else { throw APIEdgeMiddleware.forbidden(scope) }
        return principal
    }
}
