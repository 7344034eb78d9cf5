import Kafka
import Logging
import Postgres
@testable import Streaming
import TestSupport

/// A consume loop and what it runs on: its own consumer, dead-letter producer and database session.
struct LoopParts: Sendable {
    let loop: ConsumeLoop
    let consumer: KafkaConsumer
    let metrics: StreamingMetrics
    let producer: KafkaProducer
    let session: DatabaseSession

    /// Test tuning: quick retries, five attempts, lag refresh out of the way.
    static func configuration(group: String) -> ConsumerLoopConfiguration {
        var configuration = ConsumerLoopConfiguration(service: "streaming-tests", groupID: group, topics: [TestEvents.topic])
        configuration.retry = RetryPolicy(base: .milliseconds(20), cap: .milliseconds(100), maxAttempts: 5)
        configuration.lagInterval = .seconds(3600)
        return configuration
    }

    init(
        broker: TestBroker, database: ScratchDatabase, group: String, handlers: EventHandlers,
        gates: [any ConsumeGate] = [], configure: (inout ConsumerLoopConfiguration) -> Void = { _ in }
    ) throws {
        var configuration = Self.configuration(group: group)
        configure(&configuration)
        let logger = TestLogging.logger("test.loop")
        let rebalances = RebalanceTracker()
        consumer = try KafkaConsumer(
            configuration: broker.consumerConfiguration(group: group), logger: logger,
            onRebalance: { rebalances.handle($0) })
        producer = try broker.producer()
        metrics = StreamingMetrics(service: "streaming-tests")
        session = DatabaseSession(configuration: database.configuration, logger: logger)
        loop = ConsumeLoop(
            configuration: configuration, consumer: consumer, rebalances: rebalances, database: session,
            deadLetters: DeadLetterPublisher(producer: producer, logger: logger), handlers: handlers,
            metrics: metrics, gates: gates, logger: logger)
    }

    /// Releases everything (the loop closes its consumer itself when it runs to the end).
    func close() async {
        await consumer.close()
        await producer.close()
        await session.close()
    }
}

/// A consume loop running in a task of its own.
final class RunningLoop: Sendable {
    let parts: LoopParts
    private let task: Task<Void, any Error>

    var metrics: StreamingMetrics { parts.metrics }

    init(_ parts: LoopParts) {
        self.parts = parts
        let loop = parts.loop
        task = Task { try await loop.run() }
    }

    /// Stops the loop the way task cancellation does (the batch in hand finishes) and waits for it.
    /// Idempotent.
    func stop() async throws {
        task.cancel()
        try await task.value
        await parts.close()
    }

    /// Stops without waiting for a verdict: for cleanup after a failure.
    func stopQuietly() async {
        try? await stop()
    }
}
