import Hummingbird

/// The three routes every service answers; probes and scrapers depend on these paths.
struct OperabilityRoutes: Sendable {
    static let prometheusContentType = "text/plain; version=0.0.4; charset=utf-8"

    var metrics: StreamingMetrics
    var readiness: ReadinessProbe

    func add(to router: Router<ServiceRequestContext>) {
        router.get("healthz") { _, _ in
            Self.response(.ok, contentType: "text/plain; charset=utf-8", body: "ok")
        }
        router.get("readyz") { [readiness, metrics] _, _ in
            let report = await readiness.evaluate()
            metrics.recordReadiness(report)
            return Self.response(
                report.isReady ? .ok : .serviceUnavailable,
                contentType: "application/json", body: report.json)
        }
        router.get("metrics") { [metrics, readiness] _, _ in
            // Each check is bounded by the probe's timeout, well inside a scraper's.
            metrics.recordReadiness(await readiness.evaluate())
            return Self.response(.ok, contentType: Self.prometheusContentType, body: metrics.renderPrometheus())
        }
    }

    static func response(_ status: HTTPResponse.Status, contentType: String, body: String) -> Response {
        Response(
            status: status,
            headers: [.contentType: contentType],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
