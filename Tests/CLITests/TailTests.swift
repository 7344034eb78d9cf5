import Foundation
import Kafka
import OrderTraffic
import Testing

/// `tail` as kcat users expect it: where to start, when to stop, what to show.
@Suite struct TailTests {
    /// Five records on partition 0 of `orders` (keys k0…k4, header n=<index>), two on partition 1.
    static func setUp() async throws -> TestBroker {
        let broker = try TestBroker.start()
        let producer = try broker.producer()
        for index in 0..<5 {
            _ = try await producer.send(KafkaRecord(
                topic: "orders", key: Array("k\(index)".utf8), value: Array("{\"n\":\(index),\"text\":\"\(String(repeating: "x", count: 200))\"}".utf8),
                headers: [KafkaHeader(key: "n", string: String(index))], partition: 0))
        }
        for index in 5..<7 {
            _ = try await producer.send(KafkaRecord(topic: "orders", key: Array("k\(index)".utf8), value: Array("{}".utf8), partition: 1))
        }
        await producer.close()
        return broker
    }

    static func positions(_ run: CLIRun) -> [String] {
        run.stdoutLines.compactMap { line in line.split(separator: " ").first { $0.hasPrefix("orders/") }.map(String.init) }
    }

    @Test func startsAtAnOffsetOfAPartitionAndExitsAtTheEnd() async throws {
        let broker = try await Self.setUp()
        let run = try await CLIRun.orderflow(
            ["tail", "orders", "--partition", "0", "--offset", "3", "-e", "--brokers", broker.servers], timeout: 30)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(Self.positions(run) == ["orders/0@3", "orders/0@4"], "\(run.stdout)")
    }

    @Test func startsNRecordsBeforeTheEndOfEachPartition() async throws {
        let broker = try await Self.setUp()
        let run = try await CLIRun.orderflow(["tail", "orders", "--last", "1", "--exit-at-end", "--brokers", broker.servers], timeout: 30)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(Set(Self.positions(run)) == ["orders/0@4", "orders/1@1"], "\(run.stdout)")
    }

    @Test func fromTheBeginningToTheEndWithTheDateOnEachLine() async throws {
        let broker = try await Self.setUp()
        let run = try await CLIRun.orderflow(["tail", "orders", "--from-beginning", "-e", "--brokers", broker.servers], timeout: 30)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(Self.positions(run).count == 7, "\(run.stdout)")
        let today = Date().formatted(Date.ISO8601FormatStyle(timeZone: .current).year().month().day())
        let yesterday = Date().addingTimeInterval(-86_400).formatted(Date.ISO8601FormatStyle(timeZone: .current).year().month().day())
        #expect(run.stdoutLines.allSatisfy { $0.hasPrefix(today) || $0.hasPrefix(yesterday) }, "\(run.stdout)")
    }

    @Test func filtersByKeyAndHeader() async throws {
        let broker = try await Self.setUp()
        let byKey = try await CLIRun.orderflow(
            ["tail", "orders", "--from-beginning", "-e", "--key", "k2", "--brokers", broker.servers], timeout: 30)
        #expect(Self.positions(byKey) == ["orders/0@2"], "\(byKey.stdout) \(byKey.stderr)")
        let byHeader = try await CLIRun.orderflow(
            ["tail", "orders", "--from-beginning", "-e", "--header", "n=3", "--brokers", broker.servers], timeout: 30)
        #expect(Self.positions(byHeader) == ["orders/0@3"], "\(byHeader.stdout) \(byHeader.stderr)")
        let present = try await CLIRun.orderflow(
            ["tail", "orders", "--from-beginning", "-e", "--header", "n", "--brokers", broker.servers], timeout: 30)
        #expect(Self.positions(present).count == 5, "\(present.stdout) \(present.stderr)")
    }

    @Test func fullShowsTheWholeValue() async throws {
        let broker = try await Self.setUp()
        let short = try await CLIRun.orderflow(
            ["tail", "orders", "--partition", "0", "--offset", "0", "--limit", "1", "--brokers", broker.servers], timeout: 30)
        #expect(!short.stdout.contains(String(repeating: "x", count: 200)))
        let full = try await CLIRun.orderflow(
            ["tail", "orders", "--partition", "0", "--offset", "0", "--limit", "1", "--full", "--brokers", broker.servers], timeout: 30)
        #expect(full.status == 0, "stderr: \(full.stderr)")
        #expect(full.stdout.contains(String(repeating: "x", count: 200)), "\(full.stdout)")
        #expect(full.stdout.contains("\"n\" : 0") || full.stdout.contains("\"n\": 0"), "\(full.stdout)")
    }

    /// Records from a time on: all of the last hour's, none from a time still to come.
    @Test func startsAtATime() async throws {
        let broker = try await Self.setUp()
        let hour = try await CLIRun.orderflow(["tail", "orders", "--since", "1h", "-e", "--brokers", broker.servers], timeout: 30)
        #expect(hour.status == 0, "stderr: \(hour.stderr)")
        #expect(Self.positions(hour).count == 7, "\(hour.stdout)")
        let future = try await CLIRun.orderflow(
            ["tail", "orders", "--since", "2099-01-01T00:00:00Z", "-e", "--brokers", broker.servers], timeout: 30)
        #expect(future.status == 0, "stderr: \(future.stderr)")
        #expect(future.stdout.isEmpty, "\(future.stdout)")
    }

    /// Ctrl-C is how a follow ends: exit 0, nothing on stderr.
    @Test func ctrlCIsNotAnError() async throws {
        let broker = try TestBroker.start()
        let run = try await CLIRun.orderflow(["tail", "orders", "--brokers", broker.servers], interruptAfter: 2)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stderr.isEmpty, "\(run.stderr)")
    }

    /// `--json` is JSON Lines that jq and Python's json.tool both read.
    @Test func jsonLinesReadByJqAndPython() async throws {
        let broker = try TestBroker.start()
        let produce = try await CLIRun.orderflow(
            ["orders", "produce", "--count", "5", "--rate", "0", "--seed", "3", "--brokers", broker.servers])
        #expect(produce.status == 0, "stderr: \(produce.stderr)")
        let producer = try broker.producer()
        _ = try await producer.send(KafkaRecord(topic: "order-requests", key: [0xff, 0x00], value: [0xfe, 0x01, 0x02]))
        await producer.close()
        let run = try await CLIRun.orderflow(
            ["tail", "order-requests", "--from-beginning", "-e", "--json", "--brokers", broker.servers], timeout: 30)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdoutLines.count == 6)
        let jq = try Tool.run(["jq", "-c", ".offset"], input: run.stdout)
        #expect(jq.status == 0, "\(jq.output)")
        #expect(jq.output.split(separator: "\n").count == 6)
        let python = try Tool.run(["python3", "-m", "json.tool", "--json-lines"], input: run.stdout)
        #expect(python.status == 0, "\(python.output)")
    }
}

/// Another program fed the CLI's output on stdin.
enum Tool {
    static func run(_ arguments: [String], input: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stdout
        try process.run()
        try stdin.fileHandleForWriting.write(contentsOf: Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
