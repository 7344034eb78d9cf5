import Logging
import Synchronization

private let loggingBootstrapped = Mutex(false)

/// Bootstraps the process-wide `LoggingSystem` once; later calls are ignored because swift-log
/// traps on a second bootstrap.
public func bootstrapLogging(service: String, format: LogFormat, level: Logger.Level) {
    let isFirst = loggingBootstrapped.withLock { done in
        defer { done = true }
        return !done
    }
    guard isFirst else { return }
    LoggingSystem.bootstrap { label in
        makeLogHandler(label: label, service: service, format: format, level: level)
    }
}

func makeLogHandler(
    label: String, service: String, format: LogFormat, level: Logger.Level
) -> any LogHandler {
    switch format {
    case .json:
        var handler = JSONLogHandler(label: label, service: service)
        handler.logLevel = level
        return handler
    case .text:
        var handler = StreamLogHandler.standardOutput(label: label)
        handler.logLevel = level
        handler[metadataKey: "service"] = .string(service)
        return handler
    }
}
