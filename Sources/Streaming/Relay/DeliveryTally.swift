import Kafka
import Logging

/// A batch's delivered rows: their ids, and how many of each event type, to count once marked; and the
/// ids of its rows not delivered, to set aside for the retry path.
struct DeliveredRows: Sendable {
    var ids: [Int64] = []
    var countsByType: [String: Int] = [:]
    var failedIDs: [Int64] = []

    var isEmpty: Bool { ids.isEmpty }
}

/// Sorts a cycle's delivery outcomes into rows delivered and rows to retry, remembering failed keys
/// across the cycle's batches.
///
/// Every delivered row counts as delivered, also behind a failed one: it is on the topic already, and
/// holding it back would only send it again with every retry of the failed row. A failed row is set
/// aside for the retry path and sent again in a later cycle; a later row of its key delivered meanwhile
/// (in the same batch or a later one of the cycle) is then ahead of it on the topic, which is counted
/// and logged (an idempotent producer fails the rest of a partition's queue with it, so this takes a
/// per-record error such as an oversized value).
struct DeliveryTally {
    private(set) var delivered = 0
    private(set) var failed = 0
    private(set) var overtaken = 0
    /// The first failure's description, for the log line.
    private(set) var firstFailure: String?
    private var failedKeys = Set<[UInt8]>()

    var hasFailures: Bool { failed > 0 }

    /// The batch's delivered rows.
    mutating func sort(_ rows: [OutboxRow], _ outcomes: [Result<DeliveryReport, KafkaError>]) -> DeliveredRows {
        var delivered = DeliveredRows()
        delivered.ids.reserveCapacity(rows.count)
        for (index, row) in rows.enumerated() {
            let key = row.record.key ?? []
            // A missing outcome counts as a failure: the row is set aside and sent again.
            let failure: String? = switch index < outcomes.count ? outcomes[index] : nil {
            case .success: nil
            case .failure(let error): "\(error)"
            case nil: "no delivery outcome for outbox row \(row.id)"
            }
            if let failure {
                delivered.failedIDs.append(row.id)
                recordFailure(of: key, failure)
            } else {
                delivered.ids.append(row.id)
                delivered.countsByType[row.eventType, default: 0] += 1
                if failedKeys.contains(key) { overtaken += 1 }
            }
        }
        self.delivered += delivered.ids.count
        return delivered
    }

    private mutating func recordFailure(of key: [UInt8], _ description: String) {
        failedKeys.insert(key)
        failed += 1
        if firstFailure == nil { firstFailure = description }
    }

    func logFailures(_ logger: Logger) {
        guard let firstFailure else { return }
        logger.warning("outbox rows not delivered; retrying at the next wake-up", metadata: [
            "failed": "\(failed)", "delivered": "\(delivered)",
            "overtaken_by_later_rows_of_their_key": "\(overtaken)", "error": "\(firstFailure)",
        ])
    }
}
