import Events
import Foundation
import Kafka
import OrderTraffic
import Testing

@Suite struct TraceTests {
    @Test func traceShowsOneCorrelationInCausalOrder() async throws {
        let broker = try TestBroker.start()
        var generator = OrderGenerator(mix: try OrderMix(parsing: "invalid=100"), seed: 5)
        let traced = generator.next(), other = generator.next()
        let rejection = Event(
            source: "order-service", causedBy: traced.event.metadata, time: traced.event.metadata.time.addingTimeInterval(0.5),
            data: OrderRejected(orderId: traced.key, errors: [.init(field: "lines", message: "bad")]))
        let producer = try broker.producer()
        // The effect is written first, so only the causation chain can put it under its cause.
        _ = try await producer.send(try Self.record("orders", rejection.metadata, try EventRegistry.standard.encode(rejection)))
        _ = try await producer.send(try Self.record("order-requests", traced.event.metadata, try EventRegistry.standard.encode(traced.event)))
        _ = try await producer.send(try Self.record("order-requests", other.event.metadata, try EventRegistry.standard.encode(other.event)))
        await producer.close()

        let correlation = traced.event.metadata.correlationID
        let run = try await CLIRun.orderflow(["trace", correlation, "--brokers", broker.servers])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let lines = run.stdoutLines
        #expect(lines.count == 3, "\(run.stdout)")
        #expect(lines.first?.contains("2 event(s) on 2 topic(s)") == true)
        #expect(lines.count > 2 && lines[1].contains("order.requested") && lines[1].contains("order-requests/"))
        #expect(lines.count > 2 && lines[2].hasPrefix("└─ ") && lines[2].contains("order.rejected"))
        // The rejection's time is its cause's plus 0.5 s: that hop took 500 ms.
        #expect(lines.count > 2 && lines[2].contains("+500 ms"), "\(run.stdout)")
        #expect(lines.first?.contains("slowest hop order.requested → order.rejected 500 ms") == true, "\(run.stdout)")

        let json = try await CLIRun.orderflow(["trace", correlation, "--json", "--brokers", broker.servers])
        #expect(json.status == 0, "stderr: \(json.stderr)")
        let objects = try json.stdoutLines.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        #expect(objects.map { $0["depth"] as? Int } == [0, 1])
        #expect(objects.map { $0["ms_since_cause"] as? Int } == [nil, 500])
        #expect(objects.allSatisfy { $0["ms_in_outbox"] is Int }, "every record has a timestamp to compare with")
    }

    @Test func unknownCorrelationIsOneClearLine() async throws {
        let broker = try TestBroker.start()
        let run = try await CLIRun.orderflow(["trace", "no-such-correlation", "--brokers", broker.servers])
        #expect(run.isOneLineError, "stderr: \(run.stderr)")
        #expect(run.stderr.contains("no events with correlation id no-such-correlation"))
    }

    static func record(_ topic: String, _ metadata: EventMetadata, _ value: [UInt8]) throws -> KafkaRecord {
        KafkaRecord(
            topic: topic, key: Array(metadata.subject.utf8), value: value,
            headers: EventHeaders.headers(for: metadata).map { KafkaHeader(key: $0.key, string: $0.value) })
    }
}
