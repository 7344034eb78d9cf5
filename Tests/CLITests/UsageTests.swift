import Foundation
import Testing

/// Usage mistakes say what is wrong, exit 64, and help can be copied from.
@Suite struct UsageTests {
    @Test func aNegativeLimitSaysWhatIsWrong() async throws {
        let run = try await CLIRun.orderflow(["tail", "orders", "--limit", "-1"])
        #expect(run.isOneLineError, "stderr: \(run.stderr)")
        #expect(run.status == 64)
        #expect(run.stderr.contains("--limit must be a whole number of at least 1, not -1"), "\(run.stderr)")
        #expect(!run.stderr.contains("Missing value"))
    }

    @Test func conflictingStartsAreRejected() async throws {
        let run = try await CLIRun.orderflow(["tail", "orders", "--from-beginning", "--last", "5"])
        #expect(run.isOneLineError, "stderr: \(run.stderr)")
        #expect(run.status == 64)
        #expect(run.stderr.contains("--from-beginning, --last"))
    }

    @Test func aSinceThatIsNoTimeIsRejected() async throws {
        let run = try await CLIRun.orderflow(["tail", "orders", "--since", "yesterday"])
        #expect(run.status == 64, "stderr: \(run.stderr)")
        #expect(run.stderr.contains("--since yesterday is not a time"))
    }

    /// A typo in --type matches nothing; tail says so and names the type meant.
    @Test func anUnknownEventTypeWarnsWithTheCloseOnes() async throws {
        let broker = try TestBroker.start()
        let run = try await CLIRun.orderflow(
            ["tail", "orders", "--type", "order.placd", "--from-beginning", "-e", "--brokers", broker.servers])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stderrLines.count == 1, "\(run.stderr)")
        #expect(run.stderr.hasPrefix("orderflow: warning: --type order.placd is no known event type"), "\(run.stderr)")
        #expect(run.stderr.contains("did you mean order.placed"), "\(run.stderr)")
    }

    @Test func brokerAddressesThatCannotWorkFailBeforeConnecting() async throws {
        let nonsense = try await CLIRun.orderflow(
            ["topics", "list", "--connect-timeout", "60"], environment: ["KAFKA_BROKERS": "nonsense"], timeout: 20)
        #expect(nonsense.isOneLineError, "stderr: \(nonsense.stderr)")
        #expect(nonsense.stderr.contains("KAFKA_BROKERS \"nonsense\" is not host:port"), "\(nonsense.stderr)")

        let port = try await CLIRun.orderflow(["topics", "list", "--brokers", "127.0.0.1:99999", "--connect-timeout", "60"], timeout: 20)
        #expect(port.isOneLineError, "stderr: \(port.stderr)")
        #expect(port.status == 64)
        #expect(port.stderr.contains("the port must be a number from 1 to 65535, not \"99999\""), "\(port.stderr)")
    }

    /// A refused connection will not be accepted in a minute either: the command does not wait for
    /// its connect timeout (the test gives it a third of it).
    @Test func aRefusedConnectionFailsWithoutWaitingForTheTimeout() async throws {
        let run = try await CLIRun.orderflow(["lag", "--brokers", "127.0.0.1:1", "--connect-timeout", "60"], timeout: 20)
        #expect(run.isOneLineError, "stderr: \(run.stderr)")
        #expect(run.stderr.contains("cannot reach Kafka at 127.0.0.1:1"), "\(run.stderr)")
        #expect(run.stderr.contains("refused"), "\(run.stderr)")
    }

    @Test func versionIsPrinted() async throws {
        let run = try await CLIRun.orderflow(["--version"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let version = run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(version.split(separator: ".").count == 3 && version.split(separator: ".").allSatisfy { Int($0) != nil }, "\(run.stdout)")
    }

    /// On a narrow terminal the prose wraps but no example is broken across lines.
    @Test func helpExamplesAreNeverWrapped() async throws {
        let commands: [[String]] = [
            [], ["orders"], ["orders", "produce"], ["orders", "get"], ["produce"], ["tail"], ["trace"], ["dlq"],
            ["dlq", "list"], ["dlq", "summary"], ["dlq", "replay"], ["topics"], ["topics", "create"], ["topics", "list"],
            ["topics", "describe"], ["lag"],
        ]
        for command in commands {
            let run = try await CLIRun.orderflow(command + ["--help"], environment: ["COLUMNS": "50"])
            #expect(run.status == 0, "\(command): \(run.stderr)")
            let lines = run.stdout.components(separatedBy: "\n")
            let start = try #require(lines.firstIndex(of: "Examples:"), "\(command): \(run.stdout)")
            let examples = lines[(start + 1)...].prefix { !$0.isEmpty }
            #expect(!examples.isEmpty, "\(command)")
            for line in examples {
                #expect(line.hasPrefix("  orderflow "), "\(command): a wrapped example line: \"\(line)\"")
            }
        }
    }
}
