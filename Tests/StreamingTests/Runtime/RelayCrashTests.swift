import Events
import Foundation
import Kafka
import Streaming
import Testing

/// A relay killed after its batch reached Kafka but before the rows were marked published: the relay
/// that takes over republishes them. Nothing is lost, and every duplicate is the same event (same id,
/// same bytes), behind the key's earlier events.
@Suite(.serialized) struct RelayCrashTests {
    static let doomedName = "doomed-relay"

    /// Kills the session of the doomed relay in the middle of moving its shards' marks past its sixth
    /// batch (its first five are marked): every retry of that batch dies the same way, so the relay is
    /// stuck having delivered rows it never marked.
    static let killSwitch = """
        CREATE FUNCTION die_while_marking() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF current_setting('application_name') LIKE '\(doomedName)%'
               AND (SELECT count(*) FROM outbox) - (SELECT count(*) FROM outbox_unpublished) >= 500 THEN
                PERFORM pg_terminate_backend(pg_backend_pid());
                PERFORM pg_sleep(5);
            END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER die_while_marking BEFORE UPDATE ON outbox_marks
            FOR EACH STATEMENT EXECUTE FUNCTION die_while_marking();
        """

    @Test(.timeLimit(.minutes(1)))
    func aRelayKilledMidBatchLosesNothingAndRepeatsOnlyWholeEvents() async throws {
        try await Harness.with { harness in
            let fixture = OutboxFixture(orders: 30, perOrder: 100)
            try await fixture.write(to: harness.database)
            try await harness.database.withConnection { try await $0.executeScript(Self.killSwitch) }
            let topic = TopicCatalog.payments

            let doomed = try harness.startRelay { configuration in
                configuration.applicationName = Self.doomedName
                configuration.batchSize = 100
            }
            try await waitUntil("the doomed relay delivered a batch it could not mark") {
                try await harness.broker.messageCount(topic: topic, partitions: 4) >= 600
            }
            try await doomed.stop()
            #expect(try await OutboxFixture.unpublished(in: harness.database) == fixture.count - 500)

            let successor = try harness.startRelay { $0.batchSize = 100 }
            try await waitUntil("every row published") { try await OutboxFixture.unpublished(in: harness.database) == 0 }
            try await successor.stop()

            let onTopic = try await harness.broker.messageCount(topic: topic, partitions: 4)
            let arrivals = OutboxFixture.Arrivals(try await harness.reader(topic: topic).read(count: Int(onTopic)))
            #expect(arrivals.total == Int(onTopic))
            #expect(arrivals.total > fixture.count, "the kill should have left delivered rows unmarked")
            #expect(arrivals.undecodable == 0)
            #expect(arrivals.headerIDMismatches == 0)
            #expect(arrivals.valuesByEventID.count == fixture.count, "every event arrived")
            #expect(arrivals.valuesByEventID.values.allSatisfy { $0.count == 1 }, "a duplicate differs from its original")
            let expected = Array(0..<Int64(fixture.perOrder))
            let firstArrivals = arrivals.firstArrivalsByOrder
            #expect(fixture.orders.allSatisfy { firstArrivals[$0] == expected })
        }
    }
}
