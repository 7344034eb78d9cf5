import Hummingbird

/// Makes API requests suffer the faults in force: a delay, a 503 instead of an answer, or a hang.
/// Faulted requests are not carried out, so a client that retries with the same key finds nothing done.
struct FaultMiddleware<Context: RequestContext>: RouterMiddleware {
    let faults: FaultSwitch
    let metrics: ProviderMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
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

    /// Waits until the faults are reset or the hang limit passes, whichever is first.
    private func hang() async {
        let started = faults.generation
        let deadline = ContinuousClock.now + faults.hangLimit
        while ContinuousClock.now < deadline, faults.generation == started, !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(100))
        }
    }
}
