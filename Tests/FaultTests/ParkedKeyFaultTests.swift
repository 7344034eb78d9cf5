import Events
import FaultSuite
import Testing

/// One key poisoned mid-stream: the payment provider fails one out-of-stock order's charges, so the
/// payment service parks its key; its cancellation arrives and queues behind it; the provider heals and
/// the key drains. Fails if the key blocked its partition (the other keys' p99 would grow by the length
/// of the fault, seconds, far past the bound), if the cancellation was handled before the charge, or if
/// the key never parked or drained; plus the checks every scenario ends with.
@Suite("Fault: one key parked mid-stream", .serialized)
struct ParkedKeyFaultTests {
    @Test("a poisoned key parks, the others keep their pace, and it drains in order once healed")
    func parkedKey() async throws {
        let result = try await FaultScenarioExpectations.expectPasses(.parkedKey, on: .external(try FaultTestEnvironment.testServer()))
        let check = try #require(result.parkedKey)
        #expect(check.parked.count >= 2, "the order.placed parked and its order.cancelled behind it: \(check.parked)")
        #expect(check.parked.first?.eventType == OrderPlaced.eventType && (check.parked.first?.attempts ?? 0) > 0)
        #expect(check.handledInOffsetOrder, "handled as \(check.handledTypes)")
        #expect(check.settledAfterHeal != nil)
        let bound = try #require(check.latencyBound)
        let whileParked = try #require(check.whileParked)
        #expect(whileParked.p99 <= bound)
        #expect(result.faults.contains { $0.contains("503 for every charge and refund") })
    }
}
