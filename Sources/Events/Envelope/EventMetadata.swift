import Foundation

/// The envelope attributes of one event (everything but `data`).
public struct EventMetadata: Sendable, Hashable {
    /// Unique per event; consumers deduplicate on it.
    public var id: UUID
    /// The producing service, e.g. `order-service`.
    public var source: String
    /// The event type, e.g. `order.placed`.
    public var type: String
    /// Envelope attribute `schemaversion`: the version of `data` on the wire.
    public var schemaVersion: Int
    /// When the event happened. The wire carries milliseconds, so `init` truncates to whole
    /// milliseconds: what a producer holds then equals what a consumer decodes.
    public var time: Date
    /// What the event is about: the order id (also the Kafka key).
    public var subject: String
    /// Envelope attribute `correlationid`: shared by every event of one order's flow.
    public var correlationID: String
    /// Envelope attribute `causationid`: the id of the event that caused this one.
    public var causationID: String?
    /// W3C trace context (`00-<trace id>-<span id>-<flags>`).
    public var traceparent: String?
    /// Envelope attribute `requestedby`: who asked for the order this event belongs to (the `sub` of the
    /// order API caller's bearer token). Absent when nobody authenticated, as in events written before it existed.
    public var requestedBy: String?

    public init(
        id: UUID = .random(), source: String, type: String, schemaVersion: Int, time: Date = Date(),
        subject: String, correlationID: String, causationID: String? = nil, traceparent: String? = nil,
        requestedBy: String? = nil
    ) {
        self.id = id
        self.source = source
        self.type = type
        self.schemaVersion = schemaVersion
        self.time = EventTime.truncatedToMilliseconds(time)
        self.subject = subject
        self.correlationID = correlationID
        self.causationID = causationID
        self.traceparent = traceparent
        self.requestedBy = requestedBy
    }
}
