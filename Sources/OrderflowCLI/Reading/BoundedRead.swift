import Foundation
import Kafka

/// Reads topics from the beginning up to the high watermarks recorded when the read starts, so a scan
/// ends even while producers keep writing.
struct BoundedRead {
    var session: BrokerSession
    var topics: [TopicDescription]
    var purpose: String
    /// This much silence ends the read even if some partition never reached its recorded end
    /// (transaction markers occupy offsets no message is returned for).
    var idleLimit: Duration = .seconds(3)

    /// Calls `visit` for every message below the recorded ends, in fetch order.
    func run(_ visit: (KafkaMessage) throws(CLIError) -> Void) async throws(CLIError) {
        let marks = try await session.watermarks(of: topics)
        var ends: [TopicPartition: Int64] = [:]
        for (partition, mark) in marks where mark.high > mark.low {
            ends[partition] = mark.high
        }
        guard !ends.isEmpty else { return }
        // The partitions are known, so they are assigned directly: no group to join (seconds on some
        // brokers) and none to leave.
        let reader = try await TopicReader(
            session: session, starts: ends.mapValues { _ in .at(.beginning) }, purpose: purpose)
        do throws(CLIError) {
            try await read(reader, ends: ends, visit)
        } catch {
            await reader.close()
            throw error
        }
        await reader.close()
    }

    private func read(
        _ reader: TopicReader, ends: [TopicPartition: Int64], _ visit: (KafkaMessage) throws(CLIError) -> Void
    ) async throws(CLIError) {
        var pending = ends
        let clock = ContinuousClock()
        var lastActivity = clock.now
        while !pending.isEmpty {
            if Interrupt.requested { throw CLIError.interrupted("stopped reading \(reader.topics.joined(separator: ", "))") }
            let messages = try await reader.poll()
            for message in messages {
                guard let end = ends[message.topicPartition], message.offset < end else { continue }
                try visit(message)
                if message.offset >= end - 1 { pending[message.topicPartition] = nil }
            }
            if !messages.isEmpty { lastActivity = clock.now }
            if clock.now - lastActivity > idleLimit { return }
        }
    }
}
