import CRdKafka
import Logging
import Synchronization

/// Handles librdkafka's rebalance callback for one consumer and keeps the consumer-side view of
/// partitions that must not leak messages (revoked during a poll, paused by the caller).
final class RebalanceCoordinator: Sendable {
    private let onRebalance: (@Sendable (RebalanceEvent) -> Void)?
    private let logger: Logger
    private let revokedDuringPoll = Mutex<Set<TopicPartition>>([])
    private let paused = Mutex<Set<TopicPartition>>([])

    init(logger: Logger, onRebalance: (@Sendable (RebalanceEvent) -> Void)?) {
        self.logger = logger
        self.onRebalance = onRebalance
    }

    // MARK: State read by the poll loop

    func takeRevoked() -> Set<TopicPartition> {
        revokedDuringPoll.withLock { revoked in
            defer { revoked.removeAll() }
            return revoked
        }
    }

    func markPaused(_ partitions: [TopicPartition]) { paused.withLock { $0.formUnion(partitions) } }
    func markResumed(_ partitions: [TopicPartition]) { paused.withLock { $0.subtract(partitions) } }
    var pausedPartitions: Set<TopicPartition> { paused.withLock { $0 } }

    // MARK: librdkafka callback

    static func install(on conf: OpaquePointer) {
        rd_kafka_conf_set_rebalance_cb(conf) { handle, code, partitions, _ in
            guard let handle, let coordinator = ClientContext.from(handle)?.rebalance else { return }
            coordinator.handle(code, partitions: partitions, on: handle)
        }
    }

    /// Runs on the consumer's poll queue, inside `rd_kafka_consumer_poll` or `rd_kafka_consumer_close`.
    private func handle(
        _ code: rd_kafka_resp_err_t, partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?,
        on handle: OpaquePointer
    ) {
        let cooperative = rd_kafka_rebalance_protocol(handle).map { String(cString: $0) } == "COOPERATIVE"
        let list = PartitionList.topicPartitions(partitions)
        switch code {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            if cooperative {
                logFailure(KafkaError.consuming(rd_kafka_incremental_assign(handle, partitions), context: "assigning partitions"))
            } else {
                let result = rd_kafka_assign(handle, partitions)
                if result != RD_KAFKA_RESP_ERR_NO_ERROR { logFailure(KafkaError(result, context: "assigning partitions")) }
            }
            logger.info("partitions assigned", metadata: ["partitions": "\(list.map(\.description))"])
            onRebalance?(.assigned(list))

        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            let lost = rd_kafka_assignment_lost(handle) != 0
            if !lost { commitStoredOffsets(handle) }
            revokedDuringPoll.withLock { $0.formUnion(list) }
            paused.withLock { $0.subtract(list) }
            logger.info(lost ? "partitions lost" : "partitions revoked", metadata: ["partitions": "\(list.map(\.description))"])
            onRebalance?(lost ? .lost(list) : .revoked(list))
            if cooperative {
                logFailure(KafkaError.consuming(rd_kafka_incremental_unassign(handle, partitions), context: "unassigning partitions"))
            } else {
                let result = rd_kafka_assign(handle, nil)
                if result != RD_KAFKA_RESP_ERR_NO_ERROR { logFailure(KafkaError(result, context: "unassigning partitions")) }
            }

        default:
            logger.error("rebalance failed: \(String(cString: rd_kafka_err2str(code)))")
            revokedDuringPoll.withLock { $0.formUnion(list) }
            _ = rd_kafka_assign(handle, nil)
            onRebalance?(.lost(list))
        }
    }

    /// Synchronous commit of what the caller has stored, so the next owner starts after it.
    private func commitStoredOffsets(_ handle: OpaquePointer) {
        let result = rd_kafka_commit(handle, nil, 0)
        guard result != RD_KAFKA_RESP_ERR_NO_ERROR, result != RD_KAFKA_RESP_ERR__NO_OFFSET else { return }
        logger.warning("committing offsets before revocation failed: \(KafkaError(result, context: "commit on revoke"))")
    }

    private func logFailure(_ error: KafkaError?) {
        if let error { logger.error("\(error)") }
    }
}
