import CRdKafka

/// One admin request over the wire and its result event (blocking): options carrying the timeout, a
/// queue of its own, the result event polled with a margin, and the event's own error thrown with
/// `context`. `send` issues the request; `read` takes what it needs from the result event, which is
/// destroyed when `read` returns.
enum AdminRoundTrip {
    static func run<Result>(
        _ operation: rd_kafka_admin_op_t, on handle: OpaquePointer, timeout: Duration, context: String,
        send: (_ options: OpaquePointer?, _ queue: OpaquePointer?) -> Void,
        read: (_ event: OpaquePointer) throws(KafkaError) -> Result
    ) throws(KafkaError) -> Result {
        let options = rd_kafka_AdminOptions_new(handle, operation)
        defer { rd_kafka_AdminOptions_destroy(options) }
        var errorBuffer = [CChar](repeating: 0, count: 512)
        _ = rd_kafka_AdminOptions_set_request_timeout(options, timeout.timeoutMilliseconds, &errorBuffer, errorBuffer.count)
        // Requests without an operation timeout (the describes and listings) refuse this one; that is harmless.
        _ = rd_kafka_AdminOptions_set_operation_timeout(options, timeout.timeoutMilliseconds, &errorBuffer, errorBuffer.count)

        let queue = rd_kafka_queue_new(handle)
        defer { rd_kafka_queue_destroy(queue) }
        send(options, queue)
        // librdkafka always posts a result event by the request timeout; the margin only guards against a hang.
        guard let event = rd_kafka_queue_poll(queue, timeout.timeoutMilliseconds &+ 5000) else {
            throw KafkaError.timedOut(context, "no result within \(timeout)")
        }
        defer { rd_kafka_event_destroy(event) }
        let eventError = rd_kafka_event_error(event)
        guard eventError == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(eventError, context: context, detail: rd_kafka_event_error_string(event).map { String(cString: $0) })
        }
        return try read(event)
    }
}
