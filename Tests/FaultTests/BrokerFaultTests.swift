import Testing

@Suite("Fault: broker down, failing requests, slow responses", .serialized)
struct BrokerFaultTests {
    @Test("producers, consumers and relays ride out broker faults without losing or repeating anything")
    func brokerFaults() async throws {
        let result = try await FaultScenarioExpectations.expectPasses(.brokerFaults, on: .external(try FaultTestEnvironment.testServer()))
        #expect(result.faults.contains { $0.contains("broker down") })
        #expect(result.faults.contains { $0.contains("Produce requests fail") })
    }
}
