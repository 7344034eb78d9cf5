import CRdKafka
import Dispatch
import Logging

/// One `poll` call: drains messages from librdkafka until the batch is full or the wait is over, and
/// drops messages that must not reach the caller.
struct BatchPoller {
    let coordinator: RebalanceCoordinator
    let logger: Logger

    /// Runs on the consumer's poll queue.
    func poll(_ handle: OpaquePointer, maxMessages: Int, maxWait: Duration) throws(KafkaError) -> [KafkaMessage] {
        _ = coordinator.takeRevoked()
        let deadline = DispatchTime.now().uptimeNanoseconds &+ UInt64(maxWait.wholeMilliseconds) &* 1_000_000
        var batch: [KafkaMessage] = []
        batch.reserveCapacity(min(maxMessages, 1024))
        while batch.count < maxMessages {
            // Block only while the batch is empty: once something arrived, take what is ready and return.
            let timeout = batch.isEmpty ? Self.millisecondsUntil(deadline) : 0
            let message = rd_kafka_consumer_poll(handle, timeout)
            // Callbacks served inside that call may have revoked partitions or reported fatal errors.
            discardRevoked(from: &batch)
            if let error = context(of: handle)?.takePendingPollErrors().first {
                if let message { rd_kafka_message_destroy(message) }
                throw error
            }
            guard let message else {
                if batch.isEmpty && Self.millisecondsUntil(deadline) > 0 { continue }
                break
            }
            defer { rd_kafka_message_destroy(message) }
            let code = message.pointee.err
            guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
                try handleConsumerError(message, code: code)
                continue
            }
            batch.append(MessageConversion.message(from: message))
        }
        discardPaused(from: &batch, handle: handle)
        return batch
    }

    private func context(of handle: OpaquePointer) -> ClientContext? {
        ClientContext.from(handle)
    }

    /// A rebalance inside this poll revoked partitions whose messages are already in the batch: the new owner
    /// will read them, so handing them out here would only produce duplicates.
    private func discardRevoked(from batch: inout [KafkaMessage]) {
        let revoked = coordinator.takeRevoked()
        guard !revoked.isEmpty, !batch.isEmpty else { return }
        batch.removeAll { revoked.contains($0.topicPartition) }
    }

    /// The caller paused partitions while this poll was already running. librdkafka counted the messages
    /// already taken as consumed, so after dropping them seek back to the first one: resume re-delivers it.
    private func discardPaused(from batch: inout [KafkaMessage], handle: OpaquePointer) {
        let paused = coordinator.pausedPartitions
        guard !paused.isEmpty, !batch.isEmpty else { return }
        var rewind: [TopicPartition: Int64] = [:]
        batch.removeAll { message in
            guard paused.contains(message.topicPartition) else { return false }
            rewind[message.topicPartition] = min(rewind[message.topicPartition] ?? Int64.max, message.offset)
            return true
        }
        guard !rewind.isEmpty else { return }
        let list = PartitionList.make(Array(rewind.keys), offsets: rewind)
        defer { rd_kafka_topic_partition_list_destroy(list) }
        if let error = KafkaError.consuming(rd_kafka_seek_partitions(handle, list, 5000), context: "rewinding paused partitions") {
            logger.error("\(error)")
        }
    }

    private func handleConsumerError(_ message: UnsafeMutablePointer<rd_kafka_message_t>, code: rd_kafka_resp_err_t) throws(KafkaError) {
        // A consumer error carries its text as the payload; read exactly `len` bytes of it (it need not
        // be NUL-terminated).
        let fields = message.pointee
        let detail = fields.payload.flatMap { payload in
            fields.len > 0 ? String(decoding: UnsafeRawBufferPointer(start: payload, count: fields.len), as: UTF8.self) : nil
        }
        let topic = message.pointee.rkt.map { String(cString: rd_kafka_topic_name($0)) }
        let where_ = topic.map { " (topic \"\($0)\" partition \(message.pointee.partition))" } ?? ""
        let error = KafkaError(code, context: "consuming\(where_)", detail: detail)
        if code == RD_KAFKA_RESP_ERR__FATAL || Self.fatalCodes.contains(code) {
            throw error
        }
        logger.warning("\(error)")
    }

    private static let fatalCodes: [rd_kafka_resp_err_t] = [
        RD_KAFKA_RESP_ERR__AUTHENTICATION, RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED,
        RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED, RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED,
        RD_KAFKA_RESP_ERR__INVALID_ARG,
    ]

    private static func millisecondsUntil(_ deadline: UInt64) -> Int32 {
        let now = DispatchTime.now().uptimeNanoseconds
        guard deadline > now else { return 0 }
        return Int32(clamping: (deadline - now + 999_999) / 1_000_000)
    }
}
