import FaultSuite
import Testing

/// The payment provider failing while orders flow: every order settles once, the provider holds one
/// charge per paid order and one refund per cancelled one that was charged, and nothing is dead-lettered
/// because of the provider (the checks every scenario ends with include both).
@Suite("Fault: the payment provider fails", .serialized)
struct ProviderFaultTests {
    @Test("the provider down for a while: payments pause and resume, nothing charged twice")
    func providerDown() async throws {
        let result = try await FaultScenarioExpectations.expectPasses(.providerDown, on: .external(try FaultTestEnvironment.testServer()))
        #expect(result.faults.contains { $0.contains("payment provider: down") })
        #expect(result.timeToRecover != nil)
    }

    @Test("the provider slow with hanging calls: deadlines and the breaker keep the pipeline going")
    func providerSlow() async throws {
        _ = try await FaultScenarioExpectations.expectPasses(.providerSlow, on: .external(try FaultTestEnvironment.testServer()))
    }

    @Test("the provider answering 20 % with 5xx: retried with the same keys, charged once")
    func providerFlaky() async throws {
        _ = try await FaultScenarioExpectations.expectPasses(.providerFlaky, on: .external(try FaultTestEnvironment.testServer()))
    }

    @Test("payment replicas killed between the provider's answer and their commit: no second charge")
    func paymentKilledAfterTheAnswer() async throws {
        let result = try await FaultScenarioExpectations.expectPasses(.paymentKill, on: .external(try FaultTestEnvironment.testServer()))
        #expect(result.faults.filter { $0.contains("SIGKILL") }.count == FaultScenarioPlan.standard(.paymentKill, .short).faultRounds)
    }
}
