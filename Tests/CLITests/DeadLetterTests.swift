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
        #expect(run.status == 64)
        #expect(run.stderr.contains("unknown filter \"colour\""), "\(run.stderr)")
    }

    @Test func anOffsetFilterNeedsANumber() async throws {
        let run = try await CLIRun.orderflow(["dlq", "list", "orders.dlq", "--filter", "offset=abc", "--brokers", "127.0.0.1:1"])
        #expect(run.isOneLineError, "stderr: \(run.stderr)")
        #expect(run.status == 64)
        #expect(run.stderr.contains("offset needs a whole number"), "\(run.stderr)")
    }

    /// The README's old example: unknown_order letters are on payments.dlq, not orders.dlq.
    @Test func aFilterThatMatchesNothingSaysWhatIsThere() async throws {
        let (broker, _) = try await Self.setUp()
        let run = try await CLIRun.orderflow(
            ["dlq", "replay", "orders.dlq", "--filter", "error-class=unknown_order", "--brokers", broker.servers])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("no dead letter matches error-class=unknown_order"), "\(run.stdout)")
        #expect(run.stdout.contains("orders.dlq has 2: 1 invalid_data, 1 retries_exhausted"), "\(run.stdout)")
        #expect(run.stdout.contains("nothing replayed"))
        #expect(try await broker.highWatermark("orders", partitions: 3) == 0)
    }

    @Test func summaryCountsPerErrorClass() async throws {
        let (broker, orders) = try await Self.setUp()
        let producer = try broker.producer()
        _ = try await producer.send(try Self.deadLetter(orders[0], offset: 44, errorClass: "retries_exhausted"))
        await producer.close()
        let run = try await CLIRun.orderflow(["dlq", "summary", "orders.dlq", "--brokers", broker.servers])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let rows = run.stdoutLines.dropFirst().map { $0.split(separator: " ").map(String.init) }
        #expect(rows.first?.prefix(4) == ["retries_exhausted", "2", "orders", "payment-service"], "\(run.stdout)")
        #expect(rows.dropFirst().first?.prefix(2) == ["invalid_data", "1"], "\(run.stdout)")
        #expect(run.stdout.contains("3 dead letter(s) on orders.dlq"))
    }

    /// A letter that is not JSON would only be dead-lettered again: replay needs --force for it.
    @Test func replayingALetterThatIsNotJSONNeedsForce() async throws {
        let broker = try TestBroker.start()
        let original = KafkaMessage(topic: "orders", partition: 0, offset: 7, key: Array("k-1".utf8), value: Array("not json".utf8))
        let letter = DeadLetter(
            message: original, consumerGroup: "payment-service", errorClass: "not_json", errorMessage: "not JSON",
            attempts: 1, failedAt: Date()).record
        let producer = try broker.producer()
        _ = try await producer.send(letter)
        await producer.close()

        let refused = try await CLIRun.orderflow(["dlq", "replay", "orders.dlq", "--brokers", broker.servers])
        #expect(refused.status == 1, "stderr: \(refused.stderr)")
        #expect(refused.stderrLines.first?.contains("orderflow: warning: orders.dlq/0/0: not JSON") == true, "\(refused.stderr)")
        #expect(refused.stderrLines.last?.contains("--force") == true, "\(refused.stderr)")
        #expect(try await broker.highWatermark("orders", partitions: 3) == 0)

        let forced = try await CLIRun.orderflow(["dlq", "replay", "orders.dlq", "--force", "--brokers", broker.servers])
        #expect(forced.status == 0, "stderr: \(forced.stderr)")
        #expect(try await broker.highWatermark("orders", partitions: 3) == 1)
    }

    /// The replay mark on the original topic makes a second replay of the same letter ask first.
    @Test func aSecondReplayOfTheSameLetterNeedsForce() async throws {
        let (broker, _) = try await Self.setUp()
        let arguments = ["dlq", "replay", "orders.dlq", "--filter", "offset=1", "--brokers", broker.servers]
        let first = try await CLIRun.orderflow(arguments)
        #expect(first.status == 0, "stderr: \(first.stderr)")
        let second = try await CLIRun.orderflow(arguments)
        #expect(second.status == 1, "stderr: \(second.stderr)")
        #expect(second.stderr.contains("orders.dlq/0/1: already replayed to orders"), "\(second.stderr)")
        let dryRun = try await CLIRun.orderflow(arguments + ["--dry-run"])
        #expect(dryRun.stdout.contains("already replayed"), "\(dryRun.stdout)")
        #expect(try await broker.highWatermark("orders", partitions: 3) == 1)
    }

    /// Replays hash keys as the Java client does, so a key lands where every other client puts it.
    @Test func replaysPutAKeyOnThePartitionTheJavaPartitionerPicks() async throws {
        #expect(JavaPartitioner.murmur2(Array("21".utf8)) == -973_932_308, "the formula as the Java client's tests state it")
        #expect(JavaPartitioner.murmur2(Array("foobar".utf8)) == -790_332_482)
        let broker = try TestBroker.start(partitions: 3)
        var generator = OrderGenerator(mix: try OrderMix(parsing: "paid=100"), seed: 5)
        let orders = (0..<8).map { _ in generator.next() }
        let producer = try broker.producer()
        for (index, order) in orders.enumerated() {
            _ = try await producer.send(try Self.deadLetter(order, offset: Int64(index), errorClass: "retries_exhausted"))
        }
        await producer.close()
        let run = try await CLIRun.orderflow(["dlq", "replay", "orders.dlq", "--brokers", broker.servers])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let replayed = try await broker.read("orders", count: orders.count)
        #expect(replayed.count == orders.count)
        for message in replayed {
            let key = String(decoding: message.key ?? [], as: UTF8.self)
            #expect(message.partition == JavaPartitioner.partition(of: key, partitions: 3), "key \(key)")
        }
    }
}
