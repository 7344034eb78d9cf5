import Events
import Logging
import Postgres

/// What a handler gets besides its event: the batch's transaction (a savepoint of it when a failed batch is redone),
/// a logger carrying the event's ids, and `emit`, which stamps outgoing events with the incoming
/// event's correlation id, trace context and requester, and its id as causation.
public struct HandlerContext: Sendable {
    public let transaction: PostgresTransaction
    public let logger: Logger
    public let incoming: EventMetadata
    public let source: String
    public let consumerGroup: String

    public init(transaction: PostgresTransaction, logger: Logger, incoming: EventMetadata, source: String,
                consumerGroup: String) {
        self.transaction = transaction
        self.logger = logger
        self.incoming = incoming
        self.source = source
        self.consumerGroup = consumerGroup
    }

    /// An event caused by the one being handled. Its subject (and so its Kafka key) defaults to the
    /// incoming event's subject, which keeps one order's events on one partition.
    public func emit<P: EventPayload>(_ payload: P, subject: String? = nil, topic: String? = nil) throws -> OutgoingEvent {
        try OutgoingEvent(
            payload, source: source, subject: subject ?? incoming.subject,
            correlationID: incoming.correlationID, causationID: incoming.id.lowercased,
            traceparent: incoming.traceparent, requestedBy: incoming.requestedBy, topic: topic)
    }
}
