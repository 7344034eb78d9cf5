import Logging
import Streaming

/// What the provider simulator reads from its environment.
struct ProviderSettings: Sendable {
    var databaseURL: String
    var httpHost: String
    var httpPort: Int
    var logLevel: Logger.Level
    var logFormat: LogFormat

    enum Variables {
        static let httpPort = Setting.integer(
            name: "HTTP_PORT", description: "Port of the provider's API, admin endpoint and health (0 picks a free port)",
            default: 8080, range: 0...65535, example: "8080")

        /// The simulator's own database in `--help`'s example.
        static let databaseURL = ProcessSettings.Variables.databaseURL(
            for: ProcessIdentity(service: "payment-provider", defaultHTTPPort: 8080, database: "payment_provider"))

        static var all: [any SettingDeclaration] {
            [databaseURL, ProcessSettings.Variables.httpHost, httpPort,
             ProcessSettings.Variables.logLevel, ProcessSettings.Variables.logFormat]
        }
    }

    init(from reader: inout EnvironmentReader) {
        databaseURL = reader.read(Variables.databaseURL)
        httpHost = reader.read(ProcessSettings.Variables.httpHost)
        httpPort = reader.read(Variables.httpPort)
        logLevel = reader.read(ProcessSettings.Variables.logLevel)
        logFormat = reader.read(ProcessSettings.Variables.logFormat)
    }
}
