import Kafka
import Logging

/// Partitions the loop paused because a gate held it, and why.
struct GateHold: Sendable {
    var paused: Set<TopicPartition> = []
    var reason: String?

    mutating func forget(_ partitions: [TopicPartition]) { paused.subtract(partitions) }
}

/// The loop's side of its gates (`ConsumeGate`): while one holds, every assigned partition is paused and
/// nothing is handled, so no message fails, is retried or dead-lettered because a dependency is away.
extension ConsumeLoop {
    /// Pauses what is assigned while a gate holds (partitions assigned meanwhile too); once none holds,
    /// resumes them, except those still waiting for a message's retry. Returns whether the loop is held.
    func holdForGates(_ held: inout GateHold, retries: PartitionRetries) async throws -> Bool {
        if let reason = gates.lazy.compactMap({ $0.holdReason() }).first {
            if held.reason == nil {
                logger.warning("consumption paused", metadata: ["reason": "\(reason)"])
            }
            held.reason = reason
            let newly = rebalances.assignment.subtracting(held.paused)
            if !newly.isEmpty {
                do {
                    try consumer.pause(Array(newly))
                    held.paused.formUnion(newly)
                } catch {
                    logger.warning("could not pause partitions", metadata: ["error": "\(error)"])
                }
            }
            return true
        }
        guard held.reason != nil else { return false }
        let owned = rebalances.assignment
        let resumable = held.paused.filter { owned.contains($0) && !retries.isPaused($0) }
        do {
            if !resumable.isEmpty { try consumer.resume(Array(resumable)) }
        } catch {
            logger.warning("could not resume partitions", metadata: ["error": "\(error)"])
            return true
        }
        logger.notice("consumption resumed", metadata: ["after": "\(held.reason ?? "")", "partitions": "\(resumable.count)"])
        held = GateHold()
        return false
    }

    /// Messages fetched before a pause took effect are not handled now: their partition is rewound to
    /// the first of them, to hand them over again once the gate lets go. Partitions already rewound for a
    /// retry stay where that left them.
    func putBack(_ polled: [KafkaMessage], _ held: inout GateHold, retries: PartitionRetries) async throws {
        var first: [TopicPartition: Int64] = [:]
        for message in polled where !retries.isPaused(message.topicPartition) {
            first[message.topicPartition] = min(first[message.topicPartition] ?? message.offset, message.offset)
        }
        for (partition, offset) in first {
            try consumer.pause([partition])
            held.paused.insert(partition)
            try await consumer.seek(partition, to: offset, timeout: .seconds(10))
        }
    }
}
