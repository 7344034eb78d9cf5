import Kafka
import LocalStack
import Postgres
import Streaming

/// Looks at the soaking pipeline: every process's memory, descriptors and threads from `/proc`, the
/// service groups' lag from the broker, the outboxes' backlog from the databases.
struct SoakSampler: Sendable {
    let stack: FaultScenarioStack
    let admin: KafkaAdmin
    let started: ContinuousClock.Instant

    func sample(ordersPublished: Int) async -> SoakSample {
        var processes: [String: SoakSample.ProcessFigures] = [:]
        for process in stack.stack.processes where process.isRunning {
            if let figures = ProcFigures.of(pid: process.pid) { processes[process.name] = figures }
        }
        return SoakSample(
            at: Double((ContinuousClock.now - started) / .milliseconds(1)) / 1000, processes: processes,
            consumerLag: await consumerLag(), outboxBacklog: await outboxBacklog(), ordersPublished: ordersPublished)
    }

    private func consumerLag() async -> Int64? {
        var total: Int64 = 0
        for (service, topics) in RetentionWatch.subscriptions {
            guard let lags = try? await admin.consumerLag(group: service.groupID, topics: topics, timeout: .seconds(5)) else { return nil }
            total += lags.map(\.lag).reduce(0, +)
        }
        return total
    }

    private func outboxBacklog() async -> Int? {
        var total = 0
        for service in PipelineService.allCases {
            do {
                let connection = try await PostgresConnection.connect(stack.databases.configuration(of: service))
                let count: Int?
                do { count = try await OutboxInspection(connection).unpublishedCount() } catch { count = nil }
                await connection.close()
                guard let count else { return nil }
                total += count
            } catch {
                return nil
            }
        }
        return total
    }
}
