import Events
import Foundation
import Kafka
import OrderTraffic
import Synchronization

/// Stands in for the services during `orders produce --wait`: answers every order.requested with the
/// terminal event its scenario leads to (or with `overrides`, or not at all for `silent` orders).
final class FakePipeline: Sendable {
    enum Answer: Sendable {
        case asScenario
        case wrong(OrderCancelled.Reason)
        case silent
    }

    let task: Task<Int, any Error>
    private let assigned: Flag

    final class Flag: Sendable {
        let value = Atomic<Bool>(false)
    }

    init(broker: TestBroker, scenarios: [String: OrderScenario], answers: [String: Answer] = [:]) throws {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: broker.servers, groupID: "fake-order-service")
        configuration.autoOffsetReset = .earliest
        configuration.sessionTimeout = .seconds(6)
        let consumer = try KafkaConsumer(configuration: configuration)
        try consumer.subscribe(topics: ["order-requests"])
        let producer = try broker.producer()
        let assigned = Flag()
        self.assigned = assigned
        task = Task {
            var answered = 0
            while !Task.isCancelled {
                let messages = try await consumer.poll(maxMessages: 100, maxWait: .milliseconds(100))
                if !(try consumer.assignment().isEmpty) { assigned.value.store(true, ordering: .releasing) }
                var records: [KafkaRecord] = []
                for message in messages {
                    let event = try EventRegistry.standard.decode(message.value ?? [])
                    let orderID = event.metadata.subject
                    guard let scenario = scenarios[orderID] else { continue }
                    if let record = try Self.answer(event.metadata, scenario: scenario, answer: answers[orderID] ?? .asScenario) {
                        records.append(record)
                    }
                }
                for result in await producer.send(records) { _ = try result.get() }
                answered += records.count
            }
            await consumer.close()
            await producer.close()
            return answered
        }
    }

    /// Waits until the stand-in has its partitions, so answers do not depend on how fast it joins.
    func waitUntilAssigned() async throws {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .seconds(30))
        while !assigned.value.load(ordering: .acquiring), clock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }

    private static func answer(_ cause: EventMetadata, scenario: OrderScenario, answer: Answer) throws -> KafkaRecord? {
        let orderUUID = UUID(uuidString: cause.subject) ?? UUID()
        switch (answer, scenario) {
        case (.silent, _):
            return nil
        case (.wrong(let reason), _):
            return try record("orders", Event(source: "order-service", causedBy: cause, data: OrderCancelled(orderId: orderUUID, reason: reason, detail: "")))
        case (.asScenario, .paid):
            return try record("shipments", Event(source: "shipping-service", causedBy: cause, data: ShipmentScheduled(
                orderId: orderUUID, shipmentId: UUID(), carrier: "ACME", scheduledFor: "2030-01-02")))
        case (.asScenario, .declined):
            return try record("orders", Event(source: "order-service", causedBy: cause, data: OrderCancelled(orderId: orderUUID, reason: .paymentDeclined, detail: "")))
        case (.asScenario, .outOfStock):
            return try record("orders", Event(source: "order-service", causedBy: cause, data: OrderCancelled(orderId: orderUUID, reason: .outOfStock, detail: "")))
        case (.asScenario, .invalid):
            return try record("orders", Event(source: "order-service", causedBy: cause, data: OrderRejected(
                orderId: cause.subject, errors: [.init(field: "lines", message: "invalid")])))
        }
    }

    private static func record<P: EventPayload>(_ topic: String, _ event: Event<P>) throws -> KafkaRecord {
        KafkaRecord(
            topic: topic, key: Array(event.metadata.subject.utf8), value: try EventRegistry.standard.encode(event),
            headers: EventHeaders.headers(for: event.metadata).map { KafkaHeader(key: $0.key, string: $0.value) })
    }
}
