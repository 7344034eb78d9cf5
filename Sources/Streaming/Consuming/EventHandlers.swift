import Events

/// The handlers of one service, keyed by event type. Event types without a handler that arrive on a
/// subscribed topic are acknowledged and skipped: topics carry several types and a service cares about some.
public struct EventHandlers: Sendable {
    public typealias Handler = @Sendable (AnyEvent, HandlerContext) async throws -> [OutgoingEvent]
    /// The part of a handler that runs outside the batch's transaction; its result reaches the handler
    /// as `HandlerContext.prepared`.
    public typealias Preparation = @Sendable (AnyEvent, PreparationContext) async throws -> any Sendable

    private var handlers: [String: Handler] = [:]
    private var preparations: [String: Preparation] = [:]
    /// How many messages of a batch may be in their preparation at once. Messages with the same key are
    /// always prepared one after the other, in their order.
    public var preparationConcurrency = 16

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

    /// Registers a handler whose work starts outside the database: `prepare` runs before the batch's
    /// transaction opens (a call to another system, which must never keep a transaction open while it
    /// waits), `handle` runs inside it with what `prepare` returned. A redelivered message is prepared
    /// again, so `prepare` must be safe to repeat (an idempotent call).
    public mutating func on<P: EventPayload, Prepared: Sendable>(
        _ type: P.Type,
        prepare: @escaping @Sendable (Event<P>, PreparationContext) async throws -> Prepared,
        handle: @escaping @Sendable (Event<P>, Prepared, HandlerContext) async throws -> [OutgoingEvent]
    ) {
        preparations[P.eventType] = { event, context in
            guard let typed = event.as(P.self) else {
                throw HandlerError.permanent(
                    "payload of \(event.metadata.type) is not \(P.self)", errorClass: "handler_type_mismatch")
            }
            return try await prepare(typed, context)
        }
        on(type) { event, context in
            guard let prepared = context.prepared as? Prepared else {
                throw HandlerError.permanent(
                    "\(P.eventType) reached its handler without its preparation", errorClass: "handler_not_prepared")
            }
            return try await handle(event, prepared, context)
        }
    }

    public func handler(for type: String) -> Handler? { handlers[type] }

    public func preparation(for type: String) -> Preparation? { preparations[type] }

    public var eventTypes: Set<String> { Set(handlers.keys) }
}
