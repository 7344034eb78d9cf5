import CoreMetrics
import Testing

@testable import Streaming

@Suite("StreamingMetrics")
struct StreamingMetricsTests {
    /// The exposition line for one series, without its value.
    private func value(of series: String, in text: String) -> String? {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return String(line.dropFirst(series.count + 1))
        }
        return nil
    }

    @Test func countersCarryServiceAndLabels() {
        let metrics = StreamingMetrics(service: "payment-service")
        metrics.consumed(topic: "orders", count: 5)
        metrics.consumed(topic: "orders", count: 2)
        metrics.processed(topic: "orders", type: "OrderPlaced")
        metrics.duplicate(topic: "orders")
        metrics.deadLettered(topic: "orders", errorClass: "undecodable")
        metrics.retried(topic: "orders", errorClass: "transient")
        metrics.retried(topic: "orders", errorClass: "transient")
        let text = metrics.renderPrometheus()

        #expect(value(of: #"orderflow_messages_consumed_total{service="payment-service",topic="orders"}"#, in: text) == "7")
        #expect(value(of: #"orderflow_events_processed_total{service="payment-service",topic="orders",type="OrderPlaced"}"#, in: text) == "1")
        #expect(value(of: #"orderflow_duplicates_total{service="payment-service",topic="orders"}"#, in: text) == "1")
        #expect(value(of: #"orderflow_dead_letters_total{service="payment-service",topic="orders",error_class="undecodable"}"#, in: text) == "1")
        #expect(value(of: #"orderflow_retries_total{service="payment-service",topic="orders",error_class="transient"}"#, in: text) == "2")
        #expect(text.contains("# TYPE orderflow_messages_consumed_total counter"))
        #expect(text.contains("# HELP orderflow_messages_consumed_total "))
    }

    @Test func gaugesReportTheLatestValue() {
        let metrics = StreamingMetrics(service: "outbox-relay")
        metrics.setConsumerLag(topic: "payments", partition: 2, lag: 40)
        metrics.setConsumerLag(topic: "payments", partition: 2, lag: 12)
        metrics.setOutboxBacklog(rows: 9, oldestAge: .milliseconds(1500))
        let text = metrics.renderPrometheus()

        #expect(value(of: #"orderflow_consumer_lag{service="outbox-relay",topic="payments",partition="2"}"#, in: text) == "12.0")
        #expect(value(of: #"orderflow_outbox_backlog{service="outbox-relay"}"#, in: text) == "9.0")
        #expect(value(of: #"orderflow_outbox_oldest_age_seconds{service="outbox-relay"}"#, in: text) == "1.5")
        #expect(text.contains("# TYPE orderflow_consumer_lag gauge"))

        metrics.setOutboxBacklog(rows: 0, oldestAge: nil)
        let emptied = metrics.renderPrometheus()
        #expect(value(of: #"orderflow_outbox_backlog{service="outbox-relay"}"#, in: emptied) == "0.0")
        #expect(value(of: #"orderflow_outbox_oldest_age_seconds{service="outbox-relay"}"#, in: emptied) == "0.0")
    }

    @Test func histogramsRecordSecondsIntoBuckets() {
        let metrics = StreamingMetrics(service: "inventory-service")
        metrics.handlerLatency(.milliseconds(3), type: "OrderPlaced")
        metrics.handlerLatency(.milliseconds(30), type: "OrderPlaced")
        metrics.relayPublished(count: 20, latency: .milliseconds(8))
        let text = metrics.renderPrometheus()

        let handler = #"orderflow_handler_duration_seconds"#
        #expect(text.contains("# TYPE \(handler) histogram"))
        #expect(value(of: #"\#(handler)_bucket{service="inventory-service",type="OrderPlaced",le="0.005"}"#, in: text) == "1")
        #expect(value(of: #"\#(handler)_bucket{service="inventory-service",type="OrderPlaced",le="0.05"}"#, in: text) == "2")
        #expect(value(of: #"\#(handler)_count{service="inventory-service",type="OrderPlaced"}"#, in: text) == "2")
        #expect(value(of: #"\#(handler)_sum{service="inventory-service",type="OrderPlaced"}"#, in: text) == "0.033")

        #expect(value(of: #"orderflow_relay_published_total{service="inventory-service"}"#, in: text) == "20")
        #expect(value(of: #"orderflow_relay_publish_duration_seconds_count{service="inventory-service"}"#, in: text) == "1")
        #expect(value(of: #"orderflow_relay_publish_duration_seconds_bucket{service="inventory-service",le="0.01"}"#, in: text) == "1")
    }

    @Test func relayAndOutboxSeriesExistBeforeTheFirstRound() {
        let text = StreamingMetrics(service: "outbox-relay").renderPrometheus()
        #expect(value(of: #"orderflow_relay_published_total{service="outbox-relay"}"#, in: text) == "0")
        #expect(value(of: #"orderflow_outbox_backlog{service="outbox-relay"}"#, in: text) == "0.0")
    }

    @Test func theRelayCountReadDirectlyIsTheScrapedOne() {
        let metrics = StreamingMetrics(service: "outbox-relay")
        metrics.relayPublished(count: 3, latency: .milliseconds(2))
        metrics.relayPublished(count: 0, latency: .milliseconds(1))
        metrics.relayPublished(count: 497, latency: .milliseconds(4))
        #expect(metrics.relayPublishedRows == 500)
        #expect(metrics.total(MetricNames.relayPublished) == 500)
    }

    /// Dashboards and the alert-rule checks find a family before its first series.
    @Test func everyFamilyIsDeclaredOnceBeforeAndAfterItsFirstSeries() {
        let metrics = StreamingMetrics(service: "inventory-service")
        let before = metrics.renderPrometheus()
        #expect(before.contains("# TYPE orderflow_dead_letters_total counter\n"))
        #expect(before.contains("# TYPE orderflow_handler_duration_seconds histogram\n"))
        #expect(before.contains("# TYPE orderflow_readiness_check_success gauge\n"))
        #expect(!before.contains("orderflow_dead_letters_total{"))

        metrics.deadLettered(topic: "orders", errorClass: "undecodable")
        metrics.sagaCompleted(outcome: "confirmed", duration: .milliseconds(40))
        metrics.eventsPublished(["order.confirmed": 3, "order.cancelled": 0])
        metrics.setRelayOwnedShards(5)
        let after = metrics.renderPrometheus()
        for family in ["orderflow_dead_letters_total", "orderflow_saga_duration_seconds", "orderflow_events_published_total"] {
            #expect(after.components(separatedBy: "# TYPE \(family) ").count == 2, "\(family) declared more than once:\n\(after)")
        }
        #expect(value(of: #"orderflow_saga_duration_seconds_bucket{service="inventory-service",outcome="confirmed",le="0.05"}"#, in: after) == "1")
        #expect(value(of: #"orderflow_events_published_total{service="inventory-service",type="order.confirmed"}"#, in: after) == "3")
        #expect(!after.contains(#"type="order.cancelled""#))
        #expect(value(of: #"orderflow_relay_owned_shards{service="inventory-service"}"#, in: after) == "5.0")
    }

    @Test func instancesDoNotShareValues() {
        let a = StreamingMetrics(service: "a")
        let b = StreamingMetrics(service: "b")
        a.consumed(topic: "t", count: 3)
        #expect(a.renderPrometheus().contains(#"orderflow_messages_consumed_total{service="a",topic="t"} 3"#))
        // b declares the family (HELP and TYPE) but has no series of it.
        #expect(!b.renderPrometheus().contains("orderflow_messages_consumed_total{"))
    }

    @Test func oddInputsNeverTrap() {
        let metrics = StreamingMetrics(service: "s")
        metrics.consumed(topic: "t", count: -5)
        metrics.handlerLatency(.milliseconds(-1), type: "x")
        metrics.setConsumerLag(topic: "t", partition: 0, lag: -1)
        metrics.relayPublished(count: -1, latency: .zero)
        metrics.processed(topic: "quote\"and\nnewline", type: "t")
        let text = metrics.renderPrometheus()
        #expect(text.contains(#"topic="quote\"and\nnewline""#))
        #expect(value(of: #"orderflow_consumer_lag{service="s",topic="t",partition="0"}"#, in: text) == "0.0")
    }

    @Test func swiftMetricsFactoryWritesIntoTheSameRegistry() {
        let metrics = StreamingMetrics(service: "order-service")
        let counter = CoreMetrics.Counter(
            label: "orderflow_api_requests_total", dimensions: [("service", "order-service")],
            factory: metrics.metricsFactory)
        counter.increment(by: 4)
        #expect(metrics.renderPrometheus().contains(#"orderflow_api_requests_total{service="order-service"} 4"#))
    }
}
