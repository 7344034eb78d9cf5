import Events
import Foundation
import Kafka
import Logging
import Tracing

/// The outside part of a batch: handlers registered with a preparation (a call to another system) run
/// it here, before the batch's transaction opens, so no transaction is ever held open while another
/// system takes its time; what they return goes into the transaction with their message.
extension ConsumeLoop {
    /// Messages of one key are prepared one after the other, in order, and a failure stops the rest of
    /// its key (a later event of an order must not act on another system before an earlier one did).
    /// Different keys are prepared concurrently, up to the handlers' `preparationConcurrency`.
    func prepareOutside(_ batch: [KafkaMessage], _ prepared: [PreparedMessage], retries: PartitionRetries) async -> [PreparedMessage] {
        var chains: [ChainKey: [Int]] = [:]
        var order: [ChainKey] = []
        for (index, preparation) in prepared.enumerated() {
            guard case .event(let event, _, _) = preparation, preparer.handlers.preparation(for: event.metadata.type) != nil
            else { continue }
            let key = ChainKey(partition: batch[index].topicPartition, subject: event.metadata.subject)
            if chains[key] == nil { order.append(key) }
            chains[key, default: []].append(index)
        }
        guard !order.isEmpty else { return prepared }
        // Redelivered events the group handled before are duplicates the transaction will skip: their
        // outside part is not run again. If the read fails, everything is prepared (calls are idempotent).
        let ids = order.flatMap { chains[$0] ?? [] }.compactMap { index -> UUID? in
            if case .event(let event, _, _) = prepared[index] { return event.metadata.id }
            return nil
        }
        let handled = (try? await processedEvents.handled(ids, on: try await database.connection())) ?? []
        if !handled.isEmpty {
            for key in order {
                chains[key] = chains[key]?.filter { index in
                    guard case .event(let event, _, _) = prepared[index] else { return true }
                    return !handled.contains(event.metadata.id)
                }
            }
            order = order.filter { !(chains[$0] ?? []).isEmpty }
        }

        var result = prepared
        let limit = max(1, preparer.handlers.preparationConcurrency)
        let jobs = order.map { key in chains[key, default: []].map { (index: $0, message: batch[$0], preparation: prepared[$0]) } }
        await withTaskGroup(of: [(Int, PreparedMessage)].self) { group in
            var next = 0
            while next < jobs.count, next < limit {
                let chain = jobs[next]
                group.addTask { await prepareChain(chain, retries: retries) }
                next += 1
            }
            for await finished in group {
                for (index, preparation) in finished { result[index] = preparation }
                if next < jobs.count {
                    let chain = jobs[next]
                    group.addTask { await prepareChain(chain, retries: retries) }
                    next += 1
                }
            }
        }
        return result
    }

    /// Messages with an outside part whose key is parked already are not prepared: their call would act
    /// on another system before the parked message's did (a refund asked for before its charge). They are
    /// left unattempted, and the batch's parking plan queues them behind their key; should the key have
    /// drained meanwhile, they come again from their position like any unattempted message. If the parked
    /// keys cannot be read, everything is prepared, as before parking existed.
    func deferringParkedKeys(_ batch: [KafkaMessage], _ prepared: [PreparedMessage]) async -> [PreparedMessage] {
        guard parking.isSet else { return prepared }
        let calling = prepared.indices.filter { index in
            guard case .event(let event, _, _) = prepared[index] else { return false }
            return preparer.handlers.preparation(for: event.metadata.type) != nil && batch[index].key != nil
        }
        guard !calling.isEmpty,
              let parked = try? await parkedMessages.parkedKeys(
                  among: Set(calling.compactMap { batch[$0].key }), on: try await database.connection()),
              !parked.isEmpty
        else { return prepared }
        var result = prepared
        for index in calling where parked.contains(batch[index].key ?? []) { result[index] = .decided(.notAttempted) }
        return result
    }

    private struct ChainKey: Hashable {
        var partition: TopicPartition
        var subject: String
    }

    private func prepareChain(
        _ jobs: [(index: Int, message: KafkaMessage, preparation: PreparedMessage)], retries: PartitionRetries
    ) async -> [(Int, PreparedMessage)] {
        var results: [(Int, PreparedMessage)] = []
        var stopped = false
        for job in jobs {
            guard !stopped else {
                results.append((job.index, .decided(.notAttempted)))
                continue
            }
            guard case .event(let event, let handler, _) = job.preparation,
                  let preparation = preparer.handlers.preparation(for: event.metadata.type)
            else {
                results.append((job.index, job.preparation))
                continue
            }
            let log = eventLogger(event)
            do {
                // Under the event's span, so a traced outside call is its child.
                let value = try await ServiceContext.$current.withValue(BatchSpans.current?.context(of: event.metadata.id)) {
                    try await preparation(event, PreparationContext(logger: log, incoming: event.metadata))
                }
                results.append((job.index, .event(event, handler, prepared: value)))
            } catch {
                let outcome = preparationFailure(job.message, error, retries: retries, log: log)
                results.append((job.index, .decided(outcome)))
                stopped = !outcome.isSettled
            }
        }
        return results
    }

    /// A refusal by the dependency, or an outage, puts the message back without spending an attempt;
    /// anything else is the message's own failure, retried or dead-lettered like a handler's.
    private func preparationFailure(_ message: KafkaMessage, _ error: any Error, retries: PartitionRetries, log: Logger) -> MessageOutcome {
        if let refusal = error as? DependencyUnavailable {
            log.debug("postponed: dependency unavailable", metadata: ["dependency": "\(refusal.dependency)", "reason": "\(refusal.reason)"])
            return .postponed(reason: refusal.description)
        }
        let previous = retries.attempts(message.topicPartition, offset: message.offset)
        return failedOutcome(message, error, previousAttempts: previous, log: log) ?? .postponed(reason: "\(error)")
    }

    /// Indices of messages that wait behind an unsettled message of their partition decided before the
    /// transaction: they are neither claimed nor handled, and come again from the rewound position.
    /// Messages that park (`parking`) neither hold back nor are held back: they are settled by parking.
    static func heldBack(_ batch: [KafkaMessage], _ prepared: [PreparedMessage], parking: [Int: ParkAction] = [:]) -> Set<Int> {
        var blocked = Set<TopicPartition>()
        var held = Set<Int>()
        for (index, preparation) in prepared.enumerated() where parking[index] == nil {
            let partition = batch[index].topicPartition
            if blocked.contains(partition) {
                held.insert(index)
            } else if case .decided(let outcome) = preparation, !outcome.isSettled {
                blocked.insert(partition)
            }
        }
        return held
    }
}
