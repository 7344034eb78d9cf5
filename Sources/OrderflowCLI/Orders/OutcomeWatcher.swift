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

    /// Records the start offsets, joins, and positions the reader there. Returns once it is ready, so orders
    /// produced afterwards are all seen.
    static func start(_ session: BrokerSession, joinLimit: Duration = .seconds(30)) async throws(CLIError) -> OutcomeWatcher {
        let described = try session.requireTopics(topics)
        let marks = try await session.watermarks(of: described)
        let starts = marks.mapValues(\.high)
        let reader = try TopicReader(
            session: session, topics: topics, fromBeginning: true, purpose: "wait")
        let watcher = OutcomeWatcher(reader: reader, starts: starts)
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: joinLimit)
        do throws(CLIError) {
            var positioned = Set<TopicPartition>()
            while positioned.count < starts.count {
                if Interrupt.requested { throw CLIError.interrupted("before producing") }
                guard clock.now < deadline else {
                    throw CLIError("could not follow \(topics.joined(separator: ", ")): no partitions assigned within \(joinLimit)")
                }
                let messages = try await reader.poll(maxWait: .milliseconds(100))
                watcher.record(messages)
                for partition in reader.assignment where !positioned.contains(partition) {
                    if let start = starts[partition] {
                        try await reader.seek(partition, to: start, timeout: session.timeout)
                    }
                    positioned.insert(partition)
                }
            }
        } catch {
            await reader.close()
            throw error
        }
        return watcher
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
