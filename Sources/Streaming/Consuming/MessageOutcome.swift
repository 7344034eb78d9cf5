import Events
import Kafka

/// What became of one message of a batch.
enum MessageOutcome: Sendable {
    case processed(type: String, latency: Duration)
    case duplicate
    /// No handler for its type: acknowledged without effect.
    case skipped
    case deadLetter(DeadLetter)
    /// Set aside in the database for the parked-message worker, its partition flowing on: after a
    /// retryable failure (`errorClass` and the attempts spent), or behind such a message of its key.
    case parked(errorClass: String?, attempts: Int)
    /// A retryable failure that could not be parked: the partition is paused and rewound to this message.
    case retry(errorClass: String, message: String, attempts: Int)
    /// Behind a retrying message of its partition: left for redelivery.
    case notAttempted

    var isParked: Bool {
        if case .parked = self { true } else { false }
    }

    /// Whether the message's offset may be stored (it is done with, one way or another).
    var isSettled: Bool {
        switch self {
        case .processed, .duplicate, .skipped, .deadLetter, .parked: true
        case .retry, .notAttempted: false
        }
    }
}

/// A message after the checks that need no database: decoded, or already known to be a dead letter.
enum PreparedMessage: Sendable {
    case event(AnyEvent, EventHandlers.Handler)
    case skip
    case reject(errorClass: String, message: String)
}
