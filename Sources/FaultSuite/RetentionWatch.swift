import Events
import Kafka
import LocalStack
import Synchronization

/// Watches that the embedded broker still holds every record a consumer group has yet to commit. The
/// mock cluster keeps about 5 MB per partition and silently drops older records; a group whose committed
/// offset falls below a partition's low watermark skipped records it never saw, and a run where that
/// happened proves nothing. Sampled every `interval` during the run and once at the end.
final class RetentionWatch: Sendable {
    /// The topics each service's consumer group reads.
    static let subscriptions: [PipelineService: [String]] = [
        .order: [TopicCatalog.orderRequests, TopicCatalog.payments, TopicCatalog.inventory, TopicCatalog.shipments],
        .payment: [TopicCatalog.orders],
        .inventory: [TopicCatalog.orders],
        .shipping: [TopicCatalog.orders],
        .notification: [TopicCatalog.orders, TopicCatalog.shipments],
    ]

    private struct State {
        var problems: [String] = []
        var samples = 0
        /// The fullest partition seen, in records retained (high - low).
        var deepestPartition = 0
    }

    private let admin: KafkaAdmin
    private let state = Mutex(State())

    init(bootstrapServers: String) throws(KafkaError) {
        admin = try KafkaAdmin(bootstrapServers: bootstrapServers, logger: FaultClientLogger.make("orderflow.chaos.retention"))
    }

    /// Samples until the task is cancelled.
    func watch(every interval: Duration = .seconds(2)) async {
        while !Task.isCancelled {
            await sample()
            try? await Task.sleep(for: interval)
        }
    }

    /// One look at every group's committed offsets against the watermarks. Broker faults make some
    /// samples fail; those are skipped.
    func sample() async {
        for (service, topics) in Self.subscriptions.sorted(by: { $0.key < $1.key }) {
            guard let lags = try? await admin.consumerLag(group: service.groupID, topics: topics, timeout: .seconds(3)) else { continue }
            var found: [String] = []
            var deepest = 0
            for lag in lags {
                deepest = max(deepest, Int(lag.high - lag.low))
                if let committed = lag.committed, committed >= 0, committed < lag.low {
                    found.append("\(service.groupID) \(lag.topicPartition): committed offset \(committed) is below the low watermark \(lag.low)")
                } else if (lag.committed ?? -1) < 0, lag.low > 0 {
                    found.append("\(service.groupID) \(lag.topicPartition): nothing committed yet but records up to \(lag.low) were already dropped")
                }
            }
            state.withLock { state in
                state.samples += 1
                state.deepestPartition = max(state.deepestPartition, deepest)
                for problem in found where !state.problems.contains(problem) { state.problems.append(problem) }
            }
        }
    }

    var problems: [String] { state.withLock { $0.problems } }
    var samples: Int { state.withLock { $0.samples } }
    var deepestPartition: Int { state.withLock { $0.deepestPartition } }

    func close() { admin.close() }
}
