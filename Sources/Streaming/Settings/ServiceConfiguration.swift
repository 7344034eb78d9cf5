import Foundation
import Logging

/// Everything a streaming service needs to start, read from its environment.
public struct ServiceConfiguration: Sendable {
    public var serviceName: String
    public var kafkaBrokers: String
    public var databaseURL: String
    public var groupID: String
    public var clientID: String
    public var httpHost: String
    public var httpPort: Int
    public var logLevel: Logger.Level
    public var logFormat: LogFormat
    public var batchSize: Int
    public var batchMaxWait: Duration
    public var retry: RetryPolicy
    public var shutdownTimeout: Duration
    public var kafkaSecurityProtocol: String
    public var kafkaSASLMechanism: String?
    public var kafkaSASLUsername: String?
    public var kafkaSASLPassword: String?

    /// Every common variable, with placeholders where the default depends on the service.
    public static let variables: [EnvironmentVariable] = ServiceVariables.all

    /// The common variables with this service's own defaults filled in (for `--help`).
    public static func variables(
        service: String, defaultHTTPPort: Int, hostname: String = ProcessInfo.processInfo.hostName
    ) -> [EnvironmentVariable] {
        let defaults = EnvironmentDefaults(service: service, httpPort: defaultHTTPPort, hostname: hostname)
        return variables.map(defaults.apply)
    }

    /// Direct construction, for tests and tools; services use `fromEnvironment`.
    public init(
        serviceName: String,
        kafkaBrokers: String,
        databaseURL: String,
        groupID: String? = nil,
        clientID: String? = nil,
        httpHost: String = "127.0.0.1",
        httpPort: Int = 0,
        logLevel: Logger.Level = .info,
        logFormat: LogFormat = .json,
        batchSize: Int = 100,
        batchMaxWait: Duration = .milliseconds(50),
        retry: RetryPolicy = RetryPolicy(),
        shutdownTimeout: Duration = .seconds(15),
        kafkaSecurityProtocol: String = "plaintext",
        kafkaSASLMechanism: String? = nil,
        kafkaSASLUsername: String? = nil,
        kafkaSASLPassword: String? = nil
    ) {
        self.serviceName = serviceName
        self.kafkaBrokers = kafkaBrokers
        self.databaseURL = databaseURL
        self.groupID = groupID ?? serviceName
        self.clientID = clientID ?? serviceName
        self.httpHost = httpHost
        self.httpPort = httpPort
        self.logLevel = logLevel
        self.logFormat = logFormat
        self.batchSize = batchSize
        self.batchMaxWait = batchMaxWait
        self.retry = retry
        self.shutdownTimeout = shutdownTimeout
        self.kafkaSecurityProtocol = kafkaSecurityProtocol
        self.kafkaSASLMechanism = kafkaSASLMechanism
        self.kafkaSASLUsername = kafkaSASLUsername
        self.kafkaSASLPassword = kafkaSASLPassword
    }

    public static func fromEnvironment(
        service: String,
        defaultHTTPPort: Int,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        hostname: String = ProcessInfo.processInfo.hostName
    ) throws(ConfigurationError) -> ServiceConfiguration {
        typealias V = ServiceVariables
        var reader = EnvironmentReader(environment)
        let defaults = EnvironmentDefaults(service: service, httpPort: defaultHTTPPort, hostname: hostname)

        let kafkaBrokers = reader.string(V.kafkaBrokers)
        let databaseURL = reader.string(V.databaseURL)
        if !databaseURL.isEmpty && !isPostgresURL(databaseURL) {
            reader.report("DATABASE_URL must be a postgres:// or postgresql:// URL (e.g. \(V.databaseURL.example)), got a value starting \"\(databaseURL.prefix(11))\"")
        }
        let groupID = reader.string(defaults.apply(V.groupID))
        let clientID = reader.string(defaults.apply(V.clientID))
        let httpHost = reader.string(V.httpHost)
        let httpPort = reader.int(defaults.apply(V.httpPort), range: 0...65535)
        let levelName = reader.oneOf(V.logLevel, V.logLevels)
        let formatName = reader.oneOf(V.logFormat, LogFormat.allCases.map(\.rawValue))
        let batchSize = reader.int(V.batchSize, range: 1...10_000)
        let batchMaxWait = reader.duration(V.batchMaxWait, range: 0...60_000)
        let problemsBeforeRetry = reader.problems.count
        let retryBase = reader.duration(V.retryBase, range: 1...600_000)
        let retryCap = reader.duration(V.retryCap, range: 1...3_600_000)
        let retryMaxAttempts = reader.int(V.retryMaxAttempts, range: 1...1_000)
        // Only compare values that parsed; a placeholder would add a misleading second message.
        if reader.problems.count == problemsBeforeRetry && retryCap < retryBase {
            reader.report("RETRY_CAP_MS must be at least RETRY_BASE_MS (\(milliseconds(retryBase))), got \(milliseconds(retryCap))")
        }
        let shutdownTimeout = reader.duration(V.shutdownTimeout, range: 0...600_000)
        let securityProtocol = reader.oneOf(V.kafkaSecurityProtocol, V.securityProtocols)
        let saslMechanism = reader.oneOf(V.kafkaSASLMechanism, V.saslMechanisms)
        let saslUsername = reader.optionalString(V.kafkaSASLUsername)
        let saslPassword = reader.optionalString(V.kafkaSASLPassword)
        checkSASL(
            protocol: securityProtocol, mechanism: saslMechanism,
            username: saslUsername, password: saslPassword, reader: &reader)

        try reader.finish()
        return ServiceConfiguration(
            serviceName: service,
            kafkaBrokers: kafkaBrokers,
            databaseURL: databaseURL,
            groupID: groupID,
            clientID: clientID,
            httpHost: httpHost,
            httpPort: httpPort,
            logLevel: Logger.Level(rawValue: levelName) ?? .info,
            logFormat: LogFormat(rawValue: formatName) ?? .json,
            batchSize: batchSize,
            batchMaxWait: batchMaxWait,
            retry: RetryPolicy(base: retryBase, cap: retryCap, maxAttempts: retryMaxAttempts),
            shutdownTimeout: shutdownTimeout,
            kafkaSecurityProtocol: securityProtocol,
            kafkaSASLMechanism: saslMechanism.isEmpty ? nil : saslMechanism,
            kafkaSASLUsername: saslUsername,
            kafkaSASLPassword: saslPassword
        )
    }

    static func defaultClientID(service: String, hostname: String) -> String {
        hostname.isEmpty ? service : "\(service)-\(hostname)"
    }

    private static func isPostgresURL(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://")
    }

    private static func checkSASL(
        protocol securityProtocol: String, mechanism: String,
        username: String?, password: String?, reader: inout EnvironmentReader
    ) {
        guard securityProtocol.hasPrefix("sasl_") else { return }
        if mechanism.isEmpty {
            reader.report("KAFKA_SASL_MECHANISM is required when KAFKA_SECURITY_PROTOCOL is \(securityProtocol) (one of \(ServiceVariables.saslMechanisms.joined(separator: ", ")))")
            return
        }
        let needsCredentials = mechanism == "PLAIN" || mechanism.hasPrefix("SCRAM-")
        if needsCredentials && username == nil {
            reader.report("KAFKA_SASL_USERNAME is required when KAFKA_SASL_MECHANISM is \(mechanism)")
        }
        if needsCredentials && password == nil {
            reader.report("KAFKA_SASL_PASSWORD is required when KAFKA_SASL_MECHANISM is \(mechanism)")
        }
    }

    private static func milliseconds(_ d: Duration) -> String {
        "\(d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000) ms"
    }
}

/// Applies the defaults that depend on which service is starting.
private struct EnvironmentDefaults {
    var service: String
    var httpPort: Int
    var hostname: String

    func apply(_ v: EnvironmentVariable) -> EnvironmentVariable {
        switch v.name {
        case ServiceVariables.groupID.name: v.withDefault(service)
        case ServiceVariables.clientID.name:
            v.withDefault(ServiceConfiguration.defaultClientID(service: service, hostname: hostname))
        case ServiceVariables.httpPort.name: v.withDefault(String(httpPort))
        default: v
        }
    }
}
