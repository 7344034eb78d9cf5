import Testing

@Suite("Fault: outbox relay killed mid-publish", .serialized)
struct RelayKillTests {
    @Test("the surviving relay takes over the dead one's shards; nothing is lost or published twice to effect")
    func killedRelay() async throws {
        let result = try await FaultScenarioExpectations.expectPasses(.relayKill, on: .external(try FaultTestEnvironment.testServer()))
        #expect(result.notes.contains { $0.hasPrefix("takeover:") }, "no takeover was measured: \(result.notes)")
    }
}
