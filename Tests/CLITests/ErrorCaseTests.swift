import Foundation
import Testing

/// Bad input gives one `orderflow: error:` line on stderr and a non-zero exit, never a crash.
@Suite struct ErrorCaseTests {
    @Test func unknownTopicForTail() async throws {
        let broker = try TestBroker.start()
        let run = try await CLIRun.orderflow(["tail", "no-such-topic", "--brokers", broker.servers, "--timeout", "2"])
        #expect(run.isOneLineError, "stderr: \(run.stderr)")
        #expect(run.stderr.contains("unknown topic \"no-such-topic\""))
    }

    /// The CLI's clients authenticate with the services' `KAFKA_SECURITY_*` variables: TLS against the
    /// plaintext dev broker cannot connect, and an incomplete SASL setup is one line before any client.
    @Test func theKafkaSecurityVariablesReachTheClients() async throws {
        let broker = try TestBroker.start()
        let plain = try await CLIRun.orderflow(["topics", "list", "--brokers", broker.servers])
        #expect(plain.status == 0, "stderr: \(plain.stderr)")
        let tls = try await CLIRun.orderflow(
            ["topics", "list", "--brokers", broker.servers, "--connect-timeout", "3"], environment: ["KAFKA_SECURITY_PROTOCOL": "ssl"],
            timeout: 30)
        #expect(tls.isOneLineError && tls.stderr.contains("cannot reach Kafka"), "stderr: \(tls.stderr)")
        let incomplete = try await CLIRun.orderflow(
            ["topics", "list", "--brokers", broker.servers], environment: ["KAFKA_SECURITY_PROTOCOL": "sasl_plaintext"])
        #expect(incomplete.status != 0 && incomplete.stderr.contains("KAFKA_SASL_MECHANISM is required"), "stderr: \(incomplete.stderr)")
    }

    @Test func unreachableBroker() async throws {
        let run = try await CLIRun.orderflow(["tail", "orders", "--brokers", "127.0.0.1:1", "--connect-timeout", "1"], timeout: 30)
        #expect(run.isOneLineError, "stderr: \(run.stderr)")
        #expect(run.stderr.contains("cannot reach Kafka at 127.0.0.1:1"))
    }

    @Test func noBrokerConfiguredSaysHowToStartTheDevStack() async throws {
        let run = try await CLIRun.orderflow(["lag"])
        #expect(run.isOneLineError, "stderr: \(run.stderr)")
        #expect(run.stderr.contains("orderflow dev up"))
    }

    @Test func brokersComeFromTheDevEnvironmentFile() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("orderflow-devenv-\(UUID().uuidString)")
        let devDirectory = directory.appendingPathComponent(".orderflow/dev")
        try FileManager.default.createDirectory(at: devDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "KAFKA_BROKERS=127.0.0.1:1\nDATABASE_URL=postgres://nobody@127.0.0.1:1/postgres\n"
            .write(to: devDirectory.appendingPathComponent("env"), atomically: true, encoding: .utf8)
        let run = try await CLIRun.orderflow(["topics", "list", "--connect-timeout", "1"], timeout: 30, directory: directory)
        #expect(run.isOneLineError, "stderr: \(run.stderr)")
        #expect(run.stderr.contains("127.0.0.1:1"))
    }

    /// The dev stack's fetch wait is read as the services read it; a bad one names the file it came from.
    @Test func aFetchWaitFromTheDevEnvironmentFileIsChecked() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("orderflow-devenv-\(UUID().uuidString)")
        let devDirectory = directory.appendingPathComponent(".orderflow/dev")
        try FileManager.default.createDirectory(at: devDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "KAFKA_BROKERS=127.0.0.1:1\nKAFKA_FETCH_WAIT_MAX_MS=soon\n"
            .write(to: devDirectory.appendingPathComponent("env"), atomically: true, encoding: .utf8)
        let run = try await CLIRun.orderflow(["topics", "list", "--connect-timeout", "1"], timeout: 30, directory: directory)
        #expect(run.isOneLineError, "stderr: \(run.stderr)")
        #expect(run.stderr.contains(".orderflow/dev/env") && run.stderr.contains("KAFKA_FETCH_WAIT_MAX_MS must be a whole number"))
    }

    /// Its faults go through the dev broker it starts; pointed at another broker it would test nothing.
    @Test func chaosRefusesAnotherBroker() async throws {
        let run = try await CLIRun.orderflow(["chaos", "--short"], environment: ["KAFKA_BROKERS": "kafka-1:9092"])
        #expect(run.isOneLineError, "stderr: \(run.stderr)")
        #expect(run.stderr.contains("dev broker of its own") && run.stderr.contains("KAFKA_BROKERS=kafka-1:9092"))
    }

    @Test func mixThatDoesNotSumTo100() async throws {
        let run = try await CLIRun.orderflow(["orders", "produce", "--mix", "paid=50", "--brokers", "127.0.0.1:1"])
        #expect(run.isOneLineError, "stderr: \(run.stderr)")
        #expect(run.stderr.contains("adds up to 50, not 100"))
    }

    @Test func negativeCount() async throws {
        let run = try await CLIRun.orderflow(["orders", "produce", "--count", "-1", "--brokers", "127.0.0.1:1"])
        #expect(run.isOneLineError, "stderr: \(run.stderr)")
        #expect(run.stderr.contains("--count must be at least 1"))
    }

    @Test func unsupportedSchemaVersion() async throws {
        let run = try await CLIRun.orderflow(["orders", "produce", "--schema-version", "99", "--brokers", "127.0.0.1:1"])
        #expect(run.isOneLineError, "stderr: \(run.stderr)")
        #expect(run.stderr.contains("order.requested v99"))
    }

    @Test func unknownSubcommand() async throws {
        let run = try await CLIRun.orderflow(["frobnicate"])
        #expect(run.isOneLineError, "stderr: \(run.stderr)")
        #expect(run.stderr.contains("frobnicate"))
    }

    @Test func malformedFlagValue() async throws {
        let run = try await CLIRun.orderflow(["tail", "orders", "--limit", "many"])
        #expect(run.isOneLineError, "stderr: \(run.stderr)")
    }

    @Test func notADeadLetterTopic() async throws {
        let run = try await CLIRun.orderflow(["dlq", "list", "orders", "--brokers", "127.0.0.1:1"])
        #expect(run.isOneLineError, "stderr: \(run.stderr)")
        #expect(run.stderr.contains("orders.dlq"))
    }

    @Test func helpIsPrintedWithExamples() async throws {
        for command in [["--help"], ["orders", "--help"], ["dlq", "--help"], ["topics", "--help"], ["orders", "produce", "--help"], ["tail", "--help"], ["trace", "--help"],
                        ["dlq", "list", "--help"], ["dlq", "replay", "--help"], ["topics", "create", "--help"],
                        ["lag", "--help"], ["orders", "get", "--help"]] {
            let run = try await CLIRun.orderflow(command)
            #expect(run.status == 0, "\(command): \(run.stderr)")
            #expect(run.stdout.contains("Examples:"), "\(command)")
        }
    }
}
