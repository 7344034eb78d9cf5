import CRdKafka

/// Hands one record to librdkafka (`rd_kafka_produceva`). Non-blocking: a full local queue comes back as
/// `_QUEUE_FULL` instead of waiting.
enum RecordEnqueuer {
    static func enqueue(_ record: KafkaRecord, on handle: OpaquePointer, token: UInt) -> KafkaError? {
        let headers = makeHeaders(record.headers)
        let error: OpaquePointer? = record.topic.withCString { topic in
            withOptionalBytes(record.key) { key, keyCount in
                withOptionalBytes(record.value) { value, valueCount in
                    var fields = [rd_kafka_vu_t](repeating: rd_kafka_vu_t(), count: 7)
                    fields[0].vtype = RD_KAFKA_VTYPE_TOPIC
                    fields[0].u.cstr = topic
                    fields[1].vtype = RD_KAFKA_VTYPE_PARTITION
                    fields[1].u.i32 = record.partition ?? RD_KAFKA_PARTITION_UA
                    fields[2].vtype = RD_KAFKA_VTYPE_KEY
                    fields[2].u.mem.ptr = UnsafeMutableRawPointer(mutating: key)
                    fields[2].u.mem.size = keyCount
                    fields[3].vtype = RD_KAFKA_VTYPE_VALUE
                    fields[3].u.mem.ptr = UnsafeMutableRawPointer(mutating: value)
                    fields[3].u.mem.size = valueCount
                    // F_COPY: librdkafka copies key and value, so the Swift buffers may go away after the call.
                    fields[4].vtype = RD_KAFKA_VTYPE_MSGFLAGS
                    fields[4].u.i = RD_KAFKA_MSG_F_COPY
                    fields[5].vtype = RD_KAFKA_VTYPE_OPAQUE
                    fields[5].u.ptr = UnsafeMutableRawPointer(bitPattern: token)
                    var count = 6
                    if let headers {
                        fields[6].vtype = RD_KAFKA_VTYPE_HEADERS
                        fields[6].u.headers = headers
                        count = 7
                    }
                    return rd_kafka_produceva(handle, &fields, count)
                }
            }
        }
        guard let error else { return nil }
        // On failure the headers stay ours (on success the message owns them).
        if let headers { rd_kafka_headers_destroy(headers) }
        return KafkaError.consuming(error, context: "producing to topic \"\(record.topic)\"")
    }

    private static func makeHeaders(_ headers: [KafkaHeader]) -> OpaquePointer? {
        guard !headers.isEmpty, let list = rd_kafka_headers_new(headers.count) else { return nil }
        for header in headers {
            withOptionalBytes(Array(header.key.utf8)) { name, nameCount in
                withOptionalBytes(header.value) { value, valueCount in
                    _ = rd_kafka_header_add(
                        list, name?.assumingMemoryBound(to: CChar.self), nameCount, value, valueCount
                    )
                }
            }
        }
        return list
    }
}
