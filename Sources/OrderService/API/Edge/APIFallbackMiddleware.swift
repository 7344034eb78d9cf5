import HTTPTypes
import Hummingbird
import Streaming

/// Answers, as problem+json, the requests under `/api/v1` that no route takes: 405 with `Allow` for a
/// known path asked with another method, 404 for an unknown path. The router's own answer for these is
/// an empty 404, which would be the one error of the API that is not a problem document. Requests
/// outside the API pass through untouched.
struct APIFallbackMiddleware: RouterMiddleware {
    typealias Context = ServiceRequestContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        guard APIRoutes.isUnderAPI(path) else { return try await next(request, context) }
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            return Self.unrouted(method: request.method, path: path)
        } catch let error as HTTPError {
            return Problem(error.status, type: "http-\(error.status.code)", detail: error.body ?? error.status.reasonPhrase)
                .response()
        }
    }

    static func unrouted(method: HTTPRequest.Method, path: String) -> Response {
        let allowed = APIRoutes.methods(for: path)
        guard !allowed.isEmpty else {
            return Problem(.notFound, type: "no-such-path", detail: "the API has no \(path.prefix(200))").response()
        }
        let list = allowed.map(\.rawValue).joined(separator: ", ")
        return Problem(.methodNotAllowed, type: "method-not-allowed", detail: "\(path.prefix(200)) answers \(list), not \(method.rawValue)")
            .response(headers: [.allow: list])
    }
}
