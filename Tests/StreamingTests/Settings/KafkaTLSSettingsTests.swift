import Foundation
import Testing

@testable import Streaming

/// The client certificate settings and the combinations that cannot work: each is one problem line at
/// start instead of a librdkafka error at connect.
@Suite("Kafka TLS and SASL combinations")
struct KafkaTLSSettingsTests {
    static let process = ProcessIdentity(service: "s", defaultHTTPPort: 1, hostname: "h")
    static let base = ["KAFKA_BROKERS": "broker:9093", "DATABASE_URL": "postgres://u@db/orders"]

    static func problems(_ extra: [String: String]) -> [String] {
        var reader = EnvironmentReader(base.merging(extra) { _, new in new })
        _ = ProcessSettings(from: &reader, for: process)
        return reader.problems
    }

    static func file(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString).pem")
        try Data("-----BEGIN PLACEHOLDER-----\n".utf8).write(to: url)
        return url
    }

    @Test("mutual TLS: certificate and key reach the client configuration")
    func clientCertificate() throws {
        let certificate = try Self.file("client-crt"), key = try Self.file("client-key")
        defer {
            try? FileManager.default.removeItem(at: certificate)
            try? FileManager.default.removeItem(at: key)
        }
        var reader = EnvironmentReader(Self.base.merging([
            "KAFKA_SECURITY_PROTOCOL": "ssl", "KAFKA_SSL_CERTIFICATE_LOCATION": certificate.path, "KAFKA_SSL_KEY_LOCATION": key.path,
        ]) { _, new in new })
        let settings = ProcessSettings(from: &reader, for: Self.process)
        #expect(reader.problems.isEmpty, "\(reader.problems)")
        #expect(settings.kafkaSecurity.certificateLocation == certificate.path)
        #expect(settings.kafkaSecurity.keyLocation == key.path)

        #expect(Self.problems(["KAFKA_SECURITY_PROTOCOL": "ssl", "KAFKA_SSL_CERTIFICATE_LOCATION": certificate.path]) == [
            "KAFKA_SSL_CERTIFICATE_LOCATION and KAFKA_SSL_KEY_LOCATION go together: a client certificate needs its key",
        ])
        #expect(Self.problems([
            "KAFKA_SECURITY_PROTOCOL": "ssl", "KAFKA_SSL_CERTIFICATE_LOCATION": certificate.path, "KAFKA_SSL_KEY_LOCATION": "/nonexistent/client.key",
        ]) == ["KAFKA_SSL_KEY_LOCATION: /nonexistent/client.key does not exist or cannot be read"])
        #expect(Self.problems(["KAFKA_SSL_CA_LOCATION": certificate.path]) == [
            "KAFKA_SSL_CA_LOCATION is set but KAFKA_SECURITY_PROTOCOL is plaintext: TLS files are used only with ssl or sasl_ssl",
        ])
    }

    @Test("a mechanism without a SASL protocol, and one this build does not offer, are one line each")
    func mechanisms() {
        #expect(Self.problems(["KAFKA_SECURITY_PROTOCOL": "ssl", "KAFKA_SASL_MECHANISM": "PLAIN"]) == [
            "KAFKA_SASL_MECHANISM is PLAIN but KAFKA_SECURITY_PROTOCOL is ssl: SASL is used only with sasl_plaintext or sasl_ssl",
        ])
        let unknown = Self.problems([
            "KAFKA_SECURITY_PROTOCOL": "sasl_plaintext", "KAFKA_SASL_MECHANISM": "GSSAPI", "KAFKA_SASL_USERNAME": "u",
            "KAFKA_SASL_PASSWORD": "p",
        ])
        #expect(unknown.count == 1 && unknown.first?.hasPrefix("KAFKA_SASL_MECHANISM") == true, "\(unknown)")
        #expect(unknown.first?.contains("PLAIN, SCRAM-SHA-256, SCRAM-SHA-512") == true, "\(unknown)")
        for mechanism in ["PLAIN", "SCRAM-SHA-256", "scram-sha-512"] {
            #expect(Self.problems([
                "KAFKA_SECURITY_PROTOCOL": "sasl_plaintext", "KAFKA_SASL_MECHANISM": mechanism, "KAFKA_SASL_USERNAME": "u",
                "KAFKA_SASL_PASSWORD": "p",
            ]).isEmpty, "\(mechanism)")
        }
    }
}
