import ArgumentParser
import Foundation
import Kafka
import KafkaDevBroker
import LocalStack
import Streaming

/// `orderflow dev broker`: only the embedded broker, with the pipeline's topics.
struct DevBrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broker",
        abstract: "Run the embedded development broker alone, with every topic of topics/topics.json, until Ctrl-C.",
        discussion: """
            An in-memory Kafka (librdkafka's mock cluster) speaking the wire protocol on loopback ports; it keeps \
            only about 5 MB per partition. Point services and tools at it with the printed KAFKA_BROKERS.

            Example:
              orderflow dev broker --broker-count 3 --partitions 12
            """)

    @Option(name: .customLong("broker-count"), help: "Brokers in the cluster (1-5).")
    var brokerCount: Int = 1

    @Option(help: "Partitions of every topic except the dead-letter topics (default: as in topics.json).")
    var partitions: Int32?

    @Option(help: "The topics file (default: topics/topics.json of the repository).")
    var topicsFile: String?

    func validate() throws {
        guard (1...5).contains(brokerCount) else { throw ValidationError("--broker-count \(brokerCount): must be 1-5") }
        if let partitions, !(1...256).contains(partitions) { throw ValidationError("--partitions \(partitions): must be 1-256") }
    }

    mutating func run() async throws {
        let topics = try ExecutableDirectory.topicsFile(topicsFile).withPartitions(partitions)
        let signals = ShutdownSignals.install()
        let broker: DevBroker
        do {
            broker = try DevBroker(brokers: brokerCount, logger: QuietLogger.make("orderflow.dev.broker"))
        } catch {
            throw DevError("could not start the broker: \(error)")
        }
        do {
            try await topics.create(on: broker, bootstrapServers: broker.bootstrapServers)
        } catch {
            broker.shutdown()
            throw DevError("could not create the topics: \(error)")
        }
        say("broker ready: \(brokerCount) broker\(brokerCount == 1 ? "" : "s"), \(topics.topics.count) topics")
        say("KAFKA_BROKERS=\(broker.bootstrapServers)")
        // It answers an empty fetch only when the wait is over: its clients should ask for a short one.
        say("\(ConsumerSettings.Variables.fetchMaxWait.name)=\(Int((DevBroker.fetchMaxWait / .milliseconds(1)).rounded()))")
        say("Ctrl-C stops it (its data is in memory and goes with it).")
        _ = await signals.wait()
        broker.shutdown()
        say("broker stopped")
    }
}
