import Testing

@Suite("Fault: PostgreSQL restarted during the run", .serialized)
struct PostgresRestartTests {
    @Test("handlers retry through the outage; nothing is dead-lettered, lost or applied twice")
    func restartedDatabase() async throws {
        try await FaultTestEnvironment.withOwnServer { server in
            let result = try await FaultScenarioExpectations.expectPasses(.postgresRestart, on: .managed(server))
            #expect(result.expectedDeadLetters.total == 0)
            #expect(result.faults.contains { $0.contains("PostgreSQL stopped") })
        }
    }
}
