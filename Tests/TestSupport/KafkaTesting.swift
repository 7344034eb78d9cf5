import KafkaDevBroker
import Foundation
import Kafka
import Logging
import Synchronization

/// Helpers shared by the tests: every test gets its own in-process dev broker and unique names.
public enum KafkaTesting {
    public static func logger(_ label: String) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = ProcessInfo.processInfo.environment["KAFKA_TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        return logger
    }

    /// For tests that provoke connection failures on purpose.
    public static var silentLogger: Logger {
        var logger = Logger(label: "test.silent")
        logger.logLevel = .critical
        return logger
    }

    public static func unique(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    public static func broker() throws -> DevBroker {
        try DevBroker(logger: logger("test.devbroker"))
    }

    public static func producer(_ broker: DevBroker, configure: (inout KafkaProducerConfiguration) -> Void = { _ in }) throws -> KafkaProducer {
        var configuration = KafkaProducerConfiguration(bootstrapServers: broker.bootstrapServers)
        configure(&configuration)
        return try KafkaProducer(configuration: configuration, logger: logger("test.producer"))
    }

    /// A short session timeout keeps the mock's rebalances (which wait session timeout - 1 s) quick.
    public static func consumerConfiguration(_ broker: DevBroker, group: String) -> KafkaConsumerConfiguration {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: broker.bootstrapServers, groupID: group)
        configuration.sessionTimeout = .seconds(3)
        return configuration
    }

    public static func consumer(
        _ broker: DevBroker, group: String, topics: [String],
        onRebalance: (@Sendable (RebalanceEvent) -> Void)? = nil,
        logger: Logger = logger("test.consumer"),
        configure: (inout KafkaConsumerConfiguration) -> Void = { _ in }
    ) throws -> KafkaConsumer {
        var configuration = consumerConfiguration(broker, group: group)
        if let contexts = ProcessInfo.processInfo.environment["KAFKA_TEST_DEBUG"] { configuration.raw["debug"] = contexts }
        configure(&configuration)
        let consumer = try KafkaConsumer(configuration: configuration, logger: logger, onRebalance: onRebalance)
        try consumer.subscribe(topics: topics)
        return consumer
    }

    public static func records(topic: String, count: Int, keyPrefix: String = "key") -> [KafkaRecord] {
        (0..<count).map { index in
            KafkaRecord(topic: topic, key: Array("\(keyPrefix)-\(index)".utf8), value: Array("value-\(index)".utf8))
        }
    }

    /// Polls until `count` messages arrived or `timeout` passed; returns what arrived.
    public static func poll(_ consumer: KafkaConsumer, count: Int, timeout: Duration) async throws -> [KafkaMessage] {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var messages: [KafkaMessage] = []
        while messages.count < count, clock.now < deadline {
            messages += try await consumer.poll(maxMessages: count - messages.count, maxWait: .milliseconds(200))
        }
        return messages
    }

    /// Polls (discarding nothing) until `condition` holds or `timeout` passes; returns the messages seen.
    public static func poll(
        _ consumer: KafkaConsumer, until condition: () throws -> Bool, timeout: Duration
    ) async throws -> [KafkaMessage] {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var messages: [KafkaMessage] = []
        while try !condition(), clock.now < deadline {
            messages += try await consumer.poll(maxMessages: 500, maxWait: .milliseconds(100))
        }
        return messages
    }
}

/// Thread-safe collector for rebalance events.
public final class RebalanceLog: Sendable {
    private let events = Mutex<[RebalanceEvent]>([])

    public init() {}

    public var handler: @Sendable (RebalanceEvent) -> Void {
        { [self] event in events.withLock { $0.append(event) } }
    }

    public var all: [RebalanceEvent] { events.withLock { $0 } }

    public var assigned: Set<TopicPartition> {
        var current = Set<TopicPartition>()
        for event in all {
            switch event {
            case .assigned(let partitions): current.formUnion(partitions)
            case .revoked(let partitions), .lost(let partitions): current.subtract(partitions)
            }
        }
        return current
    }

    public var revoked: [TopicPartition] {
        all.flatMap { event -> [TopicPartition] in
            if case .revoked(let partitions) = event { return partitions }
            return []
        }
    }
}

/// A counter tasks can share.
public final class SharedCounter: Sendable {
    private let value = Atomic<Int>(0)

    public init() {}
    public func add(_ amount: Int) { value.add(amount, ordering: .relaxed) }
    public var current: Int { value.load(ordering: .relaxed) }
}
