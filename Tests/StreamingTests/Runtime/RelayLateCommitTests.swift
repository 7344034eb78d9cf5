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
                "SELECT count(*) FROM outbox WHERE id = $1 AND published_at IS NOT NULL", [.int(lateID)]) == 1)
            try await relay.stop()

            let arrivals = OutboxFixture.Arrivals(try await harness.reader(topic: TopicCatalog.payments).read(count: fixture.count + 1))
            #expect(arrivals.total == fixture.count + 1)
            #expect(arrivals.amountsByOrder[lateOrder] == [7])
        }
    }

    static func refund(of order: UUID) throws -> OutgoingEvent {
        try OutgoingEvent(
            PaymentRefunded(orderId: order, paymentId: order, amount: 7, currency: "EUR"),
            source: "streaming-tests", subject: order.uuidString.lowercased(), correlationID: order.uuidString.lowercased())
    }
}
