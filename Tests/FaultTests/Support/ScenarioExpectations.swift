import PipelineTools
import Testing

/// Runs a scenario in its short form and expects every check to hold; a failure shows the whole report.
enum ScenarioExpectations {
    static func expectPasses(_ scenario: FaultScenario, on database: FaultDatabaseServer) async throws -> ScenarioResult {
        let plan = ScenarioPlan.standard(scenario, .short)
        let runner = FaultScenarioRunner(environment: try FaultTestEnvironment.environment(database))
        let result = await runner.run(plan)
        let report = FaultReport(results: [result])
        print(report.table + "\n" + report.details)
        #expect(result.invalidity.isEmpty, "the run proves nothing:\n\(report.details)")
        #expect(result.lost == 0, "\(report.details)")
        #expect(result.duplicatedEffects == 0, "\(report.details)")
        #expect(result.ordersSent == plan.orders + (scenario == .poison ? 1 : 0))
        #expect(result.ordersSettled == result.ordersSent)
        #expect(result.actualDeadLetters.counts == result.expectedDeadLetters.counts, "\(report.details)")
        #expect(result.verdict == .passed, "\(report.table)\n\(report.details)")
        return result
    }
}
