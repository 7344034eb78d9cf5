import Events
import Foundation

/// An event a handler wants published. It is written to the outbox in the handler's transaction and
/// reaches Kafka through the relay, so it is published if and only if the handling committed.
public struct OutgoingEvent: Sendable {
    public var topic: String
    public var metadata: EventMetadata
    public var payload: any EventPayload

    public init(topic: String, metadata: EventMetadata, payload: any EventPayload) {
        self.topic = topic
        self.metadata = metadata
        self.payload = payload
    }

    /// An event with metadata built from its payload type, routed by the topic catalog.
    public init<P: EventPayload>(
        _ payload: P, source: String, subject: String, correlationID: String,
        causationID: String? = nil, traceparent: String? = nil, requestedBy: String? = nil,
        topic: String? = nil
    ) throws(StreamingError) {
        guard let resolved = topic ?? TopicCatalog.topic(forEventType: P.eventType) else {
            throw StreamingError.configuration("no topic carries event type \(P.eventType)")
        }
        self.topic = resolved
        self.metadata = EventMetadata(
            source: source, type: P.eventType, schemaVersion: P.schemaVersion, subject: subject,
            correlationID: correlationID, causationID: causationID, traceparent: traceparent,
            requestedBy: requestedBy)
        self.payload = payload
    }
}
