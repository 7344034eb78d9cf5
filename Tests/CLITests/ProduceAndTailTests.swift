import Foundation
import Kafka
import OrderTraffic
import Testing

@Suite struct ProduceAndTailTests {
    @Test func producedOrdersShowUpInTail() async throws {
        let broker = try TestBroker.start()
        let produce = try await CLIRun.orderflow(
            ["orders", "produce", "--count", "20", "--rate", "0", "--seed", "7", "--brokers", broker.servers])
        #expect(produce.status == 0, "stderr: \(produce.stderr)")
        #expect(produce.stdout.contains("20 acknowledged, 0 failed"), "\(produce.stdout)")
        #expect(produce.stdout.contains("seed 7"))

        let tail = try await CLIRun.orderflow(
            ["tail", "order-requests", "--from-beginning", "--limit", "20", "--json", "--timeout", "15", "--brokers", broker.servers])
        #expect(tail.status == 0, "stderr: \(tail.stderr)")
        let objects = try tail.stdoutLines.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        #expect(objects.count == 20)
        let events = objects.compactMap { $0["event"] as? [String: Any] }
        #expect(events.count == 20)
        #expect(events.allSatisfy { $0["type"] as? String == "order.requested" })

        // The same seed and mix generate the same orders, so the ids on the topic are predictable.
        var generator = OrderGenerator(mix: .default, seed: 7)
        let expected = Set((0..<20).map { _ in generator.next().key })
        let subjects = Set(events.compactMap { $0["subject"] as? String })
        #expect(subjects == expected)
        let keys = Set(objects.compactMap { $0["key"] as? String })
        #expect(keys == expected)
        let headers = objects.compactMap { $0["headers"] as? [String: Any] }
        #expect(headers.count == objects.count)
        #expect(headers.allSatisfy { $0["orderflow_type"] as? String == "order.requested" })
        #expect(headers.allSatisfy { ($0["content-type"] as? String)?.hasPrefix("application/cloudevents+json") == true })
        #expect(headers.allSatisfy { $0.keys.allSatisfy { !$0.hasPrefix("ce_") } })
    }

    @Test func tailFiltersByCorrelationIDAndPrintsReadableLines() async throws {
        let broker = try TestBroker.start()
        let produce = try await CLIRun.orderflow(
            ["orders", "produce", "--count", "5", "--rate", "0", "--seed", "11", "--mix", "paid=100", "--brokers", broker.servers])
        #expect(produce.status == 0, "stderr: \(produce.stderr)")
        var generator = OrderGenerator(mix: try OrderMix(parsing: "paid=100"), seed: 11)
        let orders = (0..<5).map { _ in generator.next() }
        let wanted = orders[2]

        let tail = try await CLIRun.orderflow(
            ["tail", "order-requests", "--from-beginning", "--correlation-id", wanted.event.metadata.correlationID,
             "--timeout", "4", "--brokers", broker.servers])
        #expect(tail.status == 0, "stderr: \(tail.stderr)")
        #expect(tail.stdoutLines.count == 1, "\(tail.stdout)")
        let line = try #require(tail.stdoutLines.first)
        #expect(line.contains("order.requested v"))
        #expect(line.contains(wanted.key))
        #expect(line.contains("corr=\(wanted.event.metadata.correlationID)"))
        #expect(!line.contains("\u{1B}["), "no colour when stdout is not a terminal")
    }

    @Test func undecodableMessagesAreShownNotFatal() async throws {
        let broker = try TestBroker.start()
        let producer = try broker.producer()
        _ = try await producer.send(.init(topic: "orders", key: Array("k".utf8), value: Array("not json".utf8)))
        await producer.close()
        let tail = try await CLIRun.orderflow(
            ["tail", "orders", "--from-beginning", "--limit", "1", "--timeout", "10", "--brokers", broker.servers])
        #expect(tail.status == 0, "stderr: \(tail.stderr)")
        #expect(tail.stdout.contains("undecodable"))
        #expect(tail.stdout.contains("not_json"))
    }
}
