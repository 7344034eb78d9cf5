import Foundation
import Hummingbird

/// Makes API requests suffer the faults in force: a delay, a 503 instead of an answer, or a hang; and a
/// 503 for every request of the failing reference, if one is set. Faulted requests are not carried out, so
/// a client that retries with the same key finds nothing done.
struct FaultMiddleware<Context: RequestContext>: RouterMiddleware {
    let faults: FaultSwitch
    let metrics: ProviderMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = request
        if let failing = faults.current.failReference, try await Self.reference(of: &request) == failing {
            metrics.faulted("reference")
            return .problem(.serviceUnavailable, ProviderProblem(error: "unavailable", detail: "injected fault: 503 for reference \(failing)"))
        }
        var generator = SystemRandomNumberGenerator()
        switch faults.draw(using: &generator) {
        case .proceed(let delay):
            if delay > .zero { try await Task.sleep(for: delay) }
            return try await next(request, context)
        case .fail(let delay):
            if delay > .zero { try await Task.sleep(for: delay) }
            metrics.faulted("error")
            return .problem(.serviceUnavailable, ProviderProblem(error: "unavailable", detail: "injected fault: 503"))
        case .hang:
            metrics.faulted("hang")
            await hang()
            return .problem(.gatewayTimeout, ProviderProblem(error: "hung", detail: "injected fault: the request hung"))
        }
    }

    /// The `reference` of a charge or refund body, nil when the body has none. The body is collected and
    /// kept on the request, so the route reads it again; only done while a reference is failing.
    private static func reference(of request: inout Request) async throws -> String? {
        let body = try await request.collectBody(upTo: ProviderRoutes.maxBodyBytes)
        return try? JSONDecoder().decode(ReferencedBody.self, from: Data(buffer: body)).reference
    }

    /// Waits until the faults are reset or the hang limit passes, whichever is first.
    private func hang() async {
        let started = faults.generation
        let deadline = ContinuousClock.now + faults.hangLimit
        while ContinuousClock.now < deadline, faults.generation == started, !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(100))
        }
    }
}

/// The one field of a charge or refund body the failing-reference fault looks at.
private struct ReferencedBody: Decodable {
    var reference: String
}
