import Events
import Logging

/// What the outside part of a handler gets (see `EventHandlers.on(_:prepare:handle:)`): the event's ids
/// and a logger carrying them. No transaction: this part runs before the batch's transaction opens.
public struct PreparationContext: Sendable {
    public let logger: Logger
    public let incoming: EventMetadata

    public init(logger: Logger, incoming: EventMetadata) {
        self.logger = logger
        self.incoming = incoming
    }
}
