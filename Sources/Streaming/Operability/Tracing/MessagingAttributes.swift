import Events
import Kafka
import Tracing

/// Span attributes after the OpenTelemetry messaging semantic conventions (and the CloudEvents ones for
/// the envelope), so a tracing backend groups orderflow's spans as it groups any Kafka client's.
enum MessagingAttributes {
    static func process(_ message: KafkaMessage, _ event: EventMetadata, group: String) -> SpanAttributes {
        var attributes = common(topic: message.topic, event: event)
        attributes["messaging.operation.type"] = "process"
        attributes["messaging.operation.name"] = "process"
        attributes["messaging.destination.partition.id"] = "\(message.partition)"
        attributes["messaging.kafka.offset"] = SpanAttribute.int64(message.offset)
        attributes["messaging.consumer.group.name"] = SpanAttribute.string(group)
        return attributes
    }

    static func publish(topic: String, partition: Int32?, offset: Int64?, event: EventMetadata) -> SpanAttributes {
        var attributes = common(topic: topic, event: event)
        attributes["messaging.operation.type"] = "send"
        attributes["messaging.operation.name"] = "publish"
        if let partition { attributes["messaging.destination.partition.id"] = "\(partition)" }
        if let offset { attributes["messaging.kafka.offset"] = SpanAttribute.int64(offset) }
        return attributes
    }

    private static func common(topic: String, event: EventMetadata) -> SpanAttributes {
        var attributes: SpanAttributes = [:]
        attributes["messaging.system"] = "kafka"
        attributes["messaging.destination.name"] = SpanAttribute.string(topic)
        attributes["messaging.message.id"] = SpanAttribute.string(event.id.uuidString.lowercased())
        attributes["messaging.kafka.message.key"] = SpanAttribute.string(event.subject)
        attributes["cloudevents.event_id"] = SpanAttribute.string(event.id.uuidString.lowercased())
        attributes["cloudevents.event_type"] = SpanAttribute.string(event.type)
        attributes["cloudevents.event_source"] = SpanAttribute.string(event.source)
        attributes["orderflow.correlation_id"] = SpanAttribute.string(event.correlationID)
        if let causation = event.causationID { attributes["orderflow.causation_id"] = SpanAttribute.string(causation) }
        return attributes
    }

    /// What became of the message, on its process span.
    static func record(_ outcome: MessageOutcome, on span: any Span) {
        switch outcome {
        case .processed:
            span.setStatus(SpanStatus(code: .ok))
        case .duplicate:
            span.attributes["orderflow.outcome"] = "duplicate"
            span.setStatus(SpanStatus(code: .ok))
        case .skipped:
            span.attributes["orderflow.outcome"] = "skipped"
        case .deadLetter(let letter):
            span.attributes["orderflow.outcome"] = "dead_letter"
            span.attributes["error.type"] = SpanAttribute.string(letter.errorClass)
            span.setStatus(SpanStatus(code: .error, message: letter.errorMessage))
        case .parked(let errorClass, let attempts):
            span.attributes["orderflow.outcome"] = "parked"
            span.attributes["orderflow.attempts"] = SpanAttribute.int64(Int64(attempts))
            if let errorClass {
                span.attributes["error.type"] = SpanAttribute.string(errorClass)
                span.setStatus(SpanStatus(code: .error, message: "parked after a retryable failure"))
            }
        case .retry(let errorClass, let message, let attempts):
            span.attributes["orderflow.outcome"] = "retry"
            span.attributes["orderflow.attempts"] = SpanAttribute.int64(Int64(attempts))
            span.attributes["error.type"] = SpanAttribute.string(errorClass)
            span.setStatus(SpanStatus(code: .error, message: message))
        case .notAttempted:
            span.attributes["orderflow.outcome"] = "not_attempted"
        case .postponed(let reason):
            span.attributes["orderflow.outcome"] = "postponed"
            span.attributes["orderflow.postponed_reason"] = SpanAttribute.string(reason)
        }
    }
}
