import Logging

/// Writes each log event as one JSON object per line:
/// `ts`, `level`, `service`, `logger`, `message`, then the metadata keys (event_id, event_type,
/// correlation_id, topic, partition, offset, error, ...) at the top level.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    private let label: String
    private let service: String
    private let output: LogOutput

    /// Keys the handler writes itself; metadata using one of them is written as `metadata.<key>`.
    static let reservedKeys: Set<String> = ["ts", "level", "service", "logger", "message"]

    public init(
        label: String, service: String, output: LogOutput = .standardOutput,
        metadataProvider: Logger.MetadataProvider? = nil
    ) {
        self.label = label
        self.service = service
        self.output = output
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() {
            merged.merge(provided) { _, new in new }
        }
        if let explicit = event.metadata {
            merged.merge(explicit) { _, new in new }
        }
        if let error = event.error, merged["error"] == nil {
            merged["error"] = .string(String(describing: error))
        }

        var line = JSONLineBuilder()
        line.add("ts", string: LogTimestamp.now())
        line.add("level", string: event.level.rawValue)
        line.add("service", string: service)
        line.add("logger", string: label)
        line.add("message", string: event.message.description)
        for key in merged.keys.sorted() {
            guard let value = merged[key] else { continue }
            let name = Self.reservedKeys.contains(key) ? "metadata.\(key)" : key
            line.add(name, metadata: value)
        }
        output.write(line.finished())
    }
}
