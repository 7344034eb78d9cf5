import PipelineTools
import Testing

@Suite("Fault: poison input at volume", .serialized)
struct PoisonInputTests {
    @Test("every poison message is dead-lettered with its error class while the good orders around it settle")
    func poison() async throws {
        let result = try await ScenarioExpectations.expectPasses(.poison, on: .external(try FaultTestEnvironment.testServer()))
        for kind in PoisonKind.allCases {
            #expect(result.actualDeadLetters.counts.keys.contains { $0.errorClass == kind.expectedErrorClass }, "no \(kind.expectedErrorClass) dead letter")
        }
    }
}
