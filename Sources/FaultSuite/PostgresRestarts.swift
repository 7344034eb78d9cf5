import LocalStack

/// PostgreSQL stopped under load and started again after a few seconds, as `pg_ctl restart` with an outage
/// would: every service and relay loses its connections mid-transaction. The first restart is a fast
/// shutdown (clients disconnected, checkpoint), the second an immediate one (no checkpoint: crash recovery).
struct PostgresRestarts: FaultInjector {
    let plan: FaultScenarioPlan

    func inject(into stack: FaultScenarioStack, log: FaultLog) async throws(FaultRunError) {
        guard let server = stack.database.managed else {
            throw .unsupported("the postgres-restart scenario needs a PostgreSQL server the runner manages (not --database-url)")
        }
        for round in 0..<plan.faultRounds {
            await pause(plan.faultInterval)
            let mode: LocalPostgres.StopMode = round % 2 == 0 ? .fast : .immediate
            let stoppedAt = ContinuousClock.now
            do {
                try await server.stop(mode)
            } catch {
                throw .injection("stopping PostgreSQL (\(mode.rawValue)): \(error)")
            }
            log.record("PostgreSQL stopped (\(mode.rawValue) shutdown)")
            await pause(plan.faultDuration)
            do {
                try await server.start()
            } catch {
                throw .injection("starting PostgreSQL again: \(error)")
            }
            log.cleared()
            log.measure("database down", .now - stoppedAt)
            log.record("PostgreSQL accepting connections again after \(FaultFormat.seconds(.now - stoppedAt))")
        }
    }
}
