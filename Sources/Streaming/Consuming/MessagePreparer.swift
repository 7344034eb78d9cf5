import Events
import Kafka

/// Checks a message before any database work: size, key, envelope, schema, version, handler.
struct MessagePreparer: Sendable {
    let registry: EventRegistry
    let handlers: EventHandlers
    let maxValueBytes: Int

    func prepare(_ message: KafkaMessage) -> PreparedMessage {
        guard let value = message.value, !value.isEmpty else {
            return .reject(errorClass: "empty_value", message: "message has no value")
        }
        guard value.count <= maxValueBytes else {
            return .reject(errorClass: "too_large", message: "value is \(value.count) bytes, limit \(maxValueBytes)")
        }
        guard let key = message.key, !key.isEmpty else {
            return .reject(errorClass: "missing_key", message: "message has no key (the order id is the key)")
        }
        let event: AnyEvent
        do {
            event = try registry.decode(value)
        } catch {
            return .reject(errorClass: error.errorClass, message: error.description)
        }
        guard key.elementsEqual(event.metadata.subject.utf8) else {
            return .reject(errorClass: "key_mismatch",
                           message: "key \(String(decoding: key.prefix(100), as: UTF8.self)) is not the subject \(event.metadata.subject)")
        }
        guard let handler = handlers.handler(for: event.metadata.type) else { return .skip }
        return .event(event, handler)
    }
}
