import Kafka
import Postgres
import Streaming
import TestSupport

/// An outbox relay running in a task of its own, with its own producer.
final class RunningRelay: Sendable {
    let metrics: StreamingMetrics
    private let producer: KafkaProducer
    private let task: Task<Void, any Error>

    /// Test tuning: quick polling and rebalancing.
    static func settings() -> RelaySettings {
        var settings = RelaySettings()
        settings.pollInterval = .milliseconds(100)
        settings.rebalanceInterval = .milliseconds(500)
        return settings
    }

    private init(metrics: StreamingMetrics, producer: KafkaProducer, task: Task<Void, any Error>) {
        self.metrics = metrics
        self.producer = producer
        self.task = task
    }

    static func start(
        broker: TestBroker, database: ScratchDatabase, topicPrefix: String = "", configure: (inout RelaySettings) -> Void = { _ in }
    ) throws -> RunningRelay {
        var settings = Self.settings()
        configure(&settings)
        let producer = try broker.producer()
        let metrics = StreamingMetrics(service: "outbox-relay")
        let relay = OutboxRelay(
            settings: settings, topicPrefix: topicPrefix, database: database.configuration, producer: producer, metrics: metrics,
            logger: TestLogging.logger("test.relay"))
        let task = Task { try await relay.run() }
        return RunningRelay(metrics: metrics, producer: producer, task: task)
    }

    /// Stops the relay (it lets go of its shards as its connection closes) and waits for it.
    func stop() async throws {
        task.cancel()
        try await task.value
        await producer.close()
    }

    func stopQuietly() async { try? await stop() }
}

extension Harness {
    func startRelay(topicPrefix: String = "", configure: (inout RelaySettings) -> Void = { _ in }) throws -> RunningRelay {
        let relay = try RunningRelay.start(broker: broker, database: database, topicPrefix: topicPrefix, configure: configure)
        onTearDown { await relay.stopQuietly() }
        return relay
    }
}
