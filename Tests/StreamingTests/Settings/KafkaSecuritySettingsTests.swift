import Foundation
import Testing

@testable import Streaming

/// Kafka's TLS and SASL settings are checked when a process starts, each problem one line.
@Suite("Kafka security settings")
struct KafkaSecuritySettingsTests {
    static let process = ProcessIdentity(service: "s", defaultHTTPPort: 1, hostname: "h")
    static let base = ["KAFKA_BROKERS": "broker:9093", "DATABASE_URL": "postgres://u@db/orders"]

    @Test("a CA file that does not exist is one clear problem")
    func missingCA() {
        var environment = Self.base
        environment["KAFKA_SECURITY_PROTOCOL"] = "ssl"
        environment["KAFKA_SSL_CA_LOCATION"] = "/nonexistent/kafka-ca.crt"
        var reader = EnvironmentReader(environment)
        _ = ProcessSettings(from: &reader, for: Self.process)
        #expect(reader.problems == ["KAFKA_SSL_CA_LOCATION: /nonexistent/kafka-ca.crt does not exist or cannot be read"])
    }

    @Test("SASL over TLS with SCRAM: the mechanism, credentials and CA reach the client configuration")
    func saslSSL() throws {
        let ca = FileManager.default.temporaryDirectory.appendingPathComponent("kafka-ca-\(UUID().uuidString).crt")
        try Data("-----BEGIN CERTIFICATE-----\n".utf8).write(to: ca)
        defer { try? FileManager.default.removeItem(at: ca) }
        var environment = Self.base
        environment["KAFKA_SECURITY_PROTOCOL"] = "sasl_ssl"
        environment["KAFKA_SASL_MECHANISM"] = "SCRAM-SHA-512"
        environment["KAFKA_SASL_USERNAME"] = "orderflow"
        environment["KAFKA_SASL_PASSWORD"] = "p"
        environment["KAFKA_SSL_CA_LOCATION"] = ca.path
        var reader = EnvironmentReader(environment)
        let settings = ProcessSettings(from: &reader, for: Self.process)
        #expect(reader.problems.isEmpty, "\(reader.problems)")
        #expect(settings.kafkaSecurity.caLocation == ca.path)
        #expect(settings.kafkaSecurity.saslMechanism == "SCRAM-SHA-512")

        environment["KAFKA_SASL_PASSWORD"] = nil
        reader = EnvironmentReader(environment)
        _ = ProcessSettings(from: &reader, for: Self.process)
        #expect(reader.problems == ["KAFKA_SASL_PASSWORD is required when KAFKA_SASL_MECHANISM is SCRAM-SHA-512"])
    }
}
