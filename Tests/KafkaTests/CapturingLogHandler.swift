import Logging
import Synchronization

/// Keeps the messages logged through it, so a test can see what the library reported.
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    func logger(_ label: String) -> Logger {
        Logger(label: label) { _ in Handler(capture: self) }
    }

    func contains(_ text: String) -> Bool {
        lines.withLock { $0.contains { $0.contains(text) } }
    }

    fileprivate func append(_ line: String) {
        lines.withLock { $0.append(line) }
    }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            capture.append("\(event.level): \(event.message)")
        }
    }
}
