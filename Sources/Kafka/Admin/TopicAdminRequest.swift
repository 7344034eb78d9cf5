import CRdKafka

/// One topic admin request over the wire (CreateTopics, DeleteTopics): options with the timeouts, a
/// result queue, the result event, and each topic's outcome. Blocking.
enum TopicAdminRequest {
    /// `send` issues the request with the options and queue it is given; `topicResults` reads the
    /// per-topic results from the result event. A topic failing with `tolerated` counts as success
    /// (it already exists, or it is already gone). `verb` names the work in errors ("creating").
    static func run(
        _ operation: rd_kafka_admin_op_t, on handle: OpaquePointer, timeout: Duration, names: [String], verb: String,
        tolerated: rd_kafka_resp_err_t,
        send: (_ options: OpaquePointer?, _ queue: OpaquePointer?) -> Void,
        topicResults: (_ event: OpaquePointer, _ count: inout Int) throws(KafkaError) -> UnsafeMutablePointer<OpaquePointer?>?
    ) throws(KafkaError) {
        let options = rd_kafka_AdminOptions_new(handle, operation)
        defer { rd_kafka_AdminOptions_destroy(options) }
        var errorBuffer = [CChar](repeating: 0, count: 512)
        _ = rd_kafka_AdminOptions_set_request_timeout(options, timeout.timeoutMilliseconds, &errorBuffer, errorBuffer.count)
        _ = rd_kafka_AdminOptions_set_operation_timeout(options, timeout.timeoutMilliseconds, &errorBuffer, errorBuffer.count)

        let queue = rd_kafka_queue_new(handle)
        defer { rd_kafka_queue_destroy(queue) }
        send(options, queue)
        // librdkafka always posts a result event by the request timeout; the margin only guards against a hang.
        guard let event = rd_kafka_queue_poll(queue, timeout.timeoutMilliseconds &+ 5000) else {
            throw KafkaError.timedOut("\(verb) topics \(names)", "no result within \(timeout)")
        }
        defer { rd_kafka_event_destroy(event) }
        let eventError = rd_kafka_event_error(event)
        guard eventError == RD_KAFKA_RESP_ERR_NO_ERROR else {
            let detail = rd_kafka_event_error_string(event).map { String(cString: $0) }
            throw KafkaError(eventError, context: "\(verb) topics \(names)", detail: detail)
        }
        var count = 0
        guard let topics = try topicResults(event, &count) else { return }
        for topic in UnsafeBufferPointer(start: topics, count: count) {
            let code = rd_kafka_topic_result_error(topic)
            guard code != RD_KAFKA_RESP_ERR_NO_ERROR, code != tolerated else { continue }
            let name = rd_kafka_topic_result_name(topic).map { String(cString: $0) } ?? "?"
            let detail = rd_kafka_topic_result_error_string(topic).map { String(cString: $0) }
            throw KafkaError(code, context: "\(verb) topic \"\(name)\"", detail: detail)
        }
    }
}
