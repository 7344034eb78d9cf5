import Foundation
import Logging

/// Quiet loggers for the runtime tests; `STREAMING_TEST_LOG_LEVEL=debug` shows what the runtime does.
enum TestLogging {
    static let level: Logger.Level =
        ProcessInfo.processInfo.environment["STREAMING_TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .critical

    static func logger(_ label: String) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }
}
