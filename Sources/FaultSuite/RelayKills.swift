import LocalStack
import Postgres
import Streaming

/// SIGKILL of one outbox relay of a database while it publishes; the other relay of that database must
/// take over its shards and publish everything the dead one left behind before the dead one is restarted.
/// The takeover time (kill → every row written before the kill published) is measured each time.
struct RelayKills: FaultInjector {
    let plan: FaultScenarioPlan
    /// The databases whose outbox carries traffic (the notification service emits nothing).
    static let databases: [PipelineService] = [.order, .payment, .inventory, .shipping]
    /// A survivor slower than this has not taken over: the scenario fails.
    static let takeoverLimit: Duration = .seconds(20)

    func inject(into stack: FaultScenarioStack, log: FaultLog) async throws(FaultRunError) {
        for round in 0..<plan.faultRounds {
            await pause(plan.faultInterval)
            let service = Self.databases[round % Self.databases.count]
            let victim = StackProcessID.relay(service, replica: 1 + (round / Self.databases.count) % 2)
            let outbox = try await OutboxProbe.connect(stack.databases.configuration(of: service))
            let result: Result<Void, FaultRunError>
            do {
                try await killAndTakeOver(victim, outbox, stack, log)
                result = .success(())
            } catch {
                result = .failure(error)
            }
            await outbox.close()
            try result.get()
        }
    }

    private func killAndTakeOver(
        _ victim: StackProcessID, _ outbox: OutboxProbe, _ stack: FaultScenarioStack, _ log: FaultLog
    ) async throws(FaultRunError) {
        // Kill while there is something to publish, so the kill lands mid-publish.
        let backlog = await outbox.waitForBacklog(limit: .seconds(3))
        let lastRowBeforeKill = try await outbox.lastRowID()
        let killedAt = ContinuousClock.now
        do {
            let exit = try await stack.stack.kill(victim)
            log.record("SIGKILL \(victim) with \(backlog) rows unpublished (\(exit))")
        } catch {
            throw .injection("killing \(victim): \(error)")
        }
        log.cleared()
        guard await outbox.waitUntilPublished(through: lastRowBeforeKill, limit: Self.takeoverLimit) else {
            throw .injection("the surviving relay of \(victim.service.database) did not publish the rows left by \(victim) within \(Self.takeoverLimit)")
        }
        let takeover = ContinuousClock.now - killedAt
        log.measure("takeover", takeover)
        log.record("\(victim.service.database): survivor published the backlog \(FaultFormat.seconds(takeover)) after the kill")
        await pause(plan.faultDuration)
        do {
            try await stack.stack.replace(victim)
        } catch {
            throw .injection("restarting \(victim): \(error)")
        }
        log.record("\(victim) restarted and ready")
    }
}

/// Reads a service database's outbox for the relay scenario.
struct OutboxProbe: Sendable {
    let connection: PostgresConnection

    static func connect(_ configuration: PostgresConfiguration) async throws(FaultRunError) -> OutboxProbe {
        do {
            return OutboxProbe(connection: try await PostgresConnection.connect(configuration))
        } catch {
            throw .injection("connecting to \(configuration.database): \(error)")
        }
    }

    func close() async { await connection.close() }

    func unpublished(throughRow last: Int64 = .max) async throws(PostgresError) -> Int {
        try await OutboxInspection(connection).unpublishedCount(throughID: last)
    }

    func lastRowID() async throws(FaultRunError) -> Int64 {
        do {
            return try await OutboxInspection(connection).newestID()
        } catch {
            throw .injection("reading the outbox: \(error)")
        }
    }

    /// Unpublished rows once there are some, or 0 after `limit`.
    func waitForBacklog(limit: Duration) async -> Int {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if let count = try? await unpublished(), count > 0 { return count }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return 0
    }

    func waitUntilPublished(through last: Int64, limit: Duration) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if let count = try? await unpublished(throughRow: last), count == 0 { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return false
    }
}
