import Prometheus

/// What the simulator counts, served on `/metrics`: answers by operation and status, and the requests
/// its faults took.
public final class ProviderMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()

    public init() {}

    func answered(_ operation: String, status: Int) {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                metricName: "orderflow_provider_answers_total", unitName: "",
                helpText: "Answers of the payment provider simulator by operation and HTTP status."),
            labels: [("operation", operation), ("status", String(status))]
        ).increment()
    }

    func faulted(_ fault: String) {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                metricName: "orderflow_provider_faults_total", unitName: "",
                helpText: "API requests the simulator's injected faults took: error, hang, refused, reference (the failing reference)."),
            labels: [("fault", fault)]
        ).increment()
    }

    var text: String { registry.emitToString() }
}
