import CRdKafka

/// Conversions between Swift values and `rd_kafka_topic_partition_list_t`.
enum PartitionList {
    /// A new list the caller must destroy with `rd_kafka_topic_partition_list_destroy`.
    static func make(_ partitions: [TopicPartition], offsets: [TopicPartition: Int64] = [:]) -> UnsafeMutablePointer<rd_kafka_topic_partition_list_t> {
        // librdkafka's allocator aborts instead of returning NULL, so the implicitly unwrapped result is safe.
        let list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t> =
            rd_kafka_topic_partition_list_new(Int32(clamping: partitions.count))
        for partition in partitions {
            let entry = rd_kafka_topic_partition_list_add(list, partition.topic, partition.partition)
            if let offset = offsets[partition] { entry?.pointee.offset = offset }
        }
        return list
    }

    static func entries(_ list: UnsafePointer<rd_kafka_topic_partition_list_t>?) -> [rd_kafka_topic_partition_t] {
        guard let list else { return [] }
        return Array(UnsafeBufferPointer(start: list.pointee.elems, count: Int(list.pointee.cnt)))
    }

    static func topicPartitions(_ list: UnsafePointer<rd_kafka_topic_partition_list_t>?) -> [TopicPartition] {
        entries(list).map(topicPartition)
    }

    static func topicPartition(_ entry: rd_kafka_topic_partition_t) -> TopicPartition {
        TopicPartition(topic: entry.topic.map { String(cString: $0) } ?? "", partition: entry.partition)
    }

    /// The first per-partition error in the list, if any.
    static func firstError(_ list: UnsafePointer<rd_kafka_topic_partition_list_t>, context: String) -> KafkaError? {
        for entry in entries(list) where entry.err != RD_KAFKA_RESP_ERR_NO_ERROR {
            return KafkaError(entry.err, context: "\(context) (\(topicPartition(entry)))")
        }
        return nil
    }
}
