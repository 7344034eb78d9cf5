import Foundation
import Kafka

/// Reads topics outside any service's consumer group: a fresh group id per run, nothing ever committed,
/// so the reader neither disturbs services nor leaves a position behind.
final class TopicReader: Sendable {
    let consumer: KafkaConsumer
    let topics: [String]

    init(session: BrokerSession, topics: [String], fromBeginning: Bool, purpose: String) throws(CLIError) {
        let suffix = UUID().uuidString.prefix(8).lowercased()
        var configuration = KafkaConsumerConfiguration(
            bootstrapServers: session.bootstrapServers, groupID: "orderflow-cli-\(purpose)-\(suffix)")
        configuration.clientID = "orderflow-cli"
        configuration.fetchMaxWait = session.fetchMaxWait
        configuration.autoOffsetReset = fromBeginning ? .earliest : .latest
        // A short session keeps the mock broker's join wait (session timeout - 1 s after the first) small.
        configuration.sessionTimeout = .seconds(6)
        do {
            consumer = try KafkaConsumer(configuration: configuration, logger: CLILogging.logger("reader"))
            try consumer.subscribe(topics: topics)
        } catch {
            throw CLIError("cannot read \(topics.joined(separator: ", ")): \(KafkaErrorText.describe(error))")
        }
        self.topics = topics
    }

    func poll(maxMessages: Int = 500, maxWait: Duration = .milliseconds(200)) async throws(CLIError) -> [KafkaMessage] {
        do {
            return try await consumer.poll(maxMessages: maxMessages, maxWait: maxWait)
        } catch {
            throw CLIError("reading \(topics.joined(separator: ", ")): \(KafkaErrorText.describe(error))")
        }
    }

    var assignment: [TopicPartition] {
        (try? consumer.assignment()) ?? []
    }

    func seek(_ partition: TopicPartition, to offset: Int64, timeout: Duration) async throws(CLIError) {
        do {
            try await consumer.seek(partition, to: offset, timeout: timeout)
        } catch {
            throw CLIError("positioning \(partition) at offset \(offset): \(KafkaErrorText.describe(error))")
        }
    }

    func close() async {
        await consumer.close()
    }
}
