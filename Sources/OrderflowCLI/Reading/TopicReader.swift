import Foundation
import Kafka

/// Where a manually assigned partition starts: an offset of any kind, or the first record at or after a time.
enum ReaderStart: Sendable, Hashable {
    case at(StartOffset)
    case since(Date)

    var date: Date? {
        if case .since(let date) = self { return date }
        return nil
    }
}

/// Reads partitions it assigns itself, outside any consumer group: a fresh group id per run, nothing ever
/// committed, so the reader neither disturbs services nor leaves a position behind.
final class TopicReader: Sendable {
    let consumer: KafkaConsumer
    let topics: [String]

    /// Reads exactly these partitions from their starts, joining no group (so nothing waits for a
    /// rebalance); `.since` starts are looked up by time first.
    init(session: BrokerSession, starts: [TopicPartition: ReaderStart], purpose: String) async throws(CLIError) {
        let topics = Set(starts.keys.map(\.topic)).sorted()
        var configuration = Self.configuration(session, purpose: purpose)
        // Manual assignment never joins a group, so the group's assignor is never consulted; an eager one
        // keeps librdkafka from insisting on incremental assignment calls.
        configuration.raw["partition.assignment.strategy"] = "range"
        let consumer: KafkaConsumer
        do {
            consumer = try KafkaConsumer(configuration: configuration, logger: CLILogging.logger("reader"))
        } catch {
            throw CLIError("cannot read \(topics.joined(separator: ", ")): \(KafkaErrorText.describe(error))")
        }
        var resolved: [TopicPartition: StartOffset] = [:]
        var byTime: [Date: [TopicPartition]] = [:]
        for (partition, start) in starts {
            switch start {
            case .at(let offset): resolved[partition] = offset
            case .since(let date): byTime[date, default: []].append(partition)
            }
        }
        for (date, partitions) in byTime {
            let found: [TopicPartition: Int64?]
            do {
                found = try await consumer.offsets(at: date, of: partitions, timeout: session.timeout)
            } catch {
                await consumer.close()
                throw CLIError("finding the offsets of \(TimeText.iso8601(date)): \(KafkaErrorText.describe(error))")
            }
            for partition in partitions {
                // "No record that recent" is also what a broker that cannot look offsets up by time (the
                // dev broker) answers: read from the beginning then, and let the caller drop older records.
                resolved[partition] = (found[partition] ?? nil).map { .offset($0) } ?? .beginning
            }
        }
        do {
            try consumer.assign(resolved)
        } catch {
            await consumer.close()
            throw CLIError("cannot read \(topics.joined(separator: ", ")): \(KafkaErrorText.describe(error))")
        }
        self.consumer = consumer
        self.topics = topics
        self.resolvedStarts = resolved
    }

    /// Where each assigned partition started, once `.since` times were looked up.
    let resolvedStarts: [TopicPartition: StartOffset]

    private static func configuration(_ session: BrokerSession, purpose: String) -> KafkaConsumerConfiguration {
        let suffix = UUID().uuidString.prefix(8).lowercased()
        var configuration = KafkaConsumerConfiguration(
            bootstrapServers: session.bootstrapServers, groupID: "orderflow-cli-\(purpose)-\(suffix)")
        configuration.clientID = "orderflow-cli"
        configuration.security = session.security
        configuration.fetchMaxWait = session.fetchMaxWait
        // An assigned offset out of range (past the end, say) waits for new records instead of re-reading.
        configuration.autoOffsetReset = .latest
        return configuration
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
