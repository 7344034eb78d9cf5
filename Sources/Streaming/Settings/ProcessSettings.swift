import Foundation
import Kafka
import Logging

/// What every orderflow process reads from its environment, relays as much as services: where Kafka
/// and its database are, where it serves health and metrics, how it logs, how long it may take to
/// stop, and how it authenticates to Kafka.
public struct ProcessSettings: Sendable {
    public var kafkaBrokers: String
    public var databaseURL: String
    public var clientID: String
    public var httpHost: String
    public var httpPort: Int
    public var logLevel: Logger.Level
    public var logFormat: LogFormat
    public var shutdownTimeout: Duration
    /// Zero: wait for the dependencies forever.
    public var startupTimeout: Duration
    public var kafkaSecurity: KafkaSecurity
    /// Prepended to every topic name the process reads and publishes to.
    public var topicPrefix: String
    public var tracing: TracingSettings
}

extension ProcessSettings {
    public enum Variables {
        public static let kafkaBrokers = RequiredSetting.string(
            name: "KAFKA_BROKERS", description: "Kafka bootstrap servers, comma-separated", example: "localhost:9092")
        public static func databaseURL(for process: ProcessIdentity) -> RequiredSetting<String> {
            RequiredSetting.string(
                name: "DATABASE_URL", description: "PostgreSQL connection URL of this service's own database",
                example: "postgres://orderflow:secret@localhost:5432/\(process.database)"
            ).secret()
        }
        public static func clientID(for process: ProcessIdentity) -> Setting<String> {
            Setting.string(
                name: "CLIENT_ID", description: "Kafka client id, shown in broker logs and metrics",
                default: process.hostname.isEmpty ? process.service : "\(process.service)-\(process.hostname)",
                example: "payment-service-host1")
        }
        public static let httpHost = Setting.string(
            name: "HTTP_HOST", description: "Address the health, readiness and metrics server binds to",
            default: "0.0.0.0", example: "127.0.0.1")
        public static func httpPort(for process: ProcessIdentity) -> Setting<Int> {
            Setting.integer(
                name: "HTTP_PORT", description: "Port of the health, readiness and metrics server (0 picks a free port)",
                default: process.defaultHTTPPort, range: 0...65535, example: "8080")
        }
        public static let logLevel = Setting.choice(
            name: "LOG_LEVEL", description: "Lowest log level written",
            default: Logger.Level.info, options: Logger.Level.allCases.map { ($0.rawValue, $0) }, example: "debug")
        public static let logFormat = Setting.choice(
            name: "LOG_FORMAT", description: "Log line format",
            default: LogFormat.json, options: LogFormat.allCases.map { ($0.rawValue, $0) }, example: "text")
        public static let shutdownTimeout = Setting.milliseconds(
            name: "SHUTDOWN_TIMEOUT_MS", description: "Time in milliseconds allowed for a graceful shutdown before exiting",
            default: 15_000, range: 0...600_000, example: "30000")
        public static let startupTimeout = Setting.milliseconds(
            name: "STARTUP_TIMEOUT_MS",
            description: "How long to wait at start for the database and Kafka (retrying with backoff, /healthz up, /readyz saying why not ready) before exiting with status 3; 0 waits forever",
            default: 60_000, range: 0...86_400_000, example: "300000")
        public static let kafkaSecurityProtocol = Setting.choice(
            name: "KAFKA_SECURITY_PROTOCOL", description: "Kafka security protocol",
            default: KafkaSecurityProtocol.plaintext, options: KafkaSecurityProtocol.allCases.map { ($0.rawValue, $0) },
            example: "sasl_ssl")
        /// Only the mechanisms that need nothing but a user name and password: GSSAPI and OAUTHBEARER
        /// need settings (keytabs, token endpoints) these processes do not offer.
        public static let kafkaSASLMechanism = Setting<String?>.choice(
            name: "KAFKA_SASL_MECHANISM", description: "SASL mechanism when the protocol is sasl_*",
            default: nil, options: ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"].map { ($0, $0) },
            example: "SCRAM-SHA-512")
        public static let kafkaSASLUsername = Setting.optionalString(
            name: "KAFKA_SASL_USERNAME", description: "SASL user name", example: "orderflow")
        public static let kafkaSSLCALocation = Setting.optionalString(
            name: "KAFKA_SSL_CA_LOCATION", description: "CA certificate file (PEM) the brokers' certificates are verified against, with ssl or sasl_ssl",
            example: "/etc/orderflow/kafka-ca/ca.crt")
        public static let kafkaSSLCertificateLocation = Setting.optionalString(
            name: "KAFKA_SSL_CERTIFICATE_LOCATION",
            description: "Client certificate file (PEM) for brokers that authenticate clients by TLS (mutual TLS), with KAFKA_SSL_KEY_LOCATION",
            example: "/run/secrets/kafka-client.crt")
        public static let kafkaSSLKeyLocation = Setting.optionalString(
            name: "KAFKA_SSL_KEY_LOCATION", description: "Private key file (PEM, unencrypted) of KAFKA_SSL_CERTIFICATE_LOCATION",
            example: "/run/secrets/kafka-client.key")
        public static let kafkaSASLPassword = Setting.optionalString(
            name: "KAFKA_SASL_PASSWORD", description: "SASL password", example: "change-me"
        ).secret()

        public static let topicPrefix = Setting.string(
            name: "TOPIC_PREFIX",
            description: "Prepended to the name of every topic this process reads and publishes to, so several pipelines can share one Kafka cluster (letters, digits, '.', '_' and '-')",
            default: "", example: "staging.")

        /// In the order `--help` lists them and they are read.
        static func all(for process: ProcessIdentity) -> [any SettingDeclaration] {
            [
                kafkaBrokers, databaseURL(for: process), clientID(for: process), httpHost, httpPort(for: process), logLevel,
                logFormat, shutdownTimeout, startupTimeout, kafkaSecurityProtocol, kafkaSASLMechanism, kafkaSASLUsername,
                kafkaSASLPassword, kafkaSSLCALocation, kafkaSSLCertificateLocation, kafkaSSLKeyLocation, topicPrefix,
            ] + TracingSettings.Variables.all
        }
    }

    init(from reader: inout EnvironmentReader, for process: ProcessIdentity) {
        typealias V = Variables
        kafkaBrokers = reader.read(V.kafkaBrokers)
        let databaseSetting = V.databaseURL(for: process)
        databaseURL = reader.read(databaseSetting)
        if !databaseURL.isEmpty && !Self.isPostgresURL(databaseURL) {
            reader.report(
                "\(databaseSetting.name) must be a postgres:// or postgresql:// URL (e.g. \(databaseSetting.example))")
        }
        clientID = reader.read(V.clientID(for: process))
        httpHost = reader.read(V.httpHost)
        httpPort = reader.read(V.httpPort(for: process))
        logLevel = reader.read(V.logLevel)
        logFormat = reader.read(V.logFormat)
        shutdownTimeout = reader.read(V.shutdownTimeout)
        startupTimeout = reader.read(V.startupTimeout)
        kafkaSecurity = Self.readSecurity(&reader)
        topicPrefix = reader.read(V.topicPrefix)
        if let wrong = topicPrefix.first(where: { !Self.topicNameCharacters.contains($0) }) {
            reader.report("\(V.topicPrefix.name) may hold only letters, digits, '.', '_' and '-' (Kafka's topic names), got \"\(wrong)\" in \"\(topicPrefix)\"")
        }
        tracing = TracingSettings(from: &reader)
    }

    private static let topicNameCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")

    private static func isPostgresURL(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://")
    }

    /// The security variables, and what a SASL protocol needs besides.
    static func readSecurity(_ reader: inout EnvironmentReader) -> KafkaSecurity {
        typealias V = Variables
        var security = KafkaSecurity(protocol: reader.read(V.kafkaSecurityProtocol))
        security.saslMechanism = reader.read(V.kafkaSASLMechanism)
        security.saslUsername = reader.read(V.kafkaSASLUsername)
        security.saslPassword = reader.read(V.kafkaSASLPassword)
        security.caLocation = reader.read(V.kafkaSSLCALocation)
        security.certificateLocation = reader.read(V.kafkaSSLCertificateLocation)
        security.keyLocation = reader.read(V.kafkaSSLKeyLocation)

        let protocolName = security.protocol.rawValue
        let usesTLS = security.protocol == .ssl || security.protocol == .saslSSL
        let files = [
            (V.kafkaSSLCALocation.name, security.caLocation), (V.kafkaSSLCertificateLocation.name, security.certificateLocation),
            (V.kafkaSSLKeyLocation.name, security.keyLocation),
        ]
        // Checked here so a missing file is one line, not librdkafka's stack of TLS errors at connect.
        for case let (name, path?) in files {
            if !FileManager.default.isReadableFile(atPath: path) {
                reader.report("\(name): \(path) does not exist or cannot be read")
            } else if !usesTLS {
                reader.report("\(name) is set but \(V.kafkaSecurityProtocol.name) is \(protocolName): TLS files are used only with ssl or sasl_ssl")
            }
        }
        if (security.certificateLocation == nil) != (security.keyLocation == nil) {
            reader.report("\(V.kafkaSSLCertificateLocation.name) and \(V.kafkaSSLKeyLocation.name) go together: a client certificate needs its key")
        }
        guard protocolName.hasPrefix("sasl_") else {
            if let mechanism = security.saslMechanism, !Self.reported(V.kafkaSASLMechanism.name, in: reader) {
                reader.report("\(V.kafkaSASLMechanism.name) is \(mechanism) but \(V.kafkaSecurityProtocol.name) is \(protocolName): SASL is used only with sasl_plaintext or sasl_ssl")
            }
            return security
        }
        guard let mechanism = security.saslMechanism else {
            reader.report(
                "\(V.kafkaSASLMechanism.name) is required when \(V.kafkaSecurityProtocol.name) is \(protocolName) (\(V.kafkaSASLMechanism.rule.expectation))")
            return security
        }
        let needsCredentials = mechanism == "PLAIN" || mechanism.hasPrefix("SCRAM-")
        if needsCredentials && security.saslUsername == nil {
            reader.report("\(V.kafkaSASLUsername.name) is required when \(V.kafkaSASLMechanism.name) is \(mechanism)")
        }
        // An unreadable KAFKA_SASL_PASSWORD_FILE was reported already: one line is enough.
        if needsCredentials && security.saslPassword == nil && !Self.reported(V.kafkaSASLPassword.name, in: reader) {
            reader.report("\(V.kafkaSASLPassword.name) is required when \(V.kafkaSASLMechanism.name) is \(mechanism)")
        }
        return security
    }

    /// Whether a problem with `name` (or its `_FILE`) is on the list already.
    private static func reported(_ name: String, in reader: EnvironmentReader) -> Bool {
        reader.problems.contains { $0.hasPrefix(name + " ") || $0.hasPrefix(name + ":") || $0.hasPrefix(name + SecretFile.suffix) }
    }
}
