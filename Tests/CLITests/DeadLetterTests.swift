import Events
import Foundation
import Kafka
import OrderTraffic
import Streaming
import Testing

@Suite struct DeadLetterTests {
    /// Two dead letters of `orders`, written the way the consume loop writes them.
    static func deadLetter(_ order: GeneratedOrder, offset: Int64, errorClass: String) throws -> KafkaRecord {
        let headers = EventHeaders.headers(for: order.event.metadata).map { KafkaHeader(key: $0.key, string: $0.value) }
        let original = KafkaMessage(
            topic: "orders", partition: 1, offset: offset, key: Array(order.key.utf8),
            value: try EventRegistry.standard.encode(order.event), headers: headers, timestamp: Date())
        return DeadLetter(
            message: original, consumerGroup: "payment-service", errorClass: errorClass,
            errorMessage: "\(errorClass) for test", attempts: 3, failedAt: Date().addingTimeInterval(-90)
        ).record
    }

    static func setUp() async throws -> (TestBroker, [GeneratedOrder]) {
        let broker = try TestBroker.start()
        var generator = OrderGenerator(mix: try OrderMix(parsing: "paid=100"), seed: 3)
        let orders = [generator.next(), generator.next()]
        let producer = try broker.producer()
        _ = try await producer.send(try deadLetter(orders[0], offset: 42, errorClass: "invalid_data"))
        _ = try await producer.send(try deadLetter(orders[1], offset: 43, errorClass: "retries_exhausted"))
        await producer.close()
        return (broker, orders)
    }

    @Test func listShowsErrorClassOriginalPositionGroupAndAttempts() async throws {
        let (broker, _) = try await Self.setUp()
        let run = try await CLIRun.orderflow(["dlq", "list", "orders.dlq", "--brokers", broker.servers])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let rows = run.stdoutLines.filter { $0.hasPrefix("orders.dlq/") }
        #expect(rows.count == 2, "\(run.stdout)")
        let first = try #require(rows.first)
        #expect(first.contains("invalid_data"))
        #expect(first.contains("orders/1@42"))
        #expect(first.contains("payment-service"))
        #expect(first.contains("invalid_data for test"))
        #expect(first.contains(" 1m"), "age of a dead letter that failed 90 s ago: \(first)")
        #expect(rows[1].contains("retries_exhausted"))
        #expect(run.stdout.contains("2 dead letter(s)"))
    }

    @Test func dryRunProducesNothing() async throws {
        let (broker, _) = try await Self.setUp()
        let run = try await CLIRun.orderflow(["dlq", "replay", "orders.dlq", "--dry-run", "--brokers", broker.servers])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("would replay orders.dlq/0@0 -> orders"))
        #expect(run.stdout.contains("2 dead letter(s) would be replayed"))
        #expect(try await broker.highWatermark("orders", partitions: 3) == 0)
    }

    @Test func replayRepublishesTheFilteredDeadLetterToItsOriginalTopic() async throws {
        let (broker, orders) = try await Self.setUp()
        let run = try await CLIRun.orderflow(
            ["dlq", "replay", "orders.dlq", "--filter", "error-class=retries_exhausted", "--brokers", broker.servers])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("replayed 1 of 1 dead letter(s)"), "\(run.stdout)")

        let replayed = try await broker.read("orders", count: 1)
        #expect(replayed.count == 1)
        let message = try #require(replayed.first)
        #expect(message.key == Array(orders[1].key.utf8))
        #expect(message.value == (try EventRegistry.standard.encode(orders[1].event)))
        #expect(message.headers.string(named: DeadLetterHeaders.replayedFrom) == "orders.dlq/0/1")
        #expect(message.headers.string(named: EventHeaders.correlationID) == orders[1].event.metadata.correlationID)
        #expect(DeadLetterHeaders.all.allSatisfy { message.headers.string(named: $0) == nil })
        #expect(try await broker.highWatermark("orders", partitions: 3) == 1)
    }

    @Test func unknownFilterIsRejected() async throws {
        let run = try await CLIRun.orderflow(["dlq", "replay", "orders.dlq", "--filter", "colour=blue", "--brokers", "127.0.0.1:1"])
        #expect(run.isOneLineError, "stderr: \(run.stderr)")
    }
}
