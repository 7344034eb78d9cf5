import Foundation
import Testing

/// A service given Kafka TLS or SASL settings that cannot work stops at start, before any connection,
/// with exit code 2 and one line per problem: never librdkafka's stack of TLS errors.
@Suite("Kafka security settings at a service's start")
struct KafkaSecurityStartTests {
    static let base = [
        "KAFKA_BROKERS": "127.0.0.1:1",
        // Nothing listens on port 1: a configuration that passes leaves the service waiting for its database.
        "DATABASE_URL": "postgres://orderflow@127.0.0.1:1/orders",
        "HTTP_PORT": "0", "LOG_FORMAT": "json", "API_AUTH": "disabled", "SWIFT_BACKTRACE": "enable=no",
    ]

    @Test("a missing CA, certificate or key file, or an unknown mechanism, is one line and exit 2")
    func refusedAtStart() async throws {
        let secretDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("kafka-secrets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: secretDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: secretDirectory) }
        let password = secretDirectory.appendingPathComponent("sasl-password")
        try Data("scram-password-\(UUID().uuidString)\n".utf8).write(to: password)

        let cases: [([String: String], String)] = [
            (["KAFKA_SECURITY_PROTOCOL": "sasl_ssl", "KAFKA_SASL_MECHANISM": "SCRAM-SHA-512", "KAFKA_SASL_USERNAME": "orderflow",
              "KAFKA_SASL_PASSWORD_FILE": password.path, "KAFKA_SSL_CA_LOCATION": "/run/secrets/no-such-ca.crt"],
             "KAFKA_SSL_CA_LOCATION: /run/secrets/no-such-ca.crt does not exist or cannot be read"),
            (["KAFKA_SECURITY_PROTOCOL": "ssl", "KAFKA_SSL_CERTIFICATE_LOCATION": "/run/secrets/no-such-client.crt",
              "KAFKA_SSL_KEY_LOCATION": password.path],
             "KAFKA_SSL_CERTIFICATE_LOCATION: /run/secrets/no-such-client.crt does not exist or cannot be read"),
            (["KAFKA_SECURITY_PROTOCOL": "sasl_plaintext", "KAFKA_SASL_MECHANISM": "SCRAM-SHA-1", "KAFKA_SASL_USERNAME": "orderflow",
              "KAFKA_SASL_PASSWORD_FILE": password.path],
             "KAFKA_SASL_MECHANISM must be one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512"),
            (["KAFKA_SECURITY_PROTOCOL": "sasl_plaintext", "KAFKA_SASL_MECHANISM": "SCRAM-SHA-256", "KAFKA_SASL_USERNAME": "orderflow",
              "KAFKA_SASL_PASSWORD_FILE": secretDirectory.appendingPathComponent("absent").path],
             "KAFKA_SASL_PASSWORD_FILE: "),
        ]
        let secret = try String(contentsOf: password, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        for product in ["order-service", "outbox-relay"] {
            let executable = try BuiltExecutables.url(of: product).path
            for (settings, problem) in cases {
                let environment = Self.base.merging(settings) { _, new in new }
                let run = try await ProcessRunner.run(executable, [], environment: environment, inheritEnvironment: false, timeout: .seconds(30))
                #expect(run.exitCode == 2, "\(run.summary)")
                let lines = run.stderr.split(separator: "\n").map(String.init)
                #expect(lines.count == 2, "a heading and one problem expected:\n\(run.summary)")
                #expect(lines.last?.hasPrefix("  - \(problem)") == true, "\(run.summary)")
                #expect(!run.stderr.contains("rdkafka") && !run.stdout.contains("rdkafka"), "\(run.summary)")
                #expect(!run.stderr.contains(secret) && !run.stdout.contains(secret), "a secret was printed:\n\(run.summary)")
            }
        }
    }

    @Test("SCRAM over TLS with the password as a file passes the checks")
    func acceptedAtStart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kafka-secrets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let password = directory.appendingPathComponent("sasl-password"), ca = directory.appendingPathComponent("ca.crt")
        try Data("scram-password-\(UUID().uuidString)".utf8).write(to: password)
        try Data("-----BEGIN CERTIFICATE-----\n".utf8).write(to: ca)
        let environment = Self.base.merging([
            "KAFKA_SECURITY_PROTOCOL": "sasl_ssl", "KAFKA_SASL_MECHANISM": "SCRAM-SHA-256", "KAFKA_SASL_USERNAME": "orderflow",
            "KAFKA_SASL_PASSWORD_FILE": password.path, "KAFKA_SSL_CA_LOCATION": ca.path,
        ]) { _, new in new }
        let run = try await ProcessRunner.run(
            try BuiltExecutables.url(of: "order-service").path, [], environment: environment, inheritEnvironment: false,
            timeout: .seconds(4))
        #expect(run.exitCode != 2, "\(run.summary)")
        #expect((run.stdout + run.stderr).contains("waiting for the database"), "\(run.summary)")
    }
}
