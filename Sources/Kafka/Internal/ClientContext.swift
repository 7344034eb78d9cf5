import CRdKafka
import Logging
import Synchronization

/// State shared between a Swift client and librdkafka's callbacks, reached from C through the handle's
/// opaque pointer (`rd_kafka_opaque`).
///
/// Ownership: `retainForHandle()` gives librdkafka a +1 reference before `rd_kafka_new`; it is balanced by
/// `releaseFromHandle()` only after `rd_kafka_destroy` has returned (or `rd_kafka_new` failed), when no
/// librdkafka thread can call back any more. So every callback sees a live object.
final class ClientContext: Sendable {
    let logger: Logger
    let deliveries: DeliveryTracker?
    let rebalance: RebalanceCoordinator?
    private let fatalError = Mutex<KafkaError?>(nil)
    /// Errors reported through error_cb that a consumer's `poll` must surface (authorization and fatal ones).
    private let pendingPollErrors = Mutex<[KafkaError]>([])
    /// Set when librdkafka reports every broker down (`_ALL_BROKERS_DOWN`): the last connection failure
    /// it gave for a broker, or its own summary. Read by calls that fail fast instead of waiting it out.
    private let allBrokersDown = Mutex<String?>(nil)
    private let lastConnectionFailure = Mutex<String?>(nil)

    init(logger: Logger, deliveries: DeliveryTracker? = nil, rebalance: RebalanceCoordinator? = nil) {
        self.logger = logger
        self.deliveries = deliveries
        self.rebalance = rebalance
    }

    func retainForHandle() -> UnsafeMutableRawPointer {
        Unmanaged.passRetained(self).toOpaque()
    }

    func releaseFromHandle() {
        Unmanaged.passUnretained(self).release()
    }

    static func from(_ handle: OpaquePointer?) -> ClientContext? {
        guard let handle, let opaque = rd_kafka_opaque(handle) else { return nil }
        return Unmanaged<ClientContext>.fromOpaque(opaque).takeUnretainedValue()
    }

    var recordedFatalError: KafkaError? { fatalError.withLock { $0 } }

    func takePendingPollErrors() -> [KafkaError] {
        pendingPollErrors.withLock { errors in
            defer { errors.removeAll() }
            return errors
        }
    }

    /// Why every broker is down, when librdkafka said so since the last `clearBrokersDown()`.
    var brokersDownReason: String? { allBrokersDown.withLock { $0 } }

    func clearBrokersDown() {
        allBrokersDown.withLock { $0 = nil }
    }

    func reportClientError(_ code: rd_kafka_resp_err_t, reason: String, handle: OpaquePointer?) {
        if code == RD_KAFKA_RESP_ERR__TRANSPORT || code == RD_KAFKA_RESP_ERR__RESOLVE {
            lastConnectionFailure.withLock { $0 = reason }
        }
        if code == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN {
            let last = lastConnectionFailure.withLock { $0 }
            allBrokersDown.withLock { $0 = last ?? reason }
        }
        if code == RD_KAFKA_RESP_ERR__FATAL {
            var underlying = code
            var detail = reason
            if let handle {
                var buffer = [CChar](repeating: 0, count: 512)
                underlying = rd_kafka_fatal_error(handle, &buffer, buffer.count)
                if underlying != RD_KAFKA_RESP_ERR_NO_ERROR { detail = String(errorBuffer: buffer) }
            }
            let error = KafkaError(underlying, context: "fatal client error", detail: detail, isFatal: true)
            fatalError.withLock { if $0 == nil { $0 = error } }
            remember(error)
            logger.critical("librdkafka fatal error: \(error)")
            return
        }
        if Self.mustSurface(code) {
            remember(KafkaError(code, context: "client error", detail: reason))
        }
        // Connection failures are normal while a broker restarts (librdkafka retries) and librdkafka's own
        // log already has a line for each, so they only go to debug here.
        let level: Logger.Level = Self.alreadyLogged(code) ? .debug : .warning
        logger.log(level: level, "librdkafka: \(String(cString: rd_kafka_err2name(code))): \(reason)")
    }

    /// Producers and admin clients never drain these, so keep only the first few.
    private func remember(_ error: KafkaError) {
        pendingPollErrors.withLock { errors in
            if errors.count < 8 { errors.append(error) }
        }
    }

    private static func alreadyLogged(_ code: rd_kafka_resp_err_t) -> Bool {
        code == RD_KAFKA_RESP_ERR__TRANSPORT || code == RD_KAFKA_RESP_ERR__RESOLVE
    }

    private static func mustSurface(_ code: rd_kafka_resp_err_t) -> Bool {
        [
            RD_KAFKA_RESP_ERR__AUTHENTICATION, RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED,
            RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED, RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED,
            RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED, RD_KAFKA_RESP_ERR__SSL,
        ].contains(code)
    }
}
