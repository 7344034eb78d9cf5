import Events
import Kafka
import Postgres

/// How the consume loop treats a failure.
public enum FailureDisposition: Sendable, Equatable {
    /// Dead-letter at once: retrying cannot help.
    case deadLetter(errorClass: String)
    /// Retry this message with backoff; dead-letter after the attempt budget.
    case retryMessage(errorClass: String)
    /// The database or broker is unavailable: nothing is wrong with the message, so it is retried
    /// without spending its attempt budget until the dependency returns.
    case outage(errorClass: String)
}

public enum FailureClassifier {
    public static func classify(_ error: any Error) -> FailureDisposition {
        switch error {
        case let error as HandlerError:
            return error.kind == .permanent
                ? .deadLetter(errorClass: error.errorClass) : .retryMessage(errorClass: error.errorClass)
        case let error as PostgresError:
            return classify(postgres: error)
        case is DependencyUnavailable:
            return .outage(errorClass: "dependency_unavailable")
        case is EventEncodingError, is StreamingError:
            // The handler built an event the contract refuses: a bug that retrying cannot fix.
            return .deadLetter(errorClass: "invalid_outgoing_event")
        case let error as KafkaError:
            return error.isRetriable || error.isTimeout
                ? .outage(errorClass: "kafka_\(error.name.lowercased())") : .deadLetter(errorClass: "kafka_error")
        default:
            return .deadLetter(errorClass: "handler_error")
        }
    }

    static func classify(postgres error: PostgresError) -> FailureDisposition {
        switch error.kind {
        case .connection, .closed:
            return .outage(errorClass: "database_unavailable")
        default:
            break
        }
        switch error.sqlState {
        case "40001": return .retryMessage(errorClass: "serialization_failure")
        case "40P01": return .retryMessage(errorClass: "deadlock_detected")
        case "55P03": return .retryMessage(errorClass: "lock_not_available")
        // A statement timeout; the loop itself never cancels a batch's statements.
        case "57014": return .retryMessage(errorClass: "query_canceled")
        case let state? where state.hasPrefix("08") || state.hasPrefix("57P") || state == "53300":
            return .outage(errorClass: "database_unavailable")
        default:
            return error.isRetryable
                ? .retryMessage(errorClass: "database_transient") : .deadLetter(errorClass: "database_error")
        }
    }
}
