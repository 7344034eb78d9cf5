import CRdKafka
import Foundation

enum MessageConversion {
    /// Copies a fetched message out of librdkafka's memory. The caller still owns and destroys `message`.
    static func message(from message: UnsafeMutablePointer<rd_kafka_message_t>) -> KafkaMessage {
        let fields = message.pointee
        let topic = fields.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let milliseconds = rd_kafka_message_timestamp(message, &timestampType)
        let timestamp: Date? =
            timestampType == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE || milliseconds < 0
            ? nil : Date(timeIntervalSince1970: Double(milliseconds) / 1000)
        return KafkaMessage(
            topic: topic,
            partition: fields.partition,
            offset: fields.offset,
            key: copyBytes(fields.key, count: fields.key_len),
            value: copyBytes(fields.payload, count: fields.len),
            headers: headers(of: message),
            timestamp: timestamp
        )
    }

    private static func headers(of message: UnsafeMutablePointer<rd_kafka_message_t>) -> [KafkaHeader] {
        var list: OpaquePointer?
        guard rd_kafka_message_headers(message, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { return [] }
        var result: [KafkaHeader] = []
        result.reserveCapacity(rd_kafka_header_cnt(list))
        var index = 0
        while true {
            var name: UnsafePointer<CChar>?
            var value: UnsafeRawPointer?
            var size = 0
            guard rd_kafka_header_get_all(list, index, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR else { break }
            result.append(
                KafkaHeader(key: name.map { String(cString: $0) } ?? "", value: copyBytes(value, count: size))
            )
            index += 1
        }
        return result
    }
}
