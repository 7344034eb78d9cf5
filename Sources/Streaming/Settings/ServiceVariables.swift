/// The environment variables every streaming service reads.
///
/// Defaults that depend on the service (group id, client id, HTTP port) are written here as
/// placeholders for documentation; `ServiceConfiguration.variables(service:defaultHTTPPort:)` fills
/// them in for a real service.
public enum ServiceVariables {
    public static let kafkaBrokers = EnvironmentVariable(
        name: "KAFKA_BROKERS", description: "Kafka bootstrap servers, comma-separated",
        defaultValue: nil, example: "localhost:9092")
    public static let databaseURL = EnvironmentVariable(
        name: "DATABASE_URL", description: "PostgreSQL connection URL of this service's own database",
        defaultValue: nil, example: "postgres://orderflow:secret@localhost:5432/orders")
    public static let groupID = EnvironmentVariable(
        name: "GROUP_ID", description: "Kafka consumer group id",
        defaultValue: "<service name>", example: "payment-service")
    public static let clientID = EnvironmentVariable(
        name: "CLIENT_ID", description: "Kafka client id, shown in broker logs and metrics",
        defaultValue: "<service name>-<hostname>", example: "payment-service-host1")
    public static let httpHost = EnvironmentVariable(
        name: "HTTP_HOST", description: "Address the health, readiness and metrics server binds to",
        defaultValue: "0.0.0.0", example: "127.0.0.1")
    public static let httpPort = EnvironmentVariable(
        name: "HTTP_PORT", description: "Port of the health, readiness and metrics server (0 picks a free port)",
        defaultValue: "<per service>", example: "8080")
    public static let logLevel = EnvironmentVariable(
        name: "LOG_LEVEL", description: "Lowest log level written: trace, debug, info, notice, warning, error or critical",
        defaultValue: "info", example: "debug")
    public static let logFormat = EnvironmentVariable(
        name: "LOG_FORMAT", description: "Log line format: json (one object per line) or text",
        defaultValue: "json", example: "text")
    public static let batchSize = EnvironmentVariable(
        name: "BATCH_SIZE", description: "Most messages handled in one database transaction",
        defaultValue: "100", example: "500")
    public static let batchMaxWait = EnvironmentVariable(
        name: "BATCH_MAX_WAIT_MS", description: "Longest wait in milliseconds to fill a batch before handling it",
        defaultValue: "50", example: "20")
    public static let retryBase = EnvironmentVariable(
        name: "RETRY_BASE_MS", description: "Backoff in milliseconds before the first retry of a transient failure",
        defaultValue: "100", example: "200")
    public static let retryCap = EnvironmentVariable(
        name: "RETRY_CAP_MS", description: "Longest backoff in milliseconds between retries",
        defaultValue: "10000", example: "30000")
    public static let retryMaxAttempts = EnvironmentVariable(
        name: "RETRY_MAX_ATTEMPTS", description: "Attempts at a message (first try included) before it is dead-lettered",
        defaultValue: "8", example: "5")
    public static let shutdownTimeout = EnvironmentVariable(
        name: "SHUTDOWN_TIMEOUT_MS", description: "Time in milliseconds allowed for a graceful shutdown before exiting",
        defaultValue: "15000", example: "30000")
    public static let kafkaSecurityProtocol = EnvironmentVariable(
        name: "KAFKA_SECURITY_PROTOCOL", description: "Kafka security protocol: plaintext, ssl, sasl_plaintext or sasl_ssl",
        defaultValue: "plaintext", example: "sasl_ssl")
    public static let kafkaSASLMechanism = EnvironmentVariable(
        name: "KAFKA_SASL_MECHANISM", description: "SASL mechanism when the protocol is sasl_*: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, GSSAPI or OAUTHBEARER",
        defaultValue: "", example: "SCRAM-SHA-512")
    public static let kafkaSASLUsername = EnvironmentVariable(
        name: "KAFKA_SASL_USERNAME", description: "SASL user name",
        defaultValue: "", example: "orderflow")
    public static let kafkaSASLPassword = EnvironmentVariable(
        name: "KAFKA_SASL_PASSWORD", description: "SASL password",
        defaultValue: "", example: "change-me")

    public static let securityProtocols = ["plaintext", "ssl", "sasl_plaintext", "sasl_ssl"]
    public static let saslMechanisms = ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "GSSAPI", "OAUTHBEARER"]
    public static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    public static let all: [EnvironmentVariable] = [
        kafkaBrokers, databaseURL, groupID, clientID, httpHost, httpPort, logLevel, logFormat,
        batchSize, batchMaxWait, retryBase, retryCap, retryMaxAttempts, shutdownTimeout,
        kafkaSecurityProtocol, kafkaSASLMechanism, kafkaSASLUsername, kafkaSASLPassword,
    ]
}
