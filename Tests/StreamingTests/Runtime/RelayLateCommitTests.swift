import Events
import Foundation
import Kafka
import Postgres
import Streaming
import Testing

/// A row whose transaction commits after rows with higher ids (it took its id first and ran longer) is
/// published although the relay has read past its id meanwhile.
@Suite(.serialized) struct RelayLateCommitTests {
    @Test(.timeLimit(.minutes(1)))
    func aRowCommittedBehindHigherIdsIsStillPublished() async throws {
        try await Harness.with { harness in
            let lateOrder = UUID()
            let inserted = AsyncStream<Int>.makeStream()
            let release = AsyncStream<Void>.makeStream()
            // Ending the release stream commits too, so a failing test does not leave the transaction open.
            defer { release.continuation.finish() }
            let late = Task {
                defer { inserted.continuation.finish() }
                try await harness.database.withConnection { connection in
                    try await connection.transaction { transaction in
                        try await OutboxWriter().write([try Self.refund(of: lateOrder)], in: transaction)
                        let id = try await transaction.query("SELECT currval(pg_get_serial_sequence('outbox', 'id')) AS id")
                        inserted.continuation.yield(try #require(id.first)["id"].int())
                        for await _ in release.stream { break }
                    }
                }
            }
            var insertedID: Int?
            for await id in inserted.stream {
                insertedID = id
                break
            }
            let lateID = try #require(insertedID, "the late row was not inserted")

            let fixture = OutboxFixture(orders: 20, perOrder: 20)
            try await fixture.write(to: harness.database)
            let relay = try harness.startRelay { configuration in
                configuration.batchSize = 50
                configuration.maxBatchesInFlight = 4
            }
            try await waitUntil("the committed rows published", every: .milliseconds(100)) {
                try await OutboxFixture.unpublished(in: harness.database) == 0
            }
            let passed = try await harness.database.count("SELECT count(*) FROM outbox WHERE id > $1", [.int(lateID)])
            #expect(passed == fixture.count, "the relay read past the uncommitted row's id")

            release.continuation.yield()
            try await late.value
            try await waitUntil("the late row published", every: .milliseconds(100)) {
                try await OutboxFixture.unpublished(in: harness.database) == 0
            }
            #expect(try await harness.database.count(
                "SELECT count(*) FROM outbox_unpublished WHERE id = $1", [.int(lateID)]) == 0)
            try await relay.stop()

            let arrivals = OutboxFixture.Arrivals(try await harness.reader(topic: TopicCatalog.payments).read(count: fixture.count + 1))
            #expect(arrivals.total == fixture.count + 1)
            #expect(arrivals.amountsByOrder[lateOrder] == [7])
        }
    }

    /// A transaction can draw its xid after another that commits first and still have drawn its row's
    /// id before that one did: the gap its id leaves must outlive every read that sees that transaction
    /// running, though no transaction above the snapshot's xmax has ended yet when the gap is found.
    @Test(.timeLimit(.minutes(1)))
    func aRowWhoseTransactionIsYoungerThanTheOneCommittedPastItIsStillPublished() async throws {
        try await Harness.with { harness in
            let relay = try harness.startRelay()
            let warmUp = OutboxFixture(orders: 1, perOrder: 1)
            try await warmUp.write(to: harness.database)
            try await waitUntil("the relay idle", every: .milliseconds(50)) {
                try await OutboxFixture.unpublished(in: harness.database) == 0
            }
            let (olderOrder, youngerOrder) = (UUID(), UUID())
            let olderHasXid = AsyncStream<Void>.makeStream()
            let youngerInserted = AsyncStream<Void>.makeStream()
            let releaseYounger = AsyncStream<Void>.makeStream()
            defer { releaseYounger.continuation.finish() }
            let older = Task {
                try await harness.database.withConnection { connection in
                    try await connection.transaction { transaction in
                        _ = try await transaction.query("SELECT pg_current_xact_id()")
                        olderHasXid.continuation.yield()
                        for await _ in youngerInserted.stream { break }
                        try await OutboxWriter().write([try Self.refund(of: olderOrder)], in: transaction)
                    }
                }
            }
            for await _ in olderHasXid.stream { break }
            let younger = Task {
                defer { youngerInserted.continuation.finish() }
                try await harness.database.withConnection { connection in
                    try await connection.transaction { transaction in
                        try await OutboxWriter().write([try Self.refund(of: youngerOrder)], in: transaction)
                        _ = try await transaction.query("SELECT 1")
                        youngerInserted.continuation.yield()
                        for await _ in releaseYounger.stream { break }
                    }
                }
            }
            try await older.value
            // The relay has passed the younger row's id; later reads see its transaction as the oldest running.
            try await waitUntil("the older row published", every: .milliseconds(50)) {
                try await OutboxFixture.unpublished(in: harness.database) == 0
            }
            for _ in 0..<3 {
                try await OutboxFixture(orders: 1, perOrder: 1).write(to: harness.database)
                try await Task.sleep(for: .milliseconds(200))
            }
            releaseYounger.continuation.yield()
            try await younger.value
            let total = warmUp.count + 2 + 3
            let arrivals = OutboxFixture.Arrivals(try await harness.reader(topic: TopicCatalog.payments).read(count: total))
            #expect(arrivals.total == total)
            #expect(arrivals.amountsByOrder[youngerOrder] == [7], "the younger transaction's row was never published")
            try await relay.stop()
        }
    }

    /// The id of a row rolled back after the relay passed it is kept as a gap only while its transaction
    /// runs: once it has ended, the marks drop it and the relay reads past it without looking again.
    @Test(.timeLimit(.minutes(1)))
    func aRolledBackRowsIdIsForgottenOnceItsTransactionEnded() async throws {
        try await Harness.with { harness in
            let opened = AsyncStream<Void>.makeStream()
            let release = AsyncStream<Void>.makeStream()
            defer { release.continuation.finish() }
            let doomed = Task {
                defer { opened.continuation.finish() }
                try await harness.database.withConnection { connection in
                    do {
                        try await connection.transaction { transaction in
                            try await OutboxWriter().write([try Self.refund(of: UUID())], in: transaction)
                            // The insert is only enqueued; a query waits for it to have run.
                            _ = try await transaction.query("SELECT 1")
                            opened.continuation.yield()
                            for await _ in release.stream { break }
                            throw CancellationError()
                        }
                    } catch is CancellationError {}
                }
            }
            for await _ in opened.stream { break }

            let fixture = OutboxFixture(orders: 5, perOrder: 10)
            try await fixture.write(to: harness.database)
            let relay = try harness.startRelay()
            try await waitUntil("the committed rows published and the open row's id kept as a gap", every: .milliseconds(100)) {
                let unpublished = try await OutboxFixture.unpublished(in: harness.database)
                let gaps = try await harness.database.count("SELECT count(*) FROM outbox_marks WHERE cardinality(gap_starts) > 0")
                return unpublished == 0 && gaps > 0
            }
            release.continuation.yield()
            try await doomed.value
            // A later row wakes the relay; its read sees the transaction ended.
            try await OutboxFixture(orders: 1, perOrder: 1).write(to: harness.database)
            try await waitUntil("the gap forgotten", every: .milliseconds(100)) {
                try await harness.database.count("SELECT count(*) FROM outbox_marks WHERE cardinality(gap_starts) > 0") == 0
            }
            #expect(try await OutboxFixture.unpublished(in: harness.database) == 0)
            try await relay.stop()
        }
    }

    static func refund(of order: UUID) throws -> OutgoingEvent {
        try OutgoingEvent(
            PaymentRefunded(orderId: order, paymentId: order, amount: 7, currency: "EUR"),
            source: "streaming-tests", subject: order.uuidString.lowercased(), correlationID: order.uuidString.lowercased())
    }
}
