/// Errors of the runtime itself (not of a message).
public enum StreamingError: Error, Sendable, CustomStringConvertible {
    case configuration(String)
    case startup(String)

    public var description: String {
        switch self {
        case .configuration(let message): "configuration: \(message)"
        case .startup(let message): "startup: \(message)"
        }
    }
}

/// What a handler throws to say how its failure should be treated. Any other error a handler throws is
/// classified by `FailureClassifier`.
public struct HandlerError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// The message can never succeed (business rule violated, inconsistent data): dead-letter now.
        case permanent
        /// The message may succeed later (a dependency is briefly unavailable): retry with backoff.
        case retryable
    }

    public var kind: Kind
    public var errorClass: String
    public var message: String

    public init(_ kind: Kind, errorClass: String, message: String) {
        self.kind = kind
        self.errorClass = errorClass
        self.message = message
    }

    public static func permanent(_ message: String, errorClass: String = "business_rule") -> HandlerError {
        HandlerError(.permanent, errorClass: errorClass, message: message)
    }

    public static func retryable(_ message: String, errorClass: String = "transient") -> HandlerError {
        HandlerError(.retryable, errorClass: errorClass, message: message)
    }

    public var description: String { "\(errorClass): \(message)" }
}
