import Kafka
import Logging

/// The Kafka half of a batch, after its transaction committed: dead letters, offsets, retries, metrics.
extension ConsumeLoop {
    /// Dead letters are on their topic before their offsets are stored. Broker trouble retries the
    /// undelivered ones until it clears (those already delivered are not sent again); returns false if the
    /// loop stops meanwhile (the batch is then redelivered; its effects are deduped and its dead letters
    /// written again).
    func publishDeadLetters(_ outcomes: [MessageOutcome]) async -> Bool {
        var pending = outcomes.compactMap { outcome -> DeadLetter? in
            if case .deadLetter(let letter) = outcome { return letter }
            return nil
        }
        var attempt = 0
        while !pending.isEmpty {
            do {
                try await deadLetters.publish(pending)
                return true
            } catch {
                pending = error.undelivered
                attempt += 1
                logger.error("dead-letter publish failed; retrying", metadata: [
                    "error": "\(error)", "undelivered": "\(pending.count)", "attempt": "\(attempt)",
                ])
                guard await backOff(for: configuration.retry.delay(forAttempt: min(attempt, 30))) else { return false }
            }
        }
        return true
    }

    /// Stores the next offset of every partition up to its first unsettled message, rewinds and pauses
    /// partitions with a message to retry, and commits.
    func settle(_ batch: [KafkaMessage], _ outcomes: [MessageOutcome], retries: inout PartitionRetries) async throws {
        var next: [TopicPartition: Int64] = [:]
        var halted = Set<TopicPartition>()
        var rewinds: [(partition: TopicPartition, offset: Int64, attempts: Int)] = []
        for (message, outcome) in zip(batch, outcomes) {
            let partition = message.topicPartition
            guard !halted.contains(partition) else { continue }
            if outcome.isSettled {
                next[partition] = message.offset + 1
                retries.settled(partition, through: message.offset)
            } else {
                halted.insert(partition)
                if case .retry(_, _, let attempts) = outcome {
                    rewinds.append((partition, message.offset, attempts))
                } else {
                    // Never attempted (the loop was stopping): the next poll must hand it over again.
                    rewinds.append((partition, message.offset, retries.attempts(partition, offset: message.offset)))
                }
            }
        }
        let owned = rebalances.assignment
        next = next.filter { owned.isEmpty || owned.contains($0.key) }
        if !next.isEmpty { try consumer.store(offsets: next) }
        for rewind in rewinds {
            let delay = rewind.attempts > 0 ? configuration.retry.delay(forAttempt: rewind.attempts) : .zero
            do {
                try consumer.pause([rewind.partition])
                try await consumer.seek(rewind.partition, to: rewind.offset, timeout: .seconds(10))
                retries.scheduled(rewind.partition, offset: rewind.offset, attempts: rewind.attempts, resumeAt: .now + delay)
            } catch {
                // Without the rewind the message would be skipped; stopping here makes the group
                // redeliver from the last committed offset instead.
                logger.error("could not rewind partition for retry", metadata: [
                    "partition": "\(rewind.partition)", "error": "\(error)",
                ])
                throw error
            }
        }
        do {
            try await consumer.commit()
        } catch {
            // Stored offsets are committed with the next commit or on close; redelivery is deduped.
            logger.warning("offset commit failed", metadata: ["error": "\(error)"])
        }
    }

    func record(_ outcomes: [MessageOutcome], _ batch: [KafkaMessage]) {
        for (message, outcome) in zip(batch, outcomes) {
            switch outcome {
            case .processed(let type, let latency):
                metrics.processed(topic: message.topic, type: type)
                metrics.handlerLatency(latency, type: type)
            case .duplicate:
                metrics.duplicate(topic: message.topic)
            case .deadLetter(let letter):
                metrics.deadLettered(topic: message.topic, errorClass: letter.errorClass)
            case .retry(let errorClass, _, _), .parked(let errorClass?, _):
                metrics.retried(topic: message.topic, errorClass: errorClass)
            case .skipped, .notAttempted, .parked(nil, _):
                break
            }
        }
    }

    /// Lag from librdkafka's cached high watermarks (no round trip per partition; a partition not
    /// fetched yet is asked once) and one committed-offsets request for the whole assignment.
    func refreshLag() async {
        let partitions = Array(rebalances.assignment)
        guard !partitions.isEmpty,
              let committed = try? await consumer.committed(partitions, timeout: .seconds(2))
        else { return }
        for partition in partitions {
            let low: Int64?
            let high: Int64
            if let cached = consumer.cachedWatermarks(partition) {
                (low, high) = cached
            } else if let queried = try? await consumer.watermarks(partition, timeout: .seconds(2)) {
                (low, high) = (queried.low, queried.high)
            } else {
                continue
            }
            let start = low ?? 0
            let position = max(committed[partition] ?? start, start)
            metrics.setConsumerLag(topic: partition.topic, partition: partition.partition, lag: max(0, high - position))
        }
    }
}
