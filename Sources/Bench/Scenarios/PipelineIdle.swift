import Foundation
import LocalStack
import Postgres
import Streaming

/// Whether the dev stack has nothing left to do: every consumer group has committed up to the end of
/// its topics and no service's outbox holds an unpublished row.
///
/// Confirming an order is not the end of its work (shipping and notification follow), so after a step
/// the pipeline could not keep up with, the last order.confirmed arrives while thousands of later events
/// are still queued. Orders timed before those are through would wait behind them.
struct PipelineIdle {
    let context: BenchContext
    let databases: StackDatabases
    /// Names the stack's groups and topics.
    let stack: DevStackConfiguration

    /// Nil once two checks in a row, half a second apart, found the stack idle (a relay can publish a
    /// row between a lag check and an outbox check); otherwise what was still busy at `deadline`.
    func wait(until deadline: ContinuousClock.Instant) async -> String? {
        var outboxes: [PostgresConnection] = []
        for service in PipelineService.allCases {
            if let connection = try? await PostgresConnection.connect(databases.configuration(of: service), logger: context.logger) {
                outboxes.append(connection)
            }
        }
        let busy = outboxes.count == PipelineService.allCases.count
            ? await poll(outboxes, until: deadline) : "cannot connect to every service database"
        for connection in outboxes { await connection.close() }
        return busy
    }

    private func poll(_ outboxes: [PostgresConnection], until deadline: ContinuousClock.Instant) async -> String? {
        var quietChecks = 0
        var busy: String?
        while ContinuousClock.now < deadline {
            busy = await self.busy(outboxes: outboxes)
            quietChecks = busy == nil ? quietChecks + 1 : 0
            if quietChecks == 2 { return nil }
            try? await Task.sleep(for: .milliseconds(500))
        }
        return busy
    }

    private func busy(outboxes: [PostgresConnection]) async -> String? {
        for service in PipelineService.allCases {
            do {
                let group = stack.groupID(of: service)
                let lag = try await context.admin.consumerLag(group: group, topics: stack.consumedTopics(of: service))
                for partition in lag where partition.lag > 0 {
                    return "\(group) is \(partition.lag) record(s) behind on \(partition.topicPartition)"
                }
            } catch {
                return "the lag of \(stack.groupID(of: service)) is unknown: \(error)"
            }
        }
        for (service, connection) in zip(PipelineService.allCases, outboxes) {
            do {
                let pending = try await OutboxInspection(connection).unpublishedCount()
                if pending > 0 { return "\(pending) row(s) of the \(service.database) outbox are unpublished" }
            } catch {
                return "the \(service.database) outbox cannot be read: \(error)"
            }
        }
        return nil
    }
}
