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
    /// The process's metrics, for what only the handler can measure (how long a saga took).
    public let metrics: StreamingMetrics?
    /// What the handler's preparation returned, for handlers registered with one.
    public let prepared: (any Sendable)?
    /// The trace context the emitted events carry: the span of this handling when tracing is on, else
    /// the incoming event's, so the trace id travels on either way.
    public let traceparent: String?

    public init(transaction: PostgresTransaction, logger: Logger, incoming: EventMetadata, source: String,
                consumerGroup: String, prepared: (any Sendable)? = nil, metrics: StreamingMetrics? = nil,
                traceparent: String? = nil) {
        self.transaction = transaction
        self.logger = logger
        self.incoming = incoming
        self.source = source
        self.consumerGroup = consumerGroup
        self.metrics = metrics
        self.prepared = prepared
        self.traceparent = traceparent ?? incoming.traceparent
    }

    /// An event caused by the one being handled. Its subject (and so its Kafka key) defaults to the
    /// incoming event's subject, which keeps one order's events on one partition.
    public func emit<P: EventPayload>(_ payload: P, subject: String? = nil, topic: String? = nil) throws -> OutgoingEvent {
        try OutgoingEvent(
            payload, source: source, subject: subject ?? incoming.subject,
            correlationID: incoming.correlationID, causationID: incoming.id.lowercased,
            traceparent: traceparent, requestedBy: incoming.requestedBy, topic: topic)
    }
}
