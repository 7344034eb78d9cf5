import Logging
import Testing

@testable import Streaming

@Suite("ServiceSettings")
struct ServiceSettingsTests {
    let minimal = ["KAFKA_BROKERS": "kafka:9092", "DATABASE_URL": "postgres://u:p@db:5432/payments"]

    private func read(
        service: String, defaultHTTPPort: Int, environment: [String: String], hostname: String = "host"
    ) throws(ConfigurationError) -> ServiceSettings {
        var reader = EnvironmentReader(environment)
        let settings = ServiceSettings(
            from: &reader, for: ProcessIdentity(service: service, defaultHTTPPort: defaultHTTPPort, hostname: hostname))
        try reader.finish()
        return settings
    }

    @Test func defaultsApplyWithOnlyRequiredVariablesSet() throws {
        let settings = try read(service: "payment-service", defaultHTTPPort: 8082, environment: minimal, hostname: "host1")
        let process = settings.process
        #expect(process.kafkaBrokers == "kafka:9092")
        #expect(process.databaseURL == "postgres://u:p@db:5432/payments")
        #expect(settings.consumer.groupID == "payment-service")
        #expect(process.clientID == "payment-service-host1")
        #expect(process.httpHost == "0.0.0.0")
        #expect(process.httpPort == 8082)
        #expect(process.logLevel == .info)
        #expect(process.logFormat == .json)
        #expect(settings.consumer.batchSize == 100)
        #expect(settings.consumer.batchMaxWait == .milliseconds(50))
        #expect(settings.consumer.retry == RetryPolicy(base: .milliseconds(100), cap: .seconds(10), maxAttempts: 8))
        #expect(process.shutdownTimeout == .milliseconds(15_000))
        #expect(process.kafkaSecurity.protocol == .plaintext)
        #expect(process.kafkaSecurity.saslMechanism == nil)
        #expect(process.kafkaSecurity.saslUsername == nil)
        #expect(process.kafkaSecurity.saslPassword == nil)
        #expect(settings.outboxShards == 16)
        // librdkafka's own default: a deployment's consumers fetch as they always did.
        #expect(settings.consumer.fetchMaxWait == .milliseconds(500))
        #expect(settings.process.consumerConfiguration(settings.consumer).sessionTimeout == .seconds(10))
        #expect(process.topicPrefix == "")
    }

    @Test func fetchWaitSessionTimeoutAndTopicPrefixReachTheClients() throws {
        var env = minimal
        env["KAFKA_FETCH_WAIT_MAX_MS"] = "10"
        env["KAFKA_SESSION_TIMEOUT_MS"] = "3000"
        env["TOPIC_PREFIX"] = "bench-1."
        let settings = try read(service: "s", defaultHTTPPort: 1, environment: env)
        #expect(settings.process.topicPrefix == "bench-1.")
        let consumer = settings.process.consumerConfiguration(settings.consumer)
        #expect(consumer.fetchMaxWait == .milliseconds(10))
        #expect(consumer.sessionTimeout == .seconds(3))

        env["KAFKA_FETCH_WAIT_MAX_MS"] = "0"
        env["KAFKA_SESSION_TIMEOUT_MS"] = "500"
        env["TOPIC_PREFIX"] = "bench/1"
        let error = try #require(throws: ConfigurationError.self) { try read(service: "s", defaultHTTPPort: 1, environment: env) }
        #expect(error.problems.contains { $0.hasPrefix("KAFKA_FETCH_WAIT_MAX_MS must be a whole number of milliseconds between 1 and 300000") })
        #expect(error.problems.contains { $0.hasPrefix("KAFKA_SESSION_TIMEOUT_MS must be a whole number of milliseconds between 1000 and 1800000") })
        #expect(error.problems.contains { $0.hasPrefix("TOPIC_PREFIX may hold only letters, digits") && $0.contains("\"/\"") })
    }

    @Test func theSwiftDefaultsAreTheEnvironmentDefaults() throws {
        let consumer = try read(service: "s", defaultHTTPPort: 1, environment: minimal).consumer
        let loop = ConsumerLoopConfiguration(service: "s", groupID: "s", topics: [])
        #expect(loop.batchSize == consumer.batchSize)
        #expect(loop.batchMaxWait == consumer.batchMaxWait)
        #expect(loop.retry == consumer.retry)
        #expect(RetryPolicy() == consumer.retry)
        #expect(OutboxWriter().shards == RelaySettings().shards)
    }

    @Test func explicitValuesOverrideDefaults() throws {
        var env = minimal
        env["GROUP_ID"] = "payments-v2"
        env["CLIENT_ID"] = "pay-1"
        env["HTTP_PORT"] = "0"
        env["LOG_LEVEL"] = "debug"
        env["LOG_FORMAT"] = "text"
        env["BATCH_SIZE"] = "500"
        env["RETRY_BASE_MS"] = "20"
        env["RETRY_CAP_MS"] = "2000"
        env["RETRY_MAX_ATTEMPTS"] = "3"
        env["KAFKA_SECURITY_PROTOCOL"] = "SASL_SSL"
        env["KAFKA_SASL_MECHANISM"] = "scram-sha-512"
        env["KAFKA_SASL_USERNAME"] = "u"
        env["KAFKA_SASL_PASSWORD"] = "p"
        let settings = try read(service: "payment-service", defaultHTTPPort: 8082, environment: env, hostname: "h")
        #expect(settings.consumer.groupID == "payments-v2")
        #expect(settings.process.clientID == "pay-1")
        #expect(settings.process.httpPort == 0)
        #expect(settings.process.logLevel == .debug)
        #expect(settings.process.logFormat == .text)
        #expect(settings.consumer.batchSize == 500)
        #expect(settings.consumer.retry == RetryPolicy(base: .milliseconds(20), cap: .seconds(2), maxAttempts: 3))
        #expect(settings.process.kafkaSecurity.protocol == .saslSSL)
        #expect(settings.process.kafkaSecurity.saslMechanism == "SCRAM-SHA-512")
    }

    @Test func allProblemsAreReportedAtOnce() throws {
        let env = ["BATCH_SIZE": "abc", "LOG_LEVEL": "loud", "HTTP_PORT": "70000", "RETRY_CAP_MS": "soon"]
        let error = try #require(throws: ConfigurationError.self) {
            try read(service: "order-service", defaultHTTPPort: 8080, environment: env)
        }
        #expect(error.problems == [
            "KAFKA_BROKERS is required (Kafka bootstrap servers, comma-separated, e.g. localhost:9092)",
            "DATABASE_URL is required (PostgreSQL connection URL of this service's own database, e.g. postgres://orderflow:secret@localhost:5432/orders; or DATABASE_URL_FILE naming a file that holds it)",
            "HTTP_PORT must be an integer between 0 and 65535, got \"70000\"",
            "LOG_LEVEL must be one of trace, debug, info, notice, warning, error, critical, got \"loud\"",
            "BATCH_SIZE must be an integer between 1 and 10000, got \"abc\"",
            "RETRY_CAP_MS must be a whole number of milliseconds between 1 and 3600000, got \"soon\"",
        ])
    }

    @Test func crossFieldRulesAreChecked() throws {
        var env = minimal
        env["DATABASE_URL"] = "mysql://db/orders"
        env["RETRY_BASE_MS"] = "500"
        env["RETRY_CAP_MS"] = "100"
        env["KAFKA_SECURITY_PROTOCOL"] = "sasl_plaintext"
        env["KAFKA_SASL_MECHANISM"] = "PLAIN"
        let error = try #require(throws: ConfigurationError.self) {
            try read(service: "s", defaultHTTPPort: 1, environment: env)
        }
        #expect(error.problems.count == 4)
        #expect(error.problems.contains { $0.hasPrefix("DATABASE_URL must be a postgres:// or postgresql:// URL") })
        #expect(error.problems.contains("RETRY_CAP_MS must be at least RETRY_BASE_MS (500 ms), got 100 ms"))
        #expect(error.problems.contains("KAFKA_SASL_USERNAME is required when KAFKA_SASL_MECHANISM is PLAIN"))
        #expect(error.problems.contains("KAFKA_SASL_PASSWORD is required when KAFKA_SASL_MECHANISM is PLAIN"))
    }

    @Test func saslProtocolNeedsAMechanism() throws {
        var env = minimal
        env["KAFKA_SECURITY_PROTOCOL"] = "sasl_ssl"
        let error = try #require(throws: ConfigurationError.self) {
            try read(service: "s", defaultHTTPPort: 1, environment: env)
        }
        #expect(error.problems.count == 1)
        #expect(error.problems.first?.hasPrefix("KAFKA_SASL_MECHANISM is required when KAFKA_SECURITY_PROTOCOL is sasl_ssl") == true)
    }

    @Test func variableListCoversEveryCommonSetting() {
        let process = ProcessIdentity(service: "s", defaultHTTPPort: 1, hostname: "h")
        let processNames = ProcessSettings.Variables.all(for: process).map(\.variable.name)
        #expect(processNames == [
            "KAFKA_BROKERS", "DATABASE_URL", "CLIENT_ID", "HTTP_HOST", "HTTP_PORT", "LOG_LEVEL", "LOG_FORMAT",
            "SHUTDOWN_TIMEOUT_MS", "STARTUP_TIMEOUT_MS", "KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM", "KAFKA_SASL_USERNAME",
            "KAFKA_SASL_PASSWORD", "KAFKA_SSL_CA_LOCATION", "KAFKA_SSL_CERTIFICATE_LOCATION", "KAFKA_SSL_KEY_LOCATION", "TOPIC_PREFIX",
            "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_HEADERS",
            "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_TRACES_SAMPLER", "OTEL_TRACES_SAMPLER_ARG", "OTEL_SERVICE_NAME",
        ])
        let consumerNames = ConsumerSettings.Variables.all(for: process).map(\.variable.name)
        #expect(consumerNames == [
            "GROUP_ID", "BATCH_SIZE", "BATCH_MAX_WAIT_MS", "KAFKA_FETCH_WAIT_MAX_MS", "KAFKA_SESSION_TIMEOUT_MS", "RETRY_BASE_MS", "RETRY_CAP_MS",
            "RETRY_MAX_ATTEMPTS",
        ])
        let variables = ServiceSettings.declarations(for: process).map(\.variable)
        let names = variables.map(\.name)
        #expect(names == processNames + consumerNames + ["OUTBOX_SHARDS"])
        #expect(Set(names).count == names.count)
        let required = variables.filter(\.isRequired).map(\.name)
        #expect(required == ["KAFKA_BROKERS", "DATABASE_URL"])
    }

    @Test func perServiceVariablesCarryConcreteDefaults() {
        let process = ProcessIdentity(service: "shipping-service", defaultHTTPPort: 8084, hostname: "h")
        let variables = ServiceSettings.declarations(for: process).map(\.variable)
        let defaults = Dictionary(uniqueKeysWithValues: variables.map { ($0.name, $0.defaultValue) })
        #expect(defaults["GROUP_ID"] == "shipping-service")
        #expect(defaults["CLIENT_ID"] == "shipping-service-h")
        #expect(defaults["HTTP_PORT"] == "8084")
        #expect(defaults["BATCH_SIZE"] == "100")
    }

    @Test func theServicesOwnSettingsFollowTheCommonOnes() {
        let own = Setting.choice(
            name: "OWN", description: "a service's own setting", default: 2, options: [("1", 1), ("2", 2)], example: "1")
        let definition = ServiceDefinition(
            name: "s", summary: "", defaultHTTPPort: 1, topics: [], migrations: [], handlers: EventHandlers(),
            variables: [own])
        let names = ServiceRunner.settings(of: definition).map(\.variable.name)
        #expect(names == ServiceSettings.declarations(for: definition.identity).map(\.variable.name) + ["OWN"])
    }
}
