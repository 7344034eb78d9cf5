import Events
import Kafka
import Tracing

/// Span attributes after the OpenTelemetry messaging semantic conventions (and the CloudEvents ones for
/// the envelope), so a tracing backend groups orderflow's spans as it groups any Kafka client's.
enum MessagingAttributes {
    /// A consumer's handling of one event.
    static func process(_ message: KafkaMessage, _ event: EventMetadata, group: String) -> SpanAttributes {
        var attributes = common(
            operation: ("process", "process"), topic: message.topic, eventID: event.id.lowercased, eventType: event.type,
            correlationID: event.correlationID)
        position(partition: message.partition, offset: message.offset, in: &attributes)
        attributes["messaging.kafka.message.key"] = SpanAttribute.string(event.subject)
        attributes["cloudevents.event_source"] = SpanAttribute.string(event.source)
        attributes["messaging.consumer.group.name"] = SpanAttribute.string(group)
        if let causation = event.causationID { attributes["orderflow.causation_id"] = SpanAttribute.string(causation) }
        return attributes
    }

    /// The relay's send of one outbox row; its position comes with the delivery report.
    static func publish(_ row: OutboxRow) -> SpanAttributes {
        var attributes = common(
            operation: ("send", "publish"), topic: row.record.topic, eventID: row.eventID, eventType: row.eventType,
            correlationID: row.correlationID)
        attributes["orderflow.outbox.id"] = SpanAttribute.int64(row.id)
        return attributes
    }

    /// Where the record is (or was put) on its topic.
    static func position(partition: Int32, offset: Int64, in attributes: inout SpanAttributes) {
        attributes["messaging.destination.partition.id"] = SpanAttribute.string("\(partition)")
        attributes["messaging.kafka.offset"] = SpanAttribute.int64(offset)
    }

    private static func common(
        operation: (type: String, name: String), topic: String, eventID: String, eventType: String, correlationID: String
    ) -> SpanAttributes {
        var attributes: SpanAttributes = [:]
        attributes["messaging.system"] = "kafka"
        attributes["messaging.operation.type"] = SpanAttribute.string(operation.type)
        attributes["messaging.operation.name"] = SpanAttribute.string(operation.name)
        attributes["messaging.destination.name"] = SpanAttribute.string(topic)
        attributes["messaging.message.id"] = SpanAttribute.string(eventID)
        attributes["cloudevents.event_id"] = SpanAttribute.string(eventID)
        attributes["cloudevents.event_type"] = SpanAttribute.string(eventType)
        attributes["orderflow.correlation_id"] = SpanAttribute.string(correlationID)
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
