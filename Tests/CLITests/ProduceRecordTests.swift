import Foundation
import Kafka
import Testing

/// `orderflow produce`: a record of the user's own, as kcat -P makes one.
@Suite struct ProduceRecordTests {
    @Test func producesKeyHeadersAndAValueFromStdin() async throws {
        let broker = try TestBroker.start(partitions: 3)
        let value = "{\"hello\":\"world\"}\n"
        let run = try await CLIRun.orderflow(
            ["produce", "orders", "--key", "customer-42", "--header", "source=cli", "--header", "trace=a=b",
             "--value-file", "-", "--brokers", broker.servers], standardInput: value)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let expectedPartition = JavaPartitioner.partition(of: "customer-42", partitions: 3)
        #expect(run.stdoutLines == ["produced orders/\(expectedPartition)@0"], "\(run.stdout)")
        let message = try #require(try await broker.read("orders", count: 1).first)
        #expect(message.key == Array("customer-42".utf8))
        #expect(message.value == Array(value.utf8))
        #expect(message.partition == expectedPartition)
        #expect(message.headers.string(named: "source") == "cli")
        #expect(message.headers.string(named: "trace") == "a=b")
    }

    @Test func oneRecordPerLineAndNullValues() async throws {
        let broker = try TestBroker.start(partitions: 1)
        let lines = try await CLIRun.orderflow(
            ["produce", "orders", "--value-file", "-", "--lines", "--brokers", broker.servers], standardInput: "a\nb\n\nc\n")
        #expect(lines.status == 0, "stderr: \(lines.stderr)")
        #expect(lines.stdoutLines.count == 3)
        let tombstone = try await CLIRun.orderflow(["produce", "orders", "--key", "k", "--null-value", "--brokers", broker.servers])
        #expect(tombstone.status == 0, "stderr: \(tombstone.stderr)")
        let messages = try await broker.read("orders", count: 4)
        #expect(messages.map { $0.value.map { String(decoding: $0, as: UTF8.self) } } == ["a", "b", "c", nil])
    }

    @Test func aValueIsNeededExactlyOnce() async throws {
        let none = try await CLIRun.orderflow(["produce", "orders", "--brokers", "127.0.0.1:1"])
        #expect(none.isOneLineError && none.status == 64, "stderr: \(none.stderr)")
        let two = try await CLIRun.orderflow(["produce", "orders", "--value", "x", "--null-value", "--brokers", "127.0.0.1:1"])
        #expect(two.isOneLineError && two.status == 64, "stderr: \(two.stderr)")
        #expect(two.stderr.contains("--value and --null-value"))
    }
}
