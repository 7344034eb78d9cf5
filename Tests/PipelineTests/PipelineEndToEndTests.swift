import Foundation
import Invariants
import LocalStack
import OrderTraffic
import Testing

/// The whole pipeline as separate processes: 1,000 orders of the default mix through two order-service
/// replicas publishing different `order.placed` versions (a rolling deploy), two payment and two
/// inventory replicas; every order must end as its scenario says with every invariant holding.
@Suite("Pipeline end to end", .serialized)
struct PipelineEndToEndTests {
    static let orderCount = 1_000

    static var scale: StackScale {
        var scale = StackScale()
        scale.set(.order, 2)
        scale.set(.payment, 2)
        scale.set(.inventory, 2)
        return scale
    }

    /// Replica 1 of the order service still publishes order.placed v1, replica 2 already v2.
    static func rollingDeploy(_ configuration: inout DevStackConfiguration) {
        configuration.processEnvironment[StackProcessID(.order, replica: 1)] = ["ORDER_PLACED_VERSION": "1"]
        configuration.processEnvironment[StackProcessID(.order, replica: 2)] = ["ORDER_PLACED_VERSION": "2"]
    }

    @Test("1,000 orders settle as their scenarios say, during a rolling deploy of order.placed v1 → v2")
    func steadyRun() async throws {
        let run = try await PipelineRun.start("steady", scale: Self.scale, adjust: Self.rollingDeploy)
        let orders = [GeneratedOrder].generate(Self.orderCount, seed: 11)
        do {
            try await run.publish(orders)
            let report = try await run.expectSettledAndConsistent(orders, settleTimeout: .seconds(90))
            #expect(report.checkedOrders == Self.orderCount)
            #expect((report.placedVersions[1] ?? 0) > 0, "no order was placed by the v1 replica: \(report)")
            #expect((report.placedVersions[2] ?? 0) > 0, "no order was placed by the v2 replica: \(report)")
        } catch {
            await run.finish()
            throw error
        }
        await run.finish()
    }

    @Test("the same holds when one replica of every consumer is killed mid-run and replaced")
    func killedReplicas() async throws {
        let run = try await PipelineRun.start("faults", scale: Self.scale, adjust: Self.rollingDeploy)
        let orders = [GeneratedOrder].generate(Self.orderCount, seed: 12)
        let firstHalf = Array(orders.prefix(Self.orderCount / 2))
        let secondHalf = Array(orders.dropFirst(Self.orderCount / 2))
        let victims = PipelineService.allCases.map { StackProcessID($0, replica: 1) } + [.relay(.order)]
        do {
            try await run.publish(firstHalf)
            // Kill while the first half is in flight: some orders done, most not.
            try await SettleWaiter.waitUntilSome(firstHalf, settled: 50, in: run.databases, timeout: .seconds(60))
            let exits = try await withThrowingTaskGroup(of: ProcessExit.self) { group in
                for victim in victims { group.addTask { try await run.stack.kill(victim) } }
                return try await group.reduce(into: [ProcessExit]()) { $0.append($1) }
            }
            #expect(exits.allSatisfy { $0 == .signalled(SIGKILL) }, "not every victim died of SIGKILL: \(exits)")
            try await run.publish(secondHalf)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for victim in victims { group.addTask { try await run.stack.replace(victim) } }
                try await group.waitForAll()
            }
            _ = try await run.expectSettledAndConsistent(orders, settleTimeout: .seconds(120))
        } catch {
            await run.finish()
            throw error
        }
        await run.finish()
    }
}
