import CRdKafka

/// DeleteTopics over the wire. Blocking.
enum TopicDeletion {
    static func delete(_ names: [String], on handle: OpaquePointer, timeout: Duration) throws(KafkaError) {
        guard !names.isEmpty else { return }
        var deletions: [OpaquePointer?] = names.map { rd_kafka_DeleteTopic_new($0) }
        defer { deletions.forEach { rd_kafka_DeleteTopic_destroy($0) } }
        let options = rd_kafka_AdminOptions_new(handle, RD_KAFKA_ADMIN_OP_DELETETOPICS)
        defer { rd_kafka_AdminOptions_destroy(options) }
        var errorBuffer = [CChar](repeating: 0, count: 512)
        _ = rd_kafka_AdminOptions_set_request_timeout(options, timeout.timeoutMilliseconds, &errorBuffer, errorBuffer.count)
        _ = rd_kafka_AdminOptions_set_operation_timeout(options, timeout.timeoutMilliseconds, &errorBuffer, errorBuffer.count)

        let queue = rd_kafka_queue_new(handle)
        defer { rd_kafka_queue_destroy(queue) }
        rd_kafka_DeleteTopics(handle, &deletions, deletions.count, options, queue)
        // librdkafka always posts a result event by the request timeout; the margin only guards against a hang.
        guard let event = rd_kafka_queue_poll(queue, timeout.timeoutMilliseconds &+ 5000) else {
            throw KafkaError.timedOut("deleting topics \(names)", "no result within \(timeout)")
        }
        defer { rd_kafka_event_destroy(event) }
        let eventError = rd_kafka_event_error(event)
        guard eventError == RD_KAFKA_RESP_ERR_NO_ERROR else {
            let detail = rd_kafka_event_error_string(event).map { String(cString: $0) }
            throw KafkaError(eventError, context: "deleting topics \(names)", detail: detail)
        }
        guard let result = rd_kafka_event_DeleteTopics_result(event) else {
            throw KafkaError.invalidArgument("deleting topics \(names)", "unexpected admin result event")
        }
        var count = 0
        guard let topics = rd_kafka_DeleteTopics_result_topics(result, &count) else { return }
        for topic in UnsafeBufferPointer(start: topics, count: count) {
            let code = rd_kafka_topic_result_error(topic)
            guard code != RD_KAFKA_RESP_ERR_NO_ERROR, code != RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART else { continue }
            let name = rd_kafka_topic_result_name(topic).map { String(cString: $0) } ?? "?"
            let detail = rd_kafka_topic_result_error_string(topic).map { String(cString: $0) }
            throw KafkaError(code, context: "deleting topic \"\(name)\"", detail: detail)
        }
    }
}
