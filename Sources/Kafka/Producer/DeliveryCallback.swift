import CRdKafka

enum DeliveryCallback {
    /// Installs the delivery report callback. It runs on whichever thread serves the producer's queue
    /// (the poll thread, or a thread inside `rd_kafka_flush`) and only touches the thread-safe tracker.
    static func install(on conf: OpaquePointer) {
        rd_kafka_conf_set_dr_msg_cb(conf) { handle, message, _ in
            guard let message, let tracker = ClientContext.from(handle)?.deliveries else { return }
            let fields = message.pointee
            guard let opaque = fields._private else { return }
            let topic = fields.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? "?"
            let outcome: DeliveryBatch.Outcome
            if fields.err == RD_KAFKA_RESP_ERR_NO_ERROR {
                outcome = .success(DeliveryReport(topic: topic, partition: fields.partition, offset: fields.offset))
            } else {
                // Not rd_kafka_message_errstr: on a delivery report it returns the record's payload, which
                // is not NUL-terminated. The error code's own text is what there is to say.
                outcome = .failure(KafkaError(fields.err, context: "delivering a record to topic \"\(topic)\""))
            }
            tracker.complete(token: UInt(bitPattern: opaque), with: outcome)
        }
    }
}
