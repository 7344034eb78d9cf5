import Foundation
import Testing

/// No secret value ever reaches `--help`, a configuration problem, or the log lines of a starting
/// service, whether given directly or as `NAME_FILE`.
@Suite("secrets stay out of every output")
struct SecretOutputTests {
    static let databasePassword = "db-pw-\(UUID().uuidString)"
    static let saslPassword = "sasl-pw-\(UUID().uuidString)"
    static let apiSecret = "api-secret-\(UUID().uuidString)"

    static var secrets: [String] { [databasePassword, saslPassword, apiSecret] }

    static func environment(saslPasswordFile: URL) -> [String: String] {
        [
            "KAFKA_BROKERS": "127.0.0.1:1",
            // Nothing listens on port 1: the service waits for its database, logging that it does.
            "DATABASE_URL": "postgres://orderflow:\(databasePassword)@127.0.0.1:1/orders",
            "KAFKA_SECURITY_PROTOCOL": "sasl_plaintext", "KAFKA_SASL_MECHANISM": "PLAIN", "KAFKA_SASL_USERNAME": "orderflow",
            "KAFKA_SASL_PASSWORD_FILE": saslPasswordFile.path,
            "API_JWT_SECRET": apiSecret,
            "HTTP_PORT": "0", "LOG_LEVEL": "debug", "LOG_FORMAT": "json",
        ]
    }

    static func expectNoSecret(in output: ProcessOutput, sourceLocation: SourceLocation = #_sourceLocation) {
        for secret in secrets {
            #expect(!output.stdout.contains(secret) && !output.stderr.contains(secret),
                    "\(output.command) printed a secret:\n\(output.summary)", sourceLocation: sourceLocation)
        }
    }

    @Test("--help, a bad configuration and a service waiting for its database print no secret")
    func secretsAreNeverPrinted() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sasl-\(UUID().uuidString)")
        try Data("\(Self.saslPassword)\n".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let environment = Self.environment(saslPasswordFile: file)
        let orderService = try BuiltExecutables.url(of: "order-service").path

        for product in ["order-service", "payment-service", "outbox-relay"] {
            let help = try await ProcessRunner.run(try BuiltExecutables.url(of: product).path, ["--help"], environment: environment)
            #expect(help.succeeded, "\(help.summary)")
            Self.expectNoSecret(in: help)
        }

        var invalid = environment
        invalid["DATABASE_URL"] = "mysql://orderflow:\(Self.databasePassword)@db/orders"
        invalid["API_JWT_SECRET"] = nil
        invalid["API_JWT_SECRET_FILE"] = file.path
        invalid["KAFKA_SASL_PASSWORD"] = Self.saslPassword
        let refused = try await ProcessRunner.run(orderService, [], environment: invalid, timeout: .seconds(30))
        #expect(refused.exitCode == 2, "\(refused.summary)")
        #expect(refused.stderr.contains("DATABASE_URL must be a postgres://"), "\(refused.summary)")
        #expect(refused.stderr.contains("KAFKA_SASL_PASSWORD and KAFKA_SASL_PASSWORD_FILE are both set"), "\(refused.summary)")
        Self.expectNoSecret(in: refused)

        let waiting = try await ProcessRunner.run(orderService, [], environment: environment, timeout: .seconds(4))
        #expect(waiting.stdout.contains("waiting for the database") || waiting.stderr.contains("waiting for the database"),
                "\(waiting.summary)")
        Self.expectNoSecret(in: waiting)
    }
}
