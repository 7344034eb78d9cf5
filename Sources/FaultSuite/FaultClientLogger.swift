import Logging

/// The runner's own Kafka clients report only errors: the faults it injects make them warn constantly,
/// and those warnings are about the experiment, not about the system under test.
enum FaultClientLogger {
    static func make(_ label: String) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = .error
        return logger
    }
}
