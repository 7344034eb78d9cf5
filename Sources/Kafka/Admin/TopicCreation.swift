import CRdKafka

/// CreateTopics over the wire (real brokers). Blocking.
enum TopicCreation {
    static func create(_ specs: [TopicSpec], on handle: OpaquePointer, timeout: Duration) throws(KafkaError) {
        guard !specs.isEmpty else { return }
        var newTopics: [OpaquePointer?] = []
        defer { newTopics.forEach { rd_kafka_NewTopic_destroy($0) } }
        for spec in specs {
            newTopics.append(try makeNewTopic(spec))
        }
        let options = rd_kafka_AdminOptions_new(handle, RD_KAFKA_ADMIN_OP_CREATETOPICS)
        defer { rd_kafka_AdminOptions_destroy(options) }
        var errorBuffer = [CChar](repeating: 0, count: 512)
        _ = rd_kafka_AdminOptions_set_request_timeout(options, timeout.timeoutMilliseconds, &errorBuffer, errorBuffer.count)
        _ = rd_kafka_AdminOptions_set_operation_timeout(options, timeout.timeoutMilliseconds, &errorBuffer, errorBuffer.count)

        let names = specs.map(\.name)
        let queue = rd_kafka_queue_new(handle)
        defer { rd_kafka_queue_destroy(queue) }
        rd_kafka_CreateTopics(handle, &newTopics, newTopics.count, options, queue)
        // librdkafka always posts a result event by the request timeout; the margin only guards against a hang.
        guard let event = rd_kafka_queue_poll(queue, timeout.timeoutMilliseconds &+ 5000) else {
            throw KafkaError.timedOut("creating topics \(names)", "no result within \(timeout)")
        }
        defer { rd_kafka_event_destroy(event) }
        let eventError = rd_kafka_event_error(event)
        guard eventError == RD_KAFKA_RESP_ERR_NO_ERROR else {
            let detail = rd_kafka_event_error_string(event).map { String(cString: $0) }
            throw KafkaError(eventError, context: "creating topics \(names)", detail: detail)
        }
        guard let result = rd_kafka_event_CreateTopics_result(event) else {
            throw KafkaError.invalidArgument("creating topics \(names)", "unexpected admin result event")
        }
        var count = 0
        guard let topics = rd_kafka_CreateTopics_result_topics(result, &count) else { return }
        for topic in UnsafeBufferPointer(start: topics, count: count) {
            let code = rd_kafka_topic_result_error(topic)
            guard code != RD_KAFKA_RESP_ERR_NO_ERROR, code != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS else { continue }
            let name = rd_kafka_topic_result_name(topic).map { String(cString: $0) } ?? "?"
            let detail = rd_kafka_topic_result_error_string(topic).map { String(cString: $0) }
            throw KafkaError(code, context: "creating topic \"\(name)\"", detail: detail)
        }
    }

    private static func makeNewTopic(_ spec: TopicSpec) throws(KafkaError) -> OpaquePointer {
        var errorBuffer = [CChar](repeating: 0, count: 512)
        guard let topic = rd_kafka_NewTopic_new(spec.name, spec.partitions, Int32(spec.replicationFactor), &errorBuffer, errorBuffer.count) else {
            throw KafkaError.invalidArgument("creating topic \"\(spec.name)\"", String(errorBuffer: errorBuffer))
        }
        for (key, value) in spec.configs.sorted(by: { $0.key < $1.key }) {
            let result = rd_kafka_NewTopic_set_config(topic, key, value)
            guard result == RD_KAFKA_RESP_ERR_NO_ERROR else {
                rd_kafka_NewTopic_destroy(topic)
                throw KafkaError(result, context: "creating topic \"\(spec.name)\": config \"\(key)\"")
            }
        }
        return topic
    }
}
