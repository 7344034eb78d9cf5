import Events
import Foundation
import Streaming
import TestSupport
import Testing

/// A failure no savepoint catches (a deferred constraint checked at COMMIT) fails the whole batch and
/// names no message. The batch is then handled one message per transaction: the culprit is
/// dead-lettered and the rest processed once, instead of the batch being retried forever.
@Suite(.serialized) struct CommitFailureTests {
    @Test(.timeLimit(.minutes(1)))
    func aFailureAtCommitIsPinnedOnTheMessageThatCausesIt() async throws {
        try await Harness.with(ordersPartitions: 1) { harness in
            try await harness.database.execute("""
                CREATE TABLE deferred_unique (id bigint, CONSTRAINT deferred_unique_id UNIQUE (id) DEFERRABLE INITIALLY DEFERRED)
                """)
            let samples = try (1...5).map { try TestEvents.confirmed(amount: Int64($0)) }
            let culprit = samples[2]
            let handlers = Ledger.handlers { event, _, context in
                guard event.metadata.id == culprit.id else { return }
                // Breaks the constraint, which only COMMIT checks.
                try await context.transaction.execute("INSERT INTO deferred_unique VALUES (1), (1)")
            }
            let deadLetters = try harness.reader(topic: TopicCatalog.deadLetterTopic(for: TestEvents.topic))
            try await harness.broker.send(samples.map { TestEvents.record($0) })
            let loop = try harness.startLoop(group: uniqueName("commit"), handlers: handlers)

            let letters = try await deadLetters.read(count: 1)
            try await waitUntil("the other events processed") { try await Ledger.rows(in: harness.database) == 4 }
            try await loop.stop()

            #expect(letters.count == 1)
            let letter = try #require(letters.first.flatMap(DeadLetterRecord.init))
            #expect(letter.message.value == culprit.value)
            #expect(letter.errorClass == "database_error")
            #expect(letter.errorMessage.contains("23505"))
            #expect(try await Ledger.amounts(in: harness.database) == [1, 2, 4, 5])
            #expect(try await harness.database.count("SELECT count(*) FROM deferred_unique") == 0)
            #expect(try await harness.database.count("SELECT count(*) FROM outbox") == 4)
        }
    }
}
