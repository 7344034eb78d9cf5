import CRdKafka
import Dispatch

/// Leaving the consumer group in two steps, for the close.
///
/// `rd_kafka_consumer_close` called while a cooperative rebalance is still being applied can trip
/// librdkafka's own assertion in group termination (`!rd_kafka_assignment_in_progress`, seen with 2.0.2
/// when a replica is stopped mid-rebalance, and reported for later versions too), which aborts the
/// process. Unsubscribing first and serving the queue until the assignment is gone lets the revocation
/// finish (the rebalance callback commits what is stored) before the close.
enum GroupLeave {
    /// Unsubscribes and serves the consumer queue until nothing is assigned or `timeout` passes.
    /// Messages fetched meanwhile are dropped: their offsets were never stored, so the next owner gets
    /// them.
    static func unsubscribeAndDrain(_ pointer: OpaquePointer, timeout: Duration) {
        // A manual assignment has no group to leave, and unsubscribing never clears it.
        guard isSubscribed(pointer), hasAssignment(pointer), rd_kafka_unsubscribe(pointer) == RD_KAFKA_RESP_ERR_NO_ERROR else { return }
        let deadline = DispatchTime.now().uptimeNanoseconds &+ UInt64(timeout.wholeMilliseconds) &* 1_000_000
        while DispatchTime.now().uptimeNanoseconds < deadline {
            if let message = rd_kafka_consumer_poll(pointer, 50) { rd_kafka_message_destroy(message) }
            if !hasAssignment(pointer) { return }
        }
    }

    private static func isSubscribed(_ pointer: OpaquePointer) -> Bool {
        holdsPartitions { rd_kafka_subscription(pointer, &$0) }
    }

    private static func hasAssignment(_ pointer: OpaquePointer) -> Bool {
        holdsPartitions { rd_kafka_assignment(pointer, &$0) }
    }

    private static func holdsPartitions(
        _ read: (inout UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?) -> rd_kafka_resp_err_t
    ) -> Bool {
        var list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
        let result = read(&list)
        defer { if let list { rd_kafka_topic_partition_list_destroy(list) } }
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { return false }
        return list.pointee.cnt > 0
    }
}
