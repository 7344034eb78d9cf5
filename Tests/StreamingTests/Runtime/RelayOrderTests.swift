import Events
import Foundation
import Kafka
import Streaming
import Testing

/// The relay publishes every outbox row, each key's events in the order they were written.
@Suite(.serialized) struct RelayOrderTests {
    @Test(.timeLimit(.minutes(1)))
    func tenThousandRowsAcrossTwoHundredKeysArriveInPerKeyOrder() async throws {
        try await Harness.with { harness in
            let fixture = OutboxFixture(orders: 200, perOrder: 50)
            try await fixture.write(to: harness.database)
            let reader = try harness.reader(topic: TopicCatalog.payments)
            let relay = try harness.startRelay()

            try await waitUntil("every row published", timeout: .seconds(20), every: .milliseconds(200)) {
                try await OutboxFixture.unpublished(in: harness.database) == 0
            }
            let messages = try await reader.read(count: fixture.count, timeout: .seconds(30))
            try await relay.stop()

            let arrivals = OutboxFixture.Arrivals(messages)
            #expect(arrivals.total == fixture.count)
            #expect(arrivals.undecodable == 0)
            #expect(arrivals.headerIDMismatches == 0)
            #expect(arrivals.amountsByOrder.count == fixture.orders.count)
            let expected = Array(0..<Int64(fixture.perOrder))
            let outOfOrder = fixture.orders.filter { arrivals.amountsByOrder[$0] != expected }
            #expect(outOfOrder.isEmpty, "\(outOfOrder.count) orders arrived out of order or incomplete")
            #expect(relay.metrics.total(MetricNames.relayPublished) == Double(fixture.count))
        }
    }
}
