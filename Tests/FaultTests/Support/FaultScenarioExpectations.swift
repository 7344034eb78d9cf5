import FaultSuite
import Testing

/// Runs a scenario in its short form and expects every check to hold; a failure shows the whole report.
/// The oversized poison value is checked on its own (`expectOversizedHandled`).
enum FaultScenarioExpectations {
    static func run(_ scenario: FaultScenario, on database: FaultDatabaseServer) async throws -> FaultScenarioResult {
        let plan = FaultScenarioPlan.standard(scenario, .short)
        let runner = FaultScenarioRunner(environment: try FaultTestEnvironment.environment(database))
        let result = await runner.run(plan)
        let report = FaultReport(results: [result])
        print(report.table + "\n" + report.details)
        #expect(result.invalidity.isEmpty, "the run proves nothing:\n\(report.details)")
        #expect(result.failures.isEmpty, "\(report.table)\n\(report.details)")
        #expect(result.lost == 0)
        #expect(result.duplicatedEffects == 0)
        #expect(result.ordersSent == plan.orders + (scenario == .poison ? 1 : 0))
        #expect(result.ordersSettled == result.ordersSent)
        #expect(withoutOversized(result.actualDeadLetters) == withoutOversized(result.expectedDeadLetters))
        return result
    }

    /// Every scenario but poison: the verdict itself must be a pass.
    static func expectPasses(_ scenario: FaultScenario, on database: FaultDatabaseServer) async throws -> FaultScenarioResult {
        let result = try await run(scenario, on: database)
        #expect(result.verdict == .passed)
        return result
    }

    static func withoutOversized(_ tally: DeadLetterTally) -> [DeadLetterTally.Key: Int] {
        tally.counts.filter { $0.key.errorClass != PoisonKind.oversized.expectedErrorClass }
    }
}
