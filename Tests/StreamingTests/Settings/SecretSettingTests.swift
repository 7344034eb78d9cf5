import Foundation
import Testing

@testable import Streaming

/// Secrets may be given as `NAME_FILE` (the Docker and Kubernetes secrets convention), and their
/// values never appear in a problem report or in `--help`.
@Suite("secret settings")
struct SecretSettingTests {
    static let secretValue = "s3cr3t-value-that-must-never-be-printed"

    static func file(holding text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("secret-\(UUID().uuidString)")
        try Data(text.utf8).write(to: url)
        return url
    }

    static let environment: [String: String] = ["KAFKA_BROKERS": "localhost:9092"]

    @Test("DATABASE_URL_FILE and KAFKA_SASL_PASSWORD_FILE are read, trailing newline dropped")
    func readFromFiles() throws {
        let url = try Self.file(holding: "postgres://u:\(Self.secretValue)@db/orders\n")
        let password = try Self.file(holding: "\(Self.secretValue)\n")
        defer { try? FileManager.default.removeItem(at: url); try? FileManager.default.removeItem(at: password) }
        var environment = Self.environment
        environment["DATABASE_URL_FILE"] = url.path
        environment["KAFKA_SASL_PASSWORD_FILE"] = password.path
        var reader = EnvironmentReader(environment)
        let settings = ProcessSettings(from: &reader, for: ProcessIdentity(service: "s", defaultHTTPPort: 1, hostname: "h"))
        #expect(reader.problems.isEmpty, "\(reader.problems)")
        #expect(settings.databaseURL == "postgres://u:\(Self.secretValue)@db/orders")
        #expect(settings.kafkaSecurity.saslPassword == Self.secretValue)
    }

    @Test("a missing file, an empty one, or both forms at once are one clear problem each, without the value")
    func problems() throws {
        let empty = try Self.file(holding: "\n")
        defer { try? FileManager.default.removeItem(at: empty) }
        var environment = Self.environment
        environment["DATABASE_URL_FILE"] = "/nonexistent/database-url"
        environment["KAFKA_SASL_PASSWORD"] = Self.secretValue
        environment["KAFKA_SASL_PASSWORD_FILE"] = empty.path
        var reader = EnvironmentReader(environment)
        _ = ProcessSettings(from: &reader, for: ProcessIdentity(service: "s", defaultHTTPPort: 1, hostname: "h"))
        #expect(reader.problems.count == 2, "\(reader.problems)")
        #expect(reader.problems.contains { $0.hasPrefix("DATABASE_URL_FILE: cannot read /nonexistent/database-url") })
        #expect(reader.problems.contains { $0.contains("KAFKA_SASL_PASSWORD and KAFKA_SASL_PASSWORD_FILE are both set") })
        #expect(!reader.problems.joined().contains(Self.secretValue))
    }

    @Test("a bad DATABASE_URL is reported without its text; --help shows the example, never a value")
    func neverPrinted() {
        var environment = Self.environment
        environment["DATABASE_URL"] = "mysql://u:\(Self.secretValue)@db"
        var reader = EnvironmentReader(environment)
        _ = ProcessSettings(from: &reader, for: ProcessIdentity(service: "s", defaultHTTPPort: 1, hostname: "h"))
        #expect(reader.problems.count == 1)
        #expect(!reader.problems.joined().contains(Self.secretValue))
        #expect(!reader.problems.joined().contains("mysql"))

        let help = environmentHelp(
            service: "s", summary: "S.",
            settings: ServiceSettings.declarations(for: ProcessIdentity(service: "s", defaultHTTPPort: 1, hostname: "h")))
        #expect(help.contains("KAFKA_SASL_PASSWORD_FILE"))
        #expect(help.contains("DATABASE_URL_FILE"))
        #expect(!help.contains(Self.secretValue))
    }
}
