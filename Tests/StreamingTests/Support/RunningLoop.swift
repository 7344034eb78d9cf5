import Kafka
import Logging
import Postgres
@testable import Streaming

/// A consume loop running in a task of its own, with its own consumer, dead-letter producer and
/// database session.
final class RunningLoop: Sendable {
    let loop: ConsumeLoop
    let consumer: KafkaConsumer
    let metrics: StreamingMetrics
    let rebalances: RebalanceTracker
    let session: DatabaseSession
    private let producer: KafkaProducer
    private let task: Task<Void, any Error>

    /// Test tuning: quick retries, five attempts, lag refresh out of the way.
    static func configuration(group: String) -> ConsumerLoopConfiguration {
        var configuration = ConsumerLoopConfiguration(service: "streaming-tests", groupID: group, topics: [TestEvents.topic])
        configuration.retry = RetryPolicy(base: .milliseconds(20), cap: .milliseconds(100), maxAttempts: 5)
        configuration.lagInterval = .seconds(3600)
        return configuration
    }

    init(_ loop: ConsumeLoop, consumer: KafkaConsumer, metrics: StreamingMetrics, rebalances: RebalanceTracker,
         session: DatabaseSession, producer: KafkaProducer, task: Task<Void, any Error>) {
        self.loop = loop
        self.consumer = consumer
        self.metrics = metrics
        self.rebalances = rebalances
        self.session = session
        self.producer = producer
        self.task = task
    }

    /// Builds the loop; `start` runs it.
    static func make(
        broker: TestBroker, database: ScratchDatabase, group: String, handlers: EventHandlers,
        configure: (inout ConsumerLoopConfiguration) -> Void = { _ in }
    ) throws -> (loop: ConsumeLoop, consumer: KafkaConsumer, metrics: StreamingMetrics, rebalances: RebalanceTracker,
                 session: DatabaseSession, producer: KafkaProducer) {
        var configuration = Self.configuration(group: group)
        configure(&configuration)
        let logger = TestLogging.logger("test.loop")
        let rebalances = RebalanceTracker()
        let consumer = try KafkaConsumer(
            configuration: broker.consumerConfiguration(group: group), logger: logger,
            onRebalance: { rebalances.handle($0) })
        let producer = try broker.producer()
        let metrics = StreamingMetrics(service: "streaming-tests")
        let session = DatabaseSession(configuration: database.configuration, logger: logger)
        let loop = ConsumeLoop(
            configuration: configuration, consumer: consumer, rebalances: rebalances, database: session,
            deadLetters: DeadLetterPublisher(producer: producer, logger: logger), handlers: handlers,
            metrics: metrics, logger: logger)
        return (loop, consumer, metrics, rebalances, session, producer)
    }

    static func start(
        broker: TestBroker, database: ScratchDatabase, group: String, handlers: EventHandlers,
        configure: (inout ConsumerLoopConfiguration) -> Void = { _ in }
    ) throws -> RunningLoop {
        let parts = try make(broker: broker, database: database, group: group, handlers: handlers, configure: configure)
        let loop = parts.loop
        let task = Task { try await loop.run() }
        return RunningLoop(
            loop, consumer: parts.consumer, metrics: parts.metrics, rebalances: parts.rebalances,
            session: parts.session, producer: parts.producer, task: task)
    }

    /// Stops the loop the way task cancellation does (the batch in hand finishes) and waits for it.
    func stop() async throws {
        task.cancel()
        try await task.value
        await producer.close()
        await session.close()
    }

    /// Stops without waiting for a verdict: for cleanup after a failure.
    func stopQuietly() async {
        try? await stop()
    }
}
