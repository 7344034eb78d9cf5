import Foundation
import Kafka

/// A reachable cluster: the admin client and the topics it had when the command started.
struct BrokerSession: Sendable {
    var bootstrapServers: String
    /// From the `KAFKA_SECURITY_*` variables the services read; every client of the command uses it.
    var security: KafkaSecurity
    var admin: KafkaAdmin
    var topics: [TopicDescription]
    var timeout: Duration
    /// `fetch.wait.max.ms` of the command's consumers; nil keeps librdkafka's.
    var fetchMaxWait: Duration?

    func topic(_ name: String) -> TopicDescription? {
        topics.first { $0.name == name }
    }

    /// Every name must exist; a typo gets one line listing what does.
    func requireTopics(_ names: [String]) throws(CLIError) -> [TopicDescription] {
        var found: [TopicDescription] = []
        for name in names {
            guard let description = topic(name) else {
                let known = topics.map(\.name).joined(separator: ", ")
                throw CLIError("unknown topic \"\(name)\" (topics: \(known.isEmpty ? "none" : known))")
            }
            found.append(description)
        }
        return found
    }

    /// Low and high watermark of every partition of these topics.
    func watermarks(of topics: [TopicDescription]) async throws(CLIError) -> [TopicPartition: (low: Int64, high: Int64)] {
        var result: [TopicPartition: (low: Int64, high: Int64)] = [:]
        for topic in topics {
            for partition in topic.partitions {
                let topicPartition = TopicPartition(topic: topic.name, partition: partition)
                do {
                    result[topicPartition] = try await admin.watermarks(topicPartition, timeout: timeout)
                } catch {
                    throw CLIError("reading the offsets of \(topicPartition): \(KafkaErrorText.describe(error))")
                }
            }
        }
        return result
    }

    func close() {
        admin.close()
    }
}
