import Foundation

/// A typed event: envelope attributes plus the payload of one known type and version.
public struct Event<Payload: EventPayload>: Sendable {
    public var metadata: EventMetadata
    public var data: Payload

    public init(metadata: EventMetadata, data: Payload) {
        self.metadata = metadata
        self.data = data
    }

    /// Builds metadata from `Payload.eventType` and `Payload.schemaVersion`.
    public init(
        source: String, subject: String, correlationID: String, causationID: String? = nil,
        id: UUID = .random(), time: Date = Date(), traceparent: String? = nil, requestedBy: String? = nil,
        data: Payload
    ) {
        self.metadata = EventMetadata(
            id: id, source: source, type: Payload.eventType, schemaVersion: Payload.schemaVersion,
            time: time, subject: subject, correlationID: correlationID, causationID: causationID,
            traceparent: traceparent, requestedBy: requestedBy)
        self.data = data
    }

    /// An event caused by `cause`: same subject, correlation id, trace context and requester, and
    /// `causationID` set to the cause's id, so one order's flow can be followed end to end.
    public init(
        source: String, causedBy cause: EventMetadata, id: UUID = .random(), time: Date = Date(), data: Payload
    ) {
        self.init(
            source: source, subject: cause.subject, correlationID: cause.correlationID,
            causationID: cause.id.lowercased, id: id, time: time, traceparent: cause.traceparent,
            requestedBy: cause.requestedBy, data: data)
    }
}

extension Event: Equatable {}
