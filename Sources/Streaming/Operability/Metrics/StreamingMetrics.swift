import Prometheus
import Synchronization

/// The metrics of one service process, kept in a registry of its own.
///
/// Nothing here touches the global `MetricsSystem`, so several instances (one per test, say) never
/// share values. Every series carries `service="<name>"`.
public final class StreamingMetrics: Sendable {
    public let service: String
    public let registry: PrometheusCollectorRegistry

    /// Latency buckets from 1 ms to 10 s: handlers and relay rounds are expected in the low milliseconds,
    /// and anything past seconds is an incident rather than a distribution.
    static let latencyBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    /// Sagas span several hops and wait out outages (a paused payment service, say): up to minutes.
    static let sagaBuckets: [Duration] = [
        .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30),
        .seconds(60), .seconds(300),
    ]

    private let outboxBacklog: Gauge
    private let outboxOldestAge: Gauge
    private let relayPublishedTotal: Counter
    /// The same count, readable without rendering the registry: a tool polling it every few
    /// milliseconds (the bench) would otherwise spend more CPU on scrapes than the relay on its rows.
    private let relayPublishedCount = Atomic<Int>(0)
    private let relayPublishDuration: DurationHistogram

    public init(service: String) {
        self.service = service
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        let serviceLabel = [("service", service)]
        // Created up front so dashboards see 0 rather than a missing series before the first relay round.
        outboxBacklog = registry.makeGauge(
            descriptor: Family.outboxBacklog.descriptor, labels: serviceLabel)
        outboxOldestAge = registry.makeGauge(
            descriptor: Family.outboxOldestAge.descriptor, labels: serviceLabel)
        relayPublishedTotal = registry.makeCounter(
            descriptor: Family.relayPublished.descriptor, labels: serviceLabel)
        relayPublishDuration = registry.makeDurationHistogram(
            descriptor: Family.relayPublishDuration.descriptor, labels: serviceLabel, buckets: Self.latencyBuckets)
    }

    /// A swift-metrics factory writing into this instance's registry, for metrics a service adds itself
    /// (`Counter(label:dimensions:factory:)`), without bootstrapping the global `MetricsSystem`.
    public var metricsFactory: PrometheusMetricsFactory {
        PrometheusMetricsFactory(registry: registry)
    }

    public func consumed(topic: String, count: Int) {
        guard count > 0 else { return }
        counter(.messagesConsumed, [("topic", topic)])
            .increment(by: Int64(count))
    }

    public func processed(topic: String, type: String) {
        counter(.eventsProcessed, [("topic", topic), ("type", type)])
            .increment()
    }

    public func duplicate(topic: String) {
        counter(.duplicates, [("topic", topic)]).increment()
    }

    public func deadLettered(topic: String, errorClass: String) {
        counter(.deadLetters, [("topic", topic), ("error_class", errorClass)])
            .increment()
    }

    public func retried(topic: String, errorClass: String) {
        counter(.retries, [("topic", topic), ("error_class", errorClass)])
            .increment()
    }

    /// A batch whose shared transaction failed, redone with a savepoint per message.
    public func batchRedone(topic: String) {
        counter(.batchesRedone, [("topic", topic)]).increment()
    }

    public func handlerLatency(_ d: Duration, type: String) {
        registry.makeDurationHistogram(
            descriptor: Family.handlerDuration.descriptor, labels: labels([("type", type)]),
            buckets: Self.latencyBuckets
        ).record(max(d, .zero))
    }

    public func setConsumerLag(topic: String, partition: Int32, lag: Int64) {
        registry.makeGauge(
            descriptor: Family.consumerLag.descriptor,
            labels: labels([("topic", topic), ("partition", String(partition))])
        ).set(Double(max(lag, 0)))
    }

    public func setOutboxBacklog(rows: Int, oldestAge: Duration?) {
        outboxBacklog.set(Double(max(rows, 0)))
        outboxOldestAge.set(Self.seconds(oldestAge ?? .zero))
    }

    public func setParked(messages: Int, keys: Int, oldestAge: Duration?) {
        registry.makeGauge(descriptor: Family.parkedMessages.descriptor, labels: labels([])).set(Double(max(messages, 0)))
        registry.makeGauge(descriptor: Family.parkedKeys.descriptor, labels: labels([])).set(Double(max(keys, 0)))
        registry.makeGauge(descriptor: Family.parkedOldestAge.descriptor, labels: labels([])).set(Self.seconds(oldestAge ?? .zero))
    }

    public func relayPublished(count: Int, latency: Duration) {
        if count > 0 {
            relayPublishedTotal.increment(by: Int64(count))
            relayPublishedCount.add(count, ordering: .relaxed)
        }
        relayPublishDuration.record(max(latency, .zero))
    }

    /// Rows the relays of this process published (delivered and marked), as `orderflow_relay_published_total` counts them.
    public var relayPublishedRows: Int { relayPublishedCount.load(ordering: .relaxed) }

    /// Events a relay published (delivered and marked), by event type: how many orders were placed,
    /// confirmed, cancelled or rejected, say, whoever consumes them.
    public func eventsPublished(_ countsByType: [String: Int]) {
        for (type, count) in countsByType where count > 0 {
            counter(.eventsPublished, [("type", type)]).increment(by: Int64(count))
        }
    }

    /// A saga that reached its end (`confirmed`, `cancelled`), `duration` after it began.
    public func sagaCompleted(outcome: String, duration: Duration) {
        registry.makeDurationHistogram(
            descriptor: Family.sagaDuration.descriptor, labels: labels([("outcome", outcome)]), buckets: Self.sagaBuckets
        ).record(max(duration, .zero))
    }

    /// The outbox shards this relay holds the locks of, after its latest rebalance (0 after losing its
    /// connection, and with it the locks).
    public func setRelayOwnedShards(_ count: Int) {
        registry.makeGauge(descriptor: Family.relayOwnedShards.descriptor, labels: labels([]))
            .set(Double(max(count, 0)))
    }

    /// The outcome of each readiness check: 1 passed, 0 failed or timed out. `/metrics` evaluates the
    /// checks at every scrape, so alerts see readiness even where nothing polls `/readyz`.
    public func recordReadiness(_ report: ReadinessReport) {
        for result in report.results {
            registry.makeGauge(descriptor: Family.readinessCheck.descriptor, labels: labels([("check", result.name)]))
                .set(Double(result.outcome.isOK ? 1 : 0))
        }
    }

    /// One HTTP API request's rate-limit decision: `allowed` or `limited`.
    public func apiRateLimit(outcome: String) {
        counter(.apiRateLimit, [("outcome", outcome)]).increment()
    }

    /// The Prometheus text exposition format (version 0.0.4). Families without a series yet (no dead
    /// letter so far, say) are declared by their HELP and TYPE lines, so that scrapers, dashboards and
    /// the checks of alert rules find every name a process may report from its first scrape on.
    public func renderPrometheus() -> String {
        var text = registry.emitToString()
        for family in Family.allCases where !text.contains("# TYPE \(family.name) ") {
            text += "# HELP \(family.name) \(family.help)\n# TYPE \(family.name) \(family.kind)\n"
        }
        return text
    }

    private func counter(_ family: Family, _ extra: [(String, String)]) -> Counter {
        registry.makeCounter(descriptor: family.descriptor, labels: labels(extra))
    }

    /// The service label always comes first: the registry tells series apart by ordered label lists.
    private func labels(_ extra: [(String, String)]) -> [(String, String)] {
        [("service", service)] + extra
    }

    private static func seconds(_ d: Duration) -> Double {
        let (seconds, attoseconds) = max(d, .zero).components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

/// Each metric family's name and help text; the registry requires one help text per name.
private enum Family: CaseIterable {
    case messagesConsumed, eventsProcessed, duplicates, deadLetters, retries, batchesRedone, handlerDuration
    case consumerLag, outboxBacklog, outboxOldestAge, relayPublished, relayPublishDuration, apiRateLimit
    case parkedMessages, parkedKeys, parkedOldestAge
    case relayOwnedShards, eventsPublished, sagaDuration, readinessCheck

    var descriptor: MetricNameDescriptor {
        // The full name goes in `metricName` so the exposed name is exactly the documented one.
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }

    var name: String {
        switch self {
        case .messagesConsumed: MetricNames.messagesConsumed
        case .eventsProcessed: MetricNames.eventsProcessed
        case .duplicates: MetricNames.duplicates
        case .deadLetters: MetricNames.deadLetters
        case .retries: MetricNames.retries
        case .batchesRedone: MetricNames.batchesRedone
        case .handlerDuration: MetricNames.handlerDuration
        case .consumerLag: MetricNames.consumerLag
        case .outboxBacklog: MetricNames.outboxBacklog
        case .outboxOldestAge: MetricNames.outboxOldestAge
        case .relayPublished: MetricNames.relayPublished
        case .relayPublishDuration: MetricNames.relayPublishDuration
        case .apiRateLimit: MetricNames.apiRateLimit
        case .parkedMessages: MetricNames.parkedMessages
        case .parkedKeys: MetricNames.parkedKeys
        case .parkedOldestAge: MetricNames.parkedOldestAge
        case .relayOwnedShards: MetricNames.relayOwnedShards
        case .eventsPublished: MetricNames.eventsPublished
        case .sagaDuration: MetricNames.sagaDuration
        case .readinessCheck: MetricNames.readinessCheck
        }
    }

    var kind: String {
        switch self {
        case .handlerDuration, .relayPublishDuration, .sagaDuration: "histogram"
        case .consumerLag, .outboxBacklog, .outboxOldestAge, .relayOwnedShards, .readinessCheck, .parkedMessages,
             .parkedKeys, .parkedOldestAge: "gauge"
        case .messagesConsumed, .eventsProcessed, .duplicates, .deadLetters, .retries, .batchesRedone,
             .relayPublished, .apiRateLimit, .eventsPublished: "counter"
        }
    }

    var help: String {
        switch self {
        case .messagesConsumed: "Messages fetched from Kafka, by topic."
        case .eventsProcessed: "Events handled successfully, by topic and event type."
        case .duplicates: "Messages skipped because their event id was already processed."
        case .deadLetters: "Messages sent to the dead-letter topic, by error class."
        case .retries: "Retries of transient failures, by error class."
        case .batchesRedone: "Batches redone with a savepoint per message after their shared transaction failed."
        case .handlerDuration: "Time spent handling one event, by event type."
        case .consumerLag: "Messages between the committed offset and the partition end."
        case .outboxBacklog: "Outbox rows not yet published."
        case .outboxOldestAge: "Age of the oldest unpublished outbox row (0 when empty)."
        case .relayPublished: "Outbox rows published by the relay."
        case .relayPublishDuration: "Time to publish one relay batch and receive its delivery reports."
        case .apiRateLimit: "HTTP API requests by rate-limit outcome (allowed or limited)."
        case .parkedMessages: "Messages parked in the service's database after a retryable failure, or behind one of their key."
        case .parkedKeys: "Keys (orders) with parked messages."
        case .parkedOldestAge: "Age of the oldest parked message (0 when none)."
        case .relayOwnedShards: "Outbox shards this relay owns (holds the advisory lock of)."
        case .eventsPublished: "Events the relay published to Kafka, by event type."
        case .sagaDuration: "Time from an order placed to its confirmation or cancellation, by outcome."
        case .readinessCheck: "Readiness checks at the latest scrape, by check: 1 passed, 0 failed."
        }
    }
}
