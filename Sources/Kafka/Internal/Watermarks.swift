import CRdKafka

struct Watermarks: Sendable {
    var low: Int64
    var high: Int64

    /// Asks the partition leader for the log start and end offsets. Blocking.
    static func query(_ handle: OpaquePointer, _ partition: TopicPartition, timeout: Duration) throws(KafkaError) -> Watermarks {
        var low: Int64 = -1
        var high: Int64 = -1
        let result = rd_kafka_query_watermark_offsets(
            handle, partition.topic, partition.partition, &low, &high, timeout.timeoutMilliseconds
        )
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(result, context: "querying watermarks of \(partition)")
        }
        return Watermarks(low: low, high: high)
    }
}
