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

    /// `allTopics`, but giving up as soon as librdkafka reports every broker down (the connection was
    /// refused, the name does not resolve) instead of waiting out `timeout`: asks in growing slices and
    /// serves the handle's error events in between, which is where that report arrives.
    static func allTopicsFailingFast(
        _ handle: OpaquePointer, context: ClientContext, timeout: Duration
    ) throws(KafkaError) -> [TopicDescription] {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var slice = Duration.milliseconds(250)
        context.clearBrokersDown()
        while true {
            let remaining = clock.now.duration(to: deadline)
            let wait = min(slice, max(remaining, .milliseconds(1)))
            do {
                return try allTopics(handle, timeout: wait)
            } catch where error.isTimeout || error.isRetriable {
                rd_kafka_poll(handle, 0)
                if let reason = context.brokersDownReason {
                    throw KafkaError(RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, context: "connecting", detail: reason)
                }
                guard clock.now < deadline else {
                    throw KafkaError(error.isTimeout ? RD_KAFKA_RESP_ERR__TIMED_OUT : RD_KAFKA_RESP_ERR__TRANSPORT,
                                     context: "listing topics", detail: "no broker answered within \(timeout)")
                }
                slice = min(slice * 2, .seconds(2))
            }
        }
    }

    /// Leaders, replicas and in-sync replicas of one topic's partitions; nil when the cluster does not
    /// list the topic. Asks for every topic, like `allTopics`, so it never creates one.
    static func layout(of name: String, _ handle: OpaquePointer, timeout: Duration) throws(KafkaError) -> TopicLayout? {
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let code = rd_kafka_metadata(handle, 1, nil, &metadata, timeout.timeoutMilliseconds)
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
            if let metadata { rd_kafka_metadata_destroy(metadata) }
            throw KafkaError(code, context: "describing topic \"\(name)\" (timeout \(timeout))")
        }
        defer { rd_kafka_metadata_destroy(metadata) }
        let topics = UnsafeBufferPointer(start: metadata.pointee.topics, count: Int(metadata.pointee.topic_cnt))
        guard let topic = topics.first(where: { $0.topic.map { String(cString: $0) } == name && $0.err == RD_KAFKA_RESP_ERR_NO_ERROR }) else {
            return nil
        }
        let partitions = UnsafeBufferPointer(start: topic.partitions, count: Int(topic.partition_cnt)).map { partition in
            TopicLayout.Partition(
                id: partition.id, leader: partition.leader,
                replicas: Array(UnsafeBufferPointer(start: partition.replicas, count: Int(partition.replica_cnt))),
                inSyncReplicas: Array(UnsafeBufferPointer(start: partition.isrs, count: Int(partition.isr_cnt))))
        }
        return TopicLayout(name: name, partitions: partitions.sorted { $0.id < $1.id })
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
