/// An event decoded without knowing its type in advance.
public struct AnyEvent: Sendable {
    /// As received: `schemaVersion` is the version on the wire, even when the payload was upcast.
    public var metadata: EventMetadata
    /// Already upcast to the newest version of its type this registry knows.
    public var payload: any EventPayload

    public init(metadata: EventMetadata, payload: any EventPayload) {
        self.metadata = metadata
        self.payload = payload
    }

    /// The typed event when the payload is a `P`; nil otherwise. Because payloads are upcast,
    /// ask for the newest type (`OrderPlaced`, not `OrderPlacedV1`).
    public func `as`<P: EventPayload>(_ type: P.Type) -> Event<P>? {
        guard let data = payload as? P else { return nil }
        return Event(metadata: metadata, data: data)
    }
}

extension AnyEvent: Equatable {
    public static func == (lhs: AnyEvent, rhs: AnyEvent) -> Bool {
        lhs.metadata == rhs.metadata && lhs.payload.isEqual(to: rhs.payload)
    }
}
