import CRdKafka

extension KafkaError {
    /// Builds an error from a response code; `context` says which call failed and on what.
    package init(_ code: rd_kafka_resp_err_t, context: String, detail: String? = nil, isFatal: Bool = false) {
        let description = detail ?? String(cString: rd_kafka_err2str(code))
        self.init(
            code: code.rawValue,
            name: String(cString: rd_kafka_err2name(code)),
            message: "\(context): \(description)",
            isRetriable: Self.retriableCodes.contains(code.rawValue),
            isFatal: isFatal || code == RD_KAFKA_RESP_ERR__FATAL,
            isTimeout: Self.timeoutCodes.contains(code.rawValue)
        )
    }

    /// Takes ownership of an `rd_kafka_error_t` and destroys it. Returns nil for a NULL error (success).
    static func consuming(_ error: OpaquePointer?, context: String) -> KafkaError? {
        guard let error else { return nil }
        defer { rd_kafka_error_destroy(error) }
        let code = rd_kafka_error_code(error)
        var result = KafkaError(code, context: context, detail: String(cString: rd_kafka_error_string(error)))
        result.isRetriable = result.isRetriable || rd_kafka_error_is_retriable(error) != 0
        result.isFatal = result.isFatal || rd_kafka_error_is_fatal(error) != 0
        result.transactionRequiresAbort = rd_kafka_error_txn_requires_abort(error) != 0
        return result
    }

    package static func closed(_ context: String) -> KafkaError {
        KafkaError(RD_KAFKA_RESP_ERR__DESTROY, context: context, detail: "the client has been closed")
    }

    package static func invalidArgument(_ context: String, _ detail: String) -> KafkaError {
        KafkaError(RD_KAFKA_RESP_ERR__INVALID_ARG, context: context, detail: detail)
    }

    static func timedOut(_ context: String, _ detail: String) -> KafkaError {
        KafkaError(RD_KAFKA_RESP_ERR__TIMED_OUT, context: context, detail: detail)
    }

    /// Conditions that clear up by themselves: a retry with backoff is the right reaction. A missing topic
    /// (UNKNOWN_TOPIC_OR_PART) is deliberately not here: topics are created up front, so it is a
    /// configuration mistake that waiting will not fix.
    private static let retriableCodes: Set<Int32> = Set(
        [
            RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, RD_KAFKA_RESP_ERR__TIMED_OUT,
            RD_KAFKA_RESP_ERR__MSG_TIMED_OUT, RD_KAFKA_RESP_ERR__QUEUE_FULL, RD_KAFKA_RESP_ERR__RESOLVE,
            RD_KAFKA_RESP_ERR__WAIT_COORD, RD_KAFKA_RESP_ERR__TIMED_OUT_QUEUE, RD_KAFKA_RESP_ERR__RETRY,
            RD_KAFKA_RESP_ERR__NODE_UPDATE, RD_KAFKA_RESP_ERR__OUTDATED, RD_KAFKA_RESP_ERR__PURGE_INFLIGHT,
            RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
            RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND, RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE,
            RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION,
            RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS, RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE,
            RD_KAFKA_RESP_ERR_NOT_COORDINATOR, RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS,
            RD_KAFKA_RESP_ERR_BROKER_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_REPLICA_NOT_AVAILABLE,
            RD_KAFKA_RESP_ERR_KAFKA_STORAGE_ERROR, RD_KAFKA_RESP_ERR_FETCH_SESSION_ID_NOT_FOUND,
            RD_KAFKA_RESP_ERR_OFFSET_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_CONCURRENT_TRANSACTIONS,
            RD_KAFKA_RESP_ERR_THROTTLING_QUOTA_EXCEEDED, RD_KAFKA_RESP_ERR_UNSTABLE_OFFSET_COMMIT,
            // A commit racing a rebalance: the client rejoins by itself and a later commit goes through.
            RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION, RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID,
        ].map(\.rawValue)
    )

    private static let timeoutCodes: Set<Int32> = Set(
        [
            RD_KAFKA_RESP_ERR__TIMED_OUT, RD_KAFKA_RESP_ERR__MSG_TIMED_OUT, RD_KAFKA_RESP_ERR__TIMED_OUT_QUEUE,
            RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT,
        ].map(\.rawValue)
    )
}
