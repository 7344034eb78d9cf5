import CRdKafka

/// Cluster metadata requests (`rd_kafka_metadata`). Blocking: call from a dispatch queue.
enum Metadata {
    /// One request to any broker; throws if none answers within `timeout`.
    static func roundTrip(_ handle: OpaquePointer, timeout: Duration) throws(KafkaError) {
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let code = rd_kafka_metadata(handle, 0, nil, &metadata, timeout.timeoutMilliseconds)
        if let metadata { rd_kafka_metadata_destroy(metadata) }
        switch code {
        case RD_KAFKA_RESP_ERR_NO_ERROR:
            return
        case RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, RD_KAFKA_RESP_ERR__RESOLVE,
            RD_KAFKA_RESP_ERR__TIMED_OUT:
            // librdkafka keeps reconnecting until the timeout and then reports the last connection failure;
            // to the caller that is "no broker answered in time".
            let last = String(cString: rd_kafka_err2str(code))
            throw KafkaError.timedOut(
                "checking the broker connection", "no broker answered within \(timeout) (last error: \(last))"
            )
        default:
            throw KafkaError(code, context: "checking the broker connection (timeout \(timeout))")
        }
    }

    /// All topics the cluster knows, internal (`__`-prefixed) ones included, with their partition ids.
    /// Asks for every topic rather than a named one so that the lookup can never auto-create a topic.
    static func allTopics(_ handle: OpaquePointer, timeout: Duration) throws(KafkaError) -> [TopicDescription] {
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let code = rd_kafka_metadata(handle, 1, nil, &metadata, timeout.timeoutMilliseconds)
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
            if let metadata { rd_kafka_metadata_destroy(metadata) }
            throw KafkaError(code, context: "listing topics (timeout \(timeout))")
        }
        defer { rd_kafka_metadata_destroy(metadata) }
        let cluster = metadata.pointee
        let topics = UnsafeBufferPointer(start: cluster.topics, count: Int(cluster.topic_cnt))
        return topics.compactMap { topic -> TopicDescription? in
            guard topic.err == RD_KAFKA_RESP_ERR_NO_ERROR, let name = topic.topic else { return nil }
            let partitions = UnsafeBufferPointer(start: topic.partitions, count: Int(topic.partition_cnt))
            return TopicDescription(name: String(cString: name), partitions: partitions.map(\.id).sorted())
        }
    }

    /// The brokers the cluster lists. Names no topic, so it never creates one.
    static func brokers(_ handle: OpaquePointer, timeout: Duration) throws(KafkaError) -> [ClusterDescription.Broker] {
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let code = rd_kafka_metadata(handle, 0, nil, &metadata, timeout.timeoutMilliseconds)
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
            if let metadata { rd_kafka_metadata_destroy(metadata) }
            throw KafkaError(code, context: "listing the cluster's brokers (timeout \(timeout))")
        }
        defer { rd_kafka_metadata_destroy(metadata) }
        let brokers = UnsafeBufferPointer(start: metadata.pointee.brokers, count: Int(metadata.pointee.broker_cnt))
        return brokers.map { broker in
            ClusterDescription.Broker(id: broker.id, host: broker.host.map { String(cString: $0) } ?? "", port: Int(broker.port))
        }.sorted { $0.id < $1.id }
    }
}
