import Events
import Kafka
import Postgres
import Streaming
import Testing

/// Which failures dead-letter at once, which retry the message, and which are outages that retry the
/// batch without spending the message's attempts.
@Suite struct FailureClassifierTests {
    static func postgres(_ kind: PostgresError.Kind, _ sqlState: String?) -> PostgresError {
        PostgresError(kind: kind, message: "test", sqlState: sqlState)
    }

    @Test func handlerErrorsCarryTheirOwnClass() {
        #expect(FailureClassifier.classify(HandlerError.permanent("no", errorClass: "customer_blocked"))
            == .deadLetter(errorClass: "customer_blocked"))
        #expect(FailureClassifier.classify(HandlerError.retryable("later", errorClass: "provider_busy"))
            == .retryMessage(errorClass: "provider_busy"))
    }

    @Test(arguments: [
        ("40001", FailureDisposition.retryMessage(errorClass: "serialization_failure")),
        ("40P01", .retryMessage(errorClass: "deadlock_detected")),
        ("55P03", .retryMessage(errorClass: "lock_not_available")),
        ("57014", .retryMessage(errorClass: "query_canceled")),
        ("57P01", .outage(errorClass: "database_unavailable")),
        ("08006", .outage(errorClass: "database_unavailable")),
        ("53300", .outage(errorClass: "database_unavailable")),
        ("23505", .deadLetter(errorClass: "database_error")),
        ("22012", .deadLetter(errorClass: "database_error")),
    ])
    func statementFailuresByState(_ sqlState: String, _ expected: FailureDisposition) {
        #expect(FailureClassifier.classify(Self.postgres(.query, sqlState)) == expected)
    }

    @Test func aLostOrClosedConnectionIsAnOutage() {
        #expect(FailureClassifier.classify(Self.postgres(.connection, nil)) == .outage(errorClass: "database_unavailable"))
        #expect(FailureClassifier.classify(Self.postgres(.closed, nil)) == .outage(errorClass: "database_unavailable"))
    }

    @Test func brokerTroubleIsAnOutage() {
        let timeout = KafkaError(code: -185, name: "_TIMED_OUT", message: "test", isRetriable: true, isFatal: false, isTimeout: true)
        #expect(FailureClassifier.classify(timeout) == .outage(errorClass: "kafka__timed_out"))
        let invalid = KafkaError(code: -186, name: "_INVALID_ARG", message: "test", isRetriable: false, isFatal: false, isTimeout: false)
        #expect(FailureClassifier.classify(invalid) == .deadLetter(errorClass: "kafka_error"))
    }

    @Test func anEventTheContractRefusesIsAHandlerBug() {
        let error = EventEncodingError.unregistered(type: "order.exploded", version: 1)
        #expect(FailureClassifier.classify(error) == .deadLetter(errorClass: "invalid_outgoing_event"))
        #expect(FailureClassifier.classify(StreamingError.configuration("no topic")) == .deadLetter(errorClass: "invalid_outgoing_event"))
    }

    @Test func anyOtherErrorIsAHandlerError() {
        struct Unexpected: Error {}
        #expect(FailureClassifier.classify(Unexpected()) == .deadLetter(errorClass: "handler_error"))
    }
}
