import Events

/// The handlers of one service, keyed by event type. Event types without a handler that arrive on a
/// subscribed topic are acknowledged and skipped: topics carry several types and a service cares about some.
public struct EventHandlers: Sendable {
    public typealias Handler = @Sendable (AnyEvent, HandlerContext) async throws -> [OutgoingEvent]

    private var handlers: [String: Handler] = [:]

    public init() {}

    /// Registers the handler of one event type. It receives the newest version of the payload whatever
    /// version was on the wire: the registry has upcast it.
    public mutating func on<P: EventPayload>(
        _ type: P.Type, _ handler: @escaping @Sendable (Event<P>, HandlerContext) async throws -> [OutgoingEvent]
    ) {
        handlers[P.eventType] = { event, context in
            guard let typed = event.as(P.self) else {
                throw HandlerError.permanent(
                    "payload of \(event.metadata.type) is not \(P.self)", errorClass: "handler_type_mismatch")
            }
            return try await handler(typed, context)
        }
    }

    public func handler(for type: String) -> Handler? { handlers[type] }

    public var eventTypes: Set<String> { Set(handlers.keys) }
}
