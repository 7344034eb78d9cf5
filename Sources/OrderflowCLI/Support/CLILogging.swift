import Foundation
import Logging

/// Library logs (librdkafka warnings, reconnect noise) would drown the one-line errors and the event
/// output, so they are off unless `ORDERFLOW_LOG_LEVEL` (trace, debug, info, notice, warning, error) asks
/// for them; they go to stderr, never stdout.
enum CLILogging {
    static let variable = "ORDERFLOW_LOG_LEVEL"

    static func bootstrap() {
        let requested = ProcessInfo.processInfo.environment[variable].flatMap { Logger.Level(rawValue: $0.lowercased()) }
        let level = requested ?? .critical
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }

    static func logger(_ label: String) -> Logger {
        Logger(label: "orderflow.cli.\(label)")
    }
}
