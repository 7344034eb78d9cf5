import PipelineTools
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
        // The runtime cannot dead-letter a value over its 1 MB limit yet: the dead letter carries the value
        // byte for byte, the service's producer refuses anything over 1 MB (message.max.bytes) and the consume
        // loop retries that publish forever. When that is fixed this known issue stops being recorded and the
        // test says so: then drop `withKnownIssue`.
        withKnownIssue("a value over the 1 MB consumer limit wedges the consume loop instead of being dead-lettered") {
            #expect(oversized.problem == nil, "\(oversized.problem ?? "")")
        }
    }
}
