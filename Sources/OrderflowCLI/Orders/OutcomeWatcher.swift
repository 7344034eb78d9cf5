import Events
import Foundation
import Kafka
import Synchronization

/// Follows `orders` and `shipments` during `orders produce --wait` and records each order's terminal
/// event by subject (the order id) and correlation id. It starts at the high watermarks recorded before
/// anything is produced, so no outcome is missed and older traffic is skipped.
final class OutcomeWatcher: Sendable {
    struct Seen: Sendable {
        var outcome: ObservedOutcome
        var at: ContinuousClock.Instant
    }

    private struct State {
        var bySubject: [String: Seen] = [:]
        var byCorrelation: [String: Seen] = [:]
    }

    private let reader: TopicReader
    private let starts: [TopicPartition: Int64]
    private let state = Mutex(State())
    private let stopRequested = Atomic<Bool>(false)

    private init(reader: TopicReader, starts: [TopicPartition: Int64]) {
        self.reader = reader
        self.starts = starts
    }

    static let topics = [TopicCatalog.orders, TopicCatalog.shipments]

    /// Records the start offsets and assigns every partition there, before anything is produced, so
    /// orders produced afterwards are all seen. The partitions are assigned directly: there is no group
    /// to join (seconds on some brokers) before the orders can go out.
    static func start(_ session: BrokerSession) async throws(CLIError) -> OutcomeWatcher {
        let described = try session.requireTopics(topics)
        let marks = try await session.watermarks(of: described)
        let starts = marks.mapValues(\.high)
        let reader = try await TopicReader(session: session, starts: starts.mapValues { .at(.offset($0)) }, purpose: "wait")
        return OutcomeWatcher(reader: reader, starts: starts)
    }

    /// Polls until `stop()`; run it in its own task.
    func follow() async throws(CLIError) {
        while !stopRequested.load(ordering: .acquiring), !Interrupt.requested {
            record(try await reader.poll())
        }
    }

    func stop() {
        stopRequested.store(true, ordering: .releasing)
    }

    func close() async {
        await reader.close()
    }

    func outcome(orderID: String, correlationID: String) -> Seen? {
        state.withLock { $0.bySubject[orderID] ?? $0.bySubject[orderID.lowercased()] ?? $0.byCorrelation[correlationID] }
    }

    private func record(_ messages: [KafkaMessage]) {
        guard !messages.isEmpty else { return }
        let now = ContinuousClock().now
        var found: [(ObservedOutcome, String?, String?)] = []
        for message in messages {
            // Anything before the recorded start belongs to earlier runs.
            guard let start = starts[message.topicPartition], message.offset >= start else { continue }
            if let result = ObservedOutcome.from(message) { found.append(result) }
        }
        guard !found.isEmpty else { return }
        state.withLock { state in
            for (outcome, subject, correlation) in found {
                let seen = Seen(outcome: outcome, at: now)
                // The first terminal event wins: a later one would be a duplicate or a contradiction.
                if let subject, state.bySubject[subject] == nil { state.bySubject[subject] = seen }
                if let correlation, state.byCorrelation[correlation] == nil { state.byCorrelation[correlation] = seen }
            }
        }
    }
}
