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

    /// The offsets librdkafka last saw in fetch responses, without asking the broker; nil when it has
    /// not fetched the partition yet. The low mark is only refreshed with statistics enabled, so it may be
    /// missing while the high mark is known.
    static func cached(_ handle: OpaquePointer, _ partition: TopicPartition) -> (low: Int64?, high: Int64)? {
        var low: Int64 = -1
        var high: Int64 = -1
        let result = rd_kafka_get_watermark_offsets(handle, partition.topic, partition.partition, &low, &high)
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR, high >= 0 else { return nil }
        return (low >= 0 ? low : nil, high)
    }
}
