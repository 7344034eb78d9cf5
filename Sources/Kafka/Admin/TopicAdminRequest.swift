import CRdKafka

/// One topic admin request over the wire (CreateTopics, DeleteTopics) and each topic's outcome. Blocking.
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
        try AdminRoundTrip.run(operation, on: handle, timeout: timeout, context: "\(verb) topics \(names)", send: send) {
            event throws(KafkaError) in
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
}
