import CRdKafka
import Dispatch
import Foundation
import Logging
import Synchronization

/// An asynchronous Kafka producer: every send resolves with the broker's delivery report.
///
/// A dedicated thread serves librdkafka's queue (`rd_kafka_poll`) and delivers reports; blocking calls
/// (flush, transactions, metadata) run on a private serial queue, never on Swift's cooperative pool.
public final class KafkaProducer: Sendable {
    private let handle: ClientHandle
    private let tracker: DeliveryTracker
    private let operations: DispatchQueue
    private let pollThreadExited = DispatchSemaphore(value: 0)
    private let closeState = Mutex(CloseState.open)
    private let logger: Logger

    private enum CloseState { case open, closing, closed }

    public init(
        configuration: KafkaProducerConfiguration, logger: Logger = Logger(label: "kafka.producer")
    ) throws(KafkaError) {
        let tracker = DeliveryTracker()
        let conf = try NativeConfiguration.make(configuration.entries, context: "configuring producer")
        LibrdkafkaLog.install(on: conf)
        DeliveryCallback.install(on: conf)
        let context = ClientContext(logger: logger, deliveries: tracker)
        handle = try ClientHandle(type: RD_KAFKA_PRODUCER, conf: conf, context: context, what: "producer")
        self.tracker = tracker
        self.logger = logger
        operations = DispatchQueue(label: "kafka.producer.operations.\(handle.name)")
        startPollThread()
    }

    deinit {
        // Without close(): stop the poll thread, which then purges and destroys the handle on its own thread.
        handle.markClosed()
        wakePollThread()
    }

    /// Interrupts the poll thread's current `rd_kafka_poll` so it notices the close at once.
    private func wakePollThread() {
        let handle = handle
        // markClosed() already blocks new calls, so this reaches the raw handle without the closed check.
        handle.withRawHandle { rd_kafka_yield($0) }
    }

    private func startPollThread() {
        let handle = handle
        let exited = pollThreadExited
        let thread = Thread {
            while !handle.closed {
                _ = try? handle.withHandle("polling") { pointer in rd_kafka_poll(pointer, 100) }
            }
            // Fail what is still queued so no sender waits forever, then destroy. Purge reports are
            // served by the final poll, before the handle goes away.
            handle.destroy { pointer in
                // Purging waits for every broker thread to acknowledge, so skip it when nothing is left.
                guard rd_kafka_outq_len(pointer) > 0 else { return }
                _ = rd_kafka_purge(pointer, Int32(RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT))
                rd_kafka_poll(pointer, 0)
            }
            exited.signal()
        }
        thread.name = "kafka.producer.poll"
        thread.start()
    }

    // MARK: Sending

    /// Enqueue one record and await its delivery report. Throws KafkaError on delivery failure.
    public func send(_ record: KafkaRecord) async throws(KafkaError) -> DeliveryReport {
        let outcomes = await send([record])
        guard let outcome = outcomes.first else {
            throw KafkaError.invalidArgument("sending to topic \"\(record.topic)\"", "no delivery outcome")
        }
        return try outcome.get()
    }

    /// Enqueue many records at once (waiting briefly whenever the local queue is full), await all reports.
    /// Results are in input order.
    public func send(_ records: [KafkaRecord]) async -> [Result<DeliveryReport, KafkaError>] {
        guard !records.isEmpty else { return [] }
        return await enqueue(records).outcomes()
    }

    /// Hands the records to librdkafka in order (waiting briefly whenever the local queue is full) and
    /// returns without waiting for their delivery reports. Records of one partition are delivered in
    /// the order of the `enqueue` calls that handed them over.
    public func enqueue(_ records: [KafkaRecord]) async -> PendingDelivery {
        var chunks: [(batch: DeliveryBatch, id: UInt64)] = []
        for start in stride(from: 0, to: records.count, by: DeliveryTracker.maxBatchSize) {
            let chunk = records[start..<min(records.count, start + DeliveryTracker.maxBatchSize)]
            let batch = DeliveryBatch(count: chunk.count)
            let id = tracker.register(batch)
            chunks.append((batch, id))
            await enqueue(chunk, into: batch, id: id)
        }
        return PendingDelivery(chunks: chunks, tracker: tracker)
    }

    private func enqueue(_ records: ArraySlice<KafkaRecord>, into batch: DeliveryBatch, id batchID: UInt64) async {
        if let fatal = handle.context.recordedFatalError {
            for index in 0..<records.count { batch.complete(index, with: .failure(fatal)) }
            return
        }
        for (index, record) in records.enumerated() {
            let token = DeliveryTracker.token(batchID: batchID, index: index)
            while true {
                let failure: KafkaError?
                do {
                    failure = try handle.withHandle("sending to topic \"\(record.topic)\"") { pointer in
                        RecordEnqueuer.enqueue(record, on: pointer, token: token)
                    }
                } catch {
                    failure = error
                }
                guard let failure else { break }
                if failure.code == RD_KAFKA_RESP_ERR__QUEUE_FULL.rawValue {
                    await waitForQueueSpace()
                    continue
                }
                batch.complete(index, with: .failure(failure))
                break
            }
        }
    }

    /// The poll thread drains delivery reports continuously; give it a moment to free queue space.
    private func waitForQueueSpace() async {
        do {
            try await Task.sleep(for: .milliseconds(1))
        } catch {
            await Task.yield()
        }
    }

    /// Learns every topic of the cluster now, in one metadata request, so that the first record to any of
    /// them is sent at once. Otherwise librdkafka looks a topic up only on its once-a-second scan after
    /// the first record to it, and that record, with every one queued behind it, waits up to a second.
    /// Asking for all topics never creates one (naming an unknown topic can, on a broker that
    /// auto-creates topics).
    public func learnTopics(timeout: Duration = .seconds(10)) async throws(KafkaError) {
        let handle = handle
        try await runBlocking(on: operations) { () -> Result<Void, KafkaError> in
            Result { () throws(KafkaError) in
                _ = try handle.withHandle("learning the cluster's topics") { pointer throws(KafkaError) in
                    try Metadata.allTopics(pointer, timeout: timeout)
                }
            }
        }.get()
    }

    public func flush(timeout: Duration) async throws(KafkaError) {
        let handle = handle
        try await runBlocking(on: operations) { () -> Result<Void, KafkaError> in
            Result { () throws(KafkaError) in
                try handle.withHandle("flushing producer") { pointer throws(KafkaError) in
                    let code = rd_kafka_flush(pointer, timeout.timeoutMilliseconds)
                    guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
                        let waiting = rd_kafka_outq_len(pointer)
                        throw KafkaError(code, context: "flushing producer", detail: "\(waiting) message(s) still undelivered after \(timeout)")
                    }
                }
            }
        }.get()
    }

    /// Flushes (up to `timeout`), fails whatever is still undelivered, and destroys the producer. Idempotent;
    /// every later call on this producer throws a "closed" error.
    public func close(timeout: Duration = .seconds(10)) async {
        let shouldClose = closeState.withLock { state in
            guard state == .open else { return false }
            state = .closing
            return true
        }
        await runBlocking(on: operations) { [self] in
            guard shouldClose else { return }
            _ = try? handle.withHandle("closing producer") { pointer in
                let code = rd_kafka_flush(pointer, timeout.timeoutMilliseconds)
                if code != RD_KAFKA_RESP_ERR_NO_ERROR {
                    logger.warning("producer closing with \(rd_kafka_outq_len(pointer)) undelivered message(s)")
                }
            }
            handle.markClosed()
            wakePollThread()
            pollThreadExited.wait()
            closeState.withLock { $0 = .closed }
        }
    }

    // MARK: Transactions

    public func initTransactions(timeout: Duration) async throws(KafkaError) {
        try await transactional("initializing transactions") { pointer in
            rd_kafka_init_transactions(pointer, timeout.timeoutMilliseconds)
        }
    }

    public func beginTransaction() throws(KafkaError) {
        let error = try handle.withHandle("beginning a transaction") { pointer in
            KafkaError.consuming(rd_kafka_begin_transaction(pointer), context: "beginning a transaction")
        }
        if let error { throw error }
    }

    public func commitTransaction(timeout: Duration) async throws(KafkaError) {
        try await transactional("committing a transaction") { pointer in
            rd_kafka_commit_transaction(pointer, timeout.timeoutMilliseconds)
        }
    }

    public func abortTransaction(timeout: Duration) async throws(KafkaError) {
        try await transactional("aborting a transaction") { pointer in
            rd_kafka_abort_transaction(pointer, timeout.timeoutMilliseconds)
        }
    }

    private func transactional(
        _ operation: String, _ call: @escaping @Sendable (OpaquePointer) -> OpaquePointer?
    ) async throws(KafkaError) {
        let handle = handle
        try await runBlocking(on: operations) { () -> Result<Void, KafkaError> in
            Result { () throws(KafkaError) in
                let error = try handle.withHandle(operation) { pointer in
                    KafkaError.consuming(call(pointer), context: operation)
                }
                if let error { throw error }
            }
        }.get()
    }

    // MARK: Health

    /// Metadata round trip, used for readiness checks. Throws on unreachable broker within `timeout`.
    public func checkConnection(timeout: Duration) async throws(KafkaError) {
        let handle = handle
        try await runBlocking(on: operations) { () -> Result<Void, KafkaError> in
            Result { () throws(KafkaError) in
                try handle.withHandle("checking the broker connection") { pointer throws(KafkaError) in
                    try Metadata.roundTrip(pointer, timeout: timeout)
                }
            }
        }.get()
    }
}
