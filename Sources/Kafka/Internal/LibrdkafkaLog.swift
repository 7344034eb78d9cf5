import CRdKafka
import Logging

/// Routes librdkafka's own log lines into swift-log.
enum LibrdkafkaLog {
    /// librdkafka's `log_level` (syslog scale). 4 = warning: librdkafka only formats warnings and errors
    /// unless a caller raises it through `raw["log_level"]` (or `raw["debug"]`).
    static let defaultLevel = "4"

    static func level(forSyslog level: Int32) -> Logger.Level {
        switch level {
        case ...2: .critical
        case 3: .error
        case 4: .warning
        case 5: .notice
        case 6: .info
        default: .debug
        }
    }

    /// Installs the log and error callbacks. Both run on librdkafka's internal threads; they only read the
    /// immutable logger from the context, which is safe from any thread.
    static func install(on conf: OpaquePointer) {
        rd_kafka_conf_set_log_cb(conf) { handle, level, facility, text in
            guard let context = ClientContext.from(handle) else { return }
            let facility = facility.map { String(cString: $0) } ?? "-"
            let text = text.map { String(cString: $0) } ?? ""
            context.logger.log(
                level: LibrdkafkaLog.level(forSyslog: level), "\(text)",
                metadata: ["librdkafka.facility": "\(facility)"]
            )
        }
        rd_kafka_conf_set_error_cb(conf) { handle, code, reason, _ in
            guard let context = ClientContext.from(handle) else { return }
            let error = rd_kafka_resp_err_t(rawValue: code)
            let reason = reason.map { String(cString: $0) } ?? ""
            context.reportClientError(error, reason: reason, handle: handle)
        }
    }
}
