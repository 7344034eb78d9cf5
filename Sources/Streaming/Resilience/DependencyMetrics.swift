import Prometheus

/// The metrics of the calls to one dependency, in the process's registry: the breaker's state, calls by
/// outcome, call latency, bulkhead rejections. Every series carries `service` and `dependency`.
public final class DependencyMetrics: Sendable {
    public let dependency: String
    private let registry: PrometheusCollectorRegistry
    private let labels: [(String, String)]
    private let state: Gauge
    private let duration: DurationHistogram
    private let rejections: Counter

    /// Latency buckets from 5 ms to 10 s: a provider answers in tens of milliseconds when healthy.
    static let buckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5), .seconds(10),
    ]

    public init(_ metrics: StreamingMetrics, dependency: String) {
        self.dependency = dependency
        registry = metrics.registry
        labels = [("service", metrics.service), ("dependency", dependency)]
        state = registry.makeGauge(
            descriptor: Self.descriptor(MetricNames.circuitState,
                                        "Circuit breaker state of a dependency: 0 closed, 1 half-open, 2 open."),
            labels: labels)
        duration = registry.makeDurationHistogram(
            descriptor: Self.descriptor(MetricNames.dependencyCallDuration, "Time of one call to a dependency, answered or not."),
            labels: labels, buckets: Self.buckets)
        rejections = registry.makeCounter(
            descriptor: Self.descriptor(MetricNames.bulkheadRejections, "Calls to a dependency refused by a full bulkhead."),
            labels: labels)
        // Made up front so dashboards see 0 rather than a missing series before the first call.
        for outcome in ["success", "failure", "not_permitted"] { _ = counter(outcome) }
    }

    func setState(_ circuit: CircuitState) { state.set(circuit.gaugeValue) }

    /// One call: `success` (an answer), `failure` (none), `not_permitted` (the breaker refused it).
    func call(outcome: String, duration: Duration? = nil) {
        counter(outcome).increment()
        if let duration { self.duration.record(max(duration, .zero)) }
    }

    public func bulkheadRejected() { rejections.increment() }

    private func counter(_ outcome: String) -> Counter {
        registry.makeCounter(
            descriptor: Self.descriptor(MetricNames.dependencyCalls, "Calls to a dependency by outcome."),
            labels: labels + [("outcome", outcome)])
    }

    private static func descriptor(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }
}
