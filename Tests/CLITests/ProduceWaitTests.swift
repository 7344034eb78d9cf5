import Foundation
import OrderTraffic
import Testing

/// `orders produce --wait` against a stand-in pipeline that answers each order with a terminal event.
@Suite struct ProduceWaitTests {
    static func orders(seed: UInt64, count: Int) -> [GeneratedOrder] {
        var generator = OrderGenerator(mix: .default, seed: seed)
        return (0..<count).map { _ in generator.next() }
    }

    @Test func waitReportsOutcomesPerScenarioAndLatency() async throws {
        let broker = try TestBroker.start()
        let orders = Self.orders(seed: 21, count: 40)
        let pipeline = try FakePipeline(broker: broker, scenarios: Dictionary(uniqueKeysWithValues: orders.map { ($0.key, $0.scenario) }))
        try await pipeline.waitUntilAssigned()
        let run = try await CLIRun.orderflow(
            ["orders", "produce", "--count", "40", "--rate", "0", "--seed", "21", "--wait", "--wait-timeout", "30",
             "--brokers", broker.servers], timeout: 90)
        await pipeline.stop()
        #expect(run.status == 0, "stdout: \(run.stdout)\nstderr: \(run.stderr)")
        #expect(run.stdout.contains("40/40 as expected, 0 unexpected, 0 unsettled"), "\(run.stdout)")
        #expect(run.stdout.contains("latency ack -> terminal event: p50 "))
        let paid = orders.filter { $0.scenario == .paid }.count
        let paidRow = try #require(run.stdoutLines.first { $0.hasPrefix("paid ") })
        #expect(paidRow.split(separator: " ").map(String.init) == ["paid", "\(paid)", "shipped", "\(paid)"] + Array(repeating: "0", count: paidRow.split(separator: " ").count - 4))
    }

    @Test func waitFailsListingUnexpectedAndUnsettledOrders() async throws {
        let broker = try TestBroker.start()
        let orders = Self.orders(seed: 22, count: 10)
        let paid = orders.filter { $0.scenario == .paid }
        try #require(paid.count >= 2)
        let pipeline = try FakePipeline(
            broker: broker, scenarios: Dictionary(uniqueKeysWithValues: orders.map { ($0.key, $0.scenario) }),
            answers: [paid[0].key: .wrong(.outOfStock), paid[1].key: .silent])
        try await pipeline.waitUntilAssigned()
        let run = try await CLIRun.orderflow(
            ["orders", "produce", "--count", "10", "--rate", "0", "--seed", "22", "--wait", "--wait-timeout", "8",
             "--brokers", broker.servers], timeout: 90)
        await pipeline.stop()
        #expect(run.status != 0)
        #expect(run.stdout.contains("8/10 as expected, 1 unexpected, 1 unsettled"), "\(run.stdout)")
        #expect(run.stdout.contains("order \(paid[0].key) (paid): expected shipped, got cancelled/out_of_stock"))
        #expect(run.stdout.contains("order \(paid[1].key) (paid): no terminal event"))
        #expect(run.stderrLines.last?.hasPrefix("orderflow: error: 1 order(s) ended unexpectedly, 1 did not settle") == true, "\(run.stderr)")
    }
}
