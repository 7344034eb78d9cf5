import LocalStack
import Testing

@Suite("Stack scale")
struct StackScaleTests {
    @Test func defaultsToOneOfEverything() throws {
        let scale = try StackScale(parsing: [])
        #expect(scale.processes.count == 10)
        #expect(scale.processes.filter { $0.role == .relay }.map(\.service) == PipelineService.allCases)
    }

    @Test func parsesRepeatedAndCommaSeparatedEntries() throws {
        let scale = try StackScale(parsing: ["payment=3", "inventory=2,relay=2", "order-service=2"])
        #expect(scale.replicas(of: .payment) == 3)
        #expect(scale.replicas(of: .inventory) == 2)
        #expect(scale.replicas(of: .order) == 2)
        #expect(scale.replicas(of: .shipping) == 1)
        #expect(scale.relaysPerDatabase == 2)
        #expect(scale.processes.count == 2 + 3 + 2 + 1 + 1 + 2 * 5)
        #expect(scale.processes.contains(StackProcessID(.payment, replica: 3)))
    }

    @Test(arguments: [
        ("billing=2", StackScaleError.unknownService("billing")),
        ("payment=0", .outOfRange("payment", 0, StackScale.replicaRange)),
        ("payment=7", .outOfRange("payment", 7, StackScale.replicaRange)),
        ("payment=two", .notANumber("payment", "two")),
        ("payment", .malformed("payment")),
        ("relay=9", .outOfRange("relay", 9, StackScale.relayRange)),
    ])
    func rejectsBadEntries(entry: String, expected: StackScaleError) {
        #expect(throws: expected) { try StackScale(parsing: [entry]) }
    }

    @Test func rejectsAServiceGivenTwice() {
        #expect(throws: StackScaleError.repeated("payment")) { try StackScale(parsing: ["payment=2", "payment=3"]) }
    }

    @Test func processNamesReadLikeTheirLogPrefixes() {
        #expect(StackProcessID(.payment, replica: 2).description == "payment#2")
        #expect(StackProcessID.relay(.notification).description == "relay-notifications#1")
        #expect(StackProcessID.relay(.order).executable == "outbox-relay")
    }
}
