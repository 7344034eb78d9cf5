import CRdKafka

enum CommittedOffsets {
    /// The group's committed offsets for `partitions` (OffsetFetch). Blocking; partitions without a
    /// committed offset are left out.
    static func fetch(_ handle: OpaquePointer, _ partitions: [TopicPartition], timeout: Duration) throws(KafkaError) -> [TopicPartition: Int64] {
        let list = PartitionList.make(partitions)
        defer { rd_kafka_topic_partition_list_destroy(list) }
        let context = "fetching committed offsets"
        let result = rd_kafka_committed(handle, list, timeout.timeoutMilliseconds)
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(result, context: "\(context) for \(partitions)") }
        if let error = PartitionList.firstError(list, context: context) { throw error }
        var offsets: [TopicPartition: Int64] = [:]
        for entry in PartitionList.entries(list) where entry.offset >= 0 {
            offsets[PartitionList.topicPartition(entry)] = entry.offset
        }
        return offsets
    }
}
