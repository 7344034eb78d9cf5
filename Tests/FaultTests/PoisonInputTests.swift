import FaultSuite
import Testing

@Suite("Fault: poison input at volume", .serialized)
struct PoisonInputTests {
    @Test("every poison message is dead-lettered with its error class while the good orders around it settle")
    func poison() async throws {
        let result = try await FaultScenarioExpectations.run(.poison, on: .external(try FaultTestEnvironment.testServer()))
        for kind in PoisonKind.allCases where kind != .oversized {
            #expect(result.actualDeadLetters.counts.keys.contains { $0.errorClass == kind.expectedErrorClass }, "no \(kind.expectedErrorClass) dead letter")
        }
        #expect(result.notes.contains { $0.hasPrefix("reused event id") && $0.contains("first body kept") })
        #expect(result.notes.contains { $0.contains("memory before the poison") })

        let oversized = try #require(result.oversized)
        // Over the producer's 1 MB limit the dead letter goes without its value (dlq_value_omitted); the
        // partition must not stop there.
        #expect(oversized.problem == nil, "\(oversized.problem ?? "")")
    }
}
