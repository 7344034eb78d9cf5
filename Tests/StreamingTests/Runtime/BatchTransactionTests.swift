import Events
import Foundation
import Kafka
@testable import Streaming
import TestSupport
import Testing

/// A batch runs in one transaction without savepoints; when one of its messages fails, the batch is
/// rolled back and redone with a savepoint per message, so the failure stays on that message and every
/// other message's effects are committed exactly once.
@Suite(.serialized) struct BatchTransactionTests {
    static func messages(_ samples: [TestEvents.Sample]) -> [KafkaMessage] {
        samples.enumerated().map { offset, sample in
            KafkaMessage(
                topic: TestEvents.topic, partition: 0, offset: Int64(offset), key: sample.key, value: sample.value,
                timestamp: Date())
        }
    }

    /// Rows written in a subtransaction carry its own xid, rows of the top transaction share one:
    /// distinct `xmin`s count the (sub)transactions that wrote the rows.
    static func writers(of table: String, in database: ScratchDatabase) async throws -> Int {
        try await database.count("SELECT count(DISTINCT xmin::text) FROM \(table)")
    }

    @Test(.timeLimit(.minutes(1)))
    func aSucceedingBatchIsOneTransactionWithOutboxRowsInOrder() async throws {
        try await Harness.with { harness in
            let samples = try (1...150).map { try TestEvents.confirmed(amount: Int64($0)) }
            let parts = try LoopParts(
                broker: harness.broker, database: harness.database, group: uniqueName("direct"), handlers: Ledger.handlers())
            let outcomes = await parts.loop.process(Self.messages(samples), retries: PartitionRetries())
            await parts.close()

            let processed = try #require(outcomes).filter { if case .processed = $0 { true } else { false } }
            #expect(processed.count == 150)
            #expect(parts.metrics.total(MetricNames.batchesRedone) == 0)
            #expect(try await Ledger.rows(in: harness.database) == 150)
            #expect(try await Self.writers(of: "ledger", in: harness.database) == 1)
            #expect(try await Self.writers(of: "outbox", in: harness.database) == 1)
            #expect(try await Self.writers(of: "processed_events", in: harness.database) == 1)
            let amounts = try await harness.database.query(
                "SELECT (convert_from(value, 'UTF8')::jsonb -> 'data' ->> 'amount')::bigint AS amount FROM outbox ORDER BY id"
            ).map { try $0["amount"].int64() }
            #expect(amounts == Array(1...150))
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func aFailingMessageIsRedoneAloneAndTheOthersCommitOnce() async throws {
        try await Harness.with { harness in
            let samples = try (1...80).map { try TestEvents.confirmed(amount: Int64($0)) }
            let poison = samples[40].id
            let calls = CallLog()
            let handlers = Ledger.handlers(calls: calls) { event, _, _ in
                if event.metadata.id == poison { throw HandlerError.permanent("refused") }
            }
            let parts = try LoopParts(
                broker: harness.broker, database: harness.database, group: uniqueName("redo"), handlers: handlers)
            let outcomes = try #require(await parts.loop.process(Self.messages(samples), retries: PartitionRetries()))
            await parts.close()

            let letters = outcomes.enumerated().compactMap { index, outcome -> Int? in
                if case .deadLetter = outcome { return index }
                return nil
            }
            #expect(letters == [40])
            #expect(outcomes.allSatisfy { $0.isSettled })
            #expect(parts.metrics.total(MetricNames.batchesRedone) == 1)
            // The handlers before the poison ran twice (the first attempt was rolled back); effects once.
            #expect(calls.count(samples[0].id) == 2)
            #expect(try await Ledger.rows(in: harness.database) == 79)
            #expect(try await harness.database.count("SELECT count(*) FROM outbox") == 79)
            #expect(try await harness.database.count(
                "SELECT count(*) FROM ledger WHERE event_id = $1", [.uuid(poison)]) == 0)
            #expect(try await harness.database.count(
                "SELECT count(*) FROM processed_events WHERE event_id = $1", [.uuid(poison)]) == 0)
            #expect(try await harness.database.count("SELECT count(DISTINCT event_id) FROM ledger") == 79)
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func anEnqueuedStatementThatFailsIsPinnedOnItsMessage() async throws {
        try await Harness.with { harness in
            let samples = try (1...60).map { try TestEvents.confirmed(amount: Int64($0)) }
            let poison = samples[25].id
            var handlers = EventHandlers()
            handlers.on(OrderConfirmed.self) { event, context in
                // Sent without waiting: the failure only shows when the batch settles its statements.
                try await context.transaction.enqueue(
                    "INSERT INTO ledger (consumer_group, event_id, order_id, amount) VALUES ($1, $2, $3, $4)",
                    [.text(context.consumerGroup), .uuid(event.metadata.id), .uuid(event.data.orderId),
                     .int64(event.data.totalAmount)])
                if event.metadata.id == poison { try await context.transaction.enqueue("SELECT 1 / 0") }
                return [try context.emit(PaymentRefunded(
                    orderId: event.data.orderId, paymentId: event.data.paymentId, amount: event.data.totalAmount,
                    currency: "EUR"))]
            }
            let parts = try LoopParts(
                broker: harness.broker, database: harness.database, group: uniqueName("enqueue"), handlers: handlers)
            let outcomes = try #require(await parts.loop.process(Self.messages(samples), retries: PartitionRetries()))
            await parts.close()

            guard case .deadLetter(let letter) = outcomes[25] else {
                Issue.record("expected a dead letter, got \(outcomes[25])")
                return
            }
            #expect(letter.errorClass == "database_error")
            #expect(letter.errorMessage.contains("division by zero"))
            #expect(outcomes.enumerated().allSatisfy { index, outcome in
                if case .processed = outcome { return index != 25 }
                return index == 25
            })
            #expect(parts.metrics.total(MetricNames.batchesRedone) == 1)
            #expect(try await Ledger.rows(in: harness.database) == 59)
            #expect(try await harness.database.count(
                "SELECT count(*) FROM ledger WHERE event_id = $1", [.uuid(poison)]) == 0)
            #expect(try await harness.database.count("SELECT count(*) FROM outbox") == 59)
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func anEventThatCannotBeEncodedIsThatMessagesDeadLetter() async throws {
        try await Harness.with { harness in
            let samples = try (1...20).map { try TestEvents.confirmed(amount: Int64($0)) }
            let broken = samples[7].id
            var handlers = EventHandlers()
            handlers.on(OrderConfirmed.self) { event, context in
                // A negative refund breaks the payment.refunded schema: the outbox refuses to encode it.
                let amount = event.metadata.id == broken ? -1 : event.data.totalAmount
                return [try context.emit(PaymentRefunded(
                    orderId: event.data.orderId, paymentId: event.data.paymentId, amount: amount, currency: "EUR"))]
            }
            let parts = try LoopParts(
                broker: harness.broker, database: harness.database, group: uniqueName("encode"), handlers: handlers)
            let outcomes = try #require(await parts.loop.process(Self.messages(samples), retries: PartitionRetries()))
            await parts.close()

            guard case .deadLetter(let letter) = outcomes[7] else {
                Issue.record("expected a dead letter, got \(outcomes[7])")
                return
            }
            #expect(letter.errorClass == "invalid_outgoing_event")
            #expect(try await harness.database.count("SELECT count(*) FROM outbox") == 19)
        }
    }
}
