/// An error from librdkafka or from this library, with the context of the call that failed.
public struct KafkaError: Error, Sendable, CustomStringConvertible {
    /// `rd_kafka_resp_err_t` raw value (negative values are client-side errors, positive ones come from the broker).
    public var code: Int32
    /// `rd_kafka_err2name`, e.g. `_MSG_TIMED_OUT` or `UNKNOWN_TOPIC_OR_PART`.
    public var name: String
    /// Human text naming the call and the topic or key involved.
    public var message: String
    /// Transient: trying again later may succeed (timeouts, broker down, coordinator moving, ...).
    public var isRetriable: Bool
    /// The client instance is unusable and must be recreated.
    public var isFatal: Bool
    public var isTimeout: Bool
    /// A transactional call failed in a way that leaves the transaction needing `abortTransaction`.
    public var transactionRequiresAbort: Bool

    public init(
        code: Int32, name: String, message: String, isRetriable: Bool, isFatal: Bool, isTimeout: Bool,
        transactionRequiresAbort: Bool = false
    ) {
        self.code = code
        self.name = name
        self.message = message
        self.isRetriable = isRetriable
        self.isFatal = isFatal
        self.isTimeout = isTimeout
        self.transactionRequiresAbort = transactionRequiresAbort
    }

    public var description: String { "KafkaError \(name) (\(code)): \(message)" }
}
