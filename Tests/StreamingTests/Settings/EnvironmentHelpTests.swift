import Testing

@testable import Streaming

@Suite("environmentHelp")
struct EnvironmentHelpTests {
    @Test func helpNamesEveryVariableWithItsDefaultAndDescription() {
        let process = ProcessIdentity(service: "order-service", defaultHTTPPort: 8080, hostname: "h")
        let settings = ServiceSettings.declarations(for: process) + RelaySettings.Variables.all
        let help = environmentHelp(service: "order-service", summary: "Takes orders.", settings: settings)
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "order-service: Takes orders.")
        for v in settings.map(\.variable) {
            #expect(help.contains("  \(v.name) ("), "missing \(v.name)")
            #expect(help.contains(v.description), "missing description of \(v.name)")
        }
        #expect(lines.contains("  KAFKA_BROKERS (required)"))
        #expect(lines.contains("  KAFKA_SASL_PASSWORD (optional)"))
        #expect(lines.contains("  HTTP_PORT (default: 8080)"))
        #expect(lines.contains("  OUTBOX_SHARDS (default: 16)"))
    }

    @Test func theRelayListsTheProcessBasicsAndItsOwnSettings() {
        let names = RelayRunner.settings.map(\.variable.name)
        #expect(names == [
            "KAFKA_BROKERS", "DATABASE_URL", "CLIENT_ID", "HTTP_HOST", "HTTP_PORT", "LOG_LEVEL", "LOG_FORMAT",
            "SHUTDOWN_TIMEOUT_MS", "STARTUP_TIMEOUT_MS", "KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM", "KAFKA_SASL_USERNAME",
            "KAFKA_SASL_PASSWORD", "KAFKA_SSL_CA_LOCATION", "KAFKA_SSL_CERTIFICATE_LOCATION", "KAFKA_SSL_KEY_LOCATION", "TOPIC_PREFIX",
            "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_HEADERS",
            "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_TRACES_SAMPLER", "OTEL_TRACES_SAMPLER_ARG", "OTEL_SERVICE_NAME",
            "OUTBOX_SHARDS", "RELAY_BATCH_SIZE",
            "RELAY_MAX_BATCHES_IN_FLIGHT",
            "RELAY_POLL_INTERVAL_MS", "OUTBOX_RETENTION_HOURS", "PROCESSED_EVENTS_RETENTION_HOURS",
        ])
        #expect(RelayRunner.settings.map(\.variable).first { $0.name == "HTTP_PORT" }?.defaultValue == "8090")
    }
}
