import FaultSuite
import Testing

@Suite("Fault: consumer replicas killed mid-batch", .serialized)
struct ConsumerKillTests {
    @Test("every order settles once although consumer replicas are SIGKILLed again and again")
    func killedReplicas() async throws {
        let result = try await FaultScenarioExpectations.expectPasses(.consumerKill, on: .external(try FaultTestEnvironment.testServer()))
        #expect(result.faults.filter { $0.contains("SIGKILL") }.count == FaultScenarioPlan.standard(.consumerKill, .short).faultRounds)
    }
}
