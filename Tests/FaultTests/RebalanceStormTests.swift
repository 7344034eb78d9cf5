import Testing

@Suite("Fault: rebalance storm", .serialized)
struct RebalanceStormTests {
    @Test("replicas joining and leaving every few seconds lose and repeat nothing")
    func storm() async throws {
        let result = try await FaultScenarioExpectations.expectPasses(.rebalanceStorm, on: .external(try FaultTestEnvironment.testServer()))
        #expect(result.faults.contains { $0.contains("joining") })
    }
}
