import Events
import Foundation
import Kafka
import Logging
import ServiceLifecycle
import Streaming
import TestSupport
import Testing

/// Graceful shutdown in the middle of a stream finishes the batch in hand and commits exactly what was
/// processed: the committed offset matches the effects, and a restart neither loses nor repeats anything.
@Suite(.serialized) struct GracefulShutdownTests {
    @Test(.timeLimit(.minutes(1)))
    func shutdownMidStreamCommitsWhatWasProcessedAndNothingMore() async throws {
        try await Harness.with(ordersPartitions: 1) { harness in
            let count = 200
            let samples = try (0..<count).map { try TestEvents.confirmed(amount: Int64($0)) }
            try await harness.broker.send(samples.map { TestEvents.record($0) })
            let group = uniqueName("shutdown")
            // Slow handling and small batches, so the shutdown lands mid-stream with a batch in hand.
            let slow = Ledger.handlers { _, _, _ in try await Task.sleep(for: .milliseconds(10)) }
            let parts = try LoopParts(
                broker: harness.broker, database: harness.database, group: group, handlers: slow
            ) { $0.batchSize = 10 }
            let serviceGroup = ServiceGroup(configuration: .init(
                services: [.init(service: parts.loop, successTerminationBehavior: .gracefullyShutdownGroup)],
                logger: TestLogging.logger("test.group")))
            let running = Task { try await serviceGroup.run() }

            try await waitUntil("part of the stream processed") { try await Ledger.rows(in: harness.database) >= 30 }
            await serviceGroup.triggerGracefulShutdown()
            try await running.value
            await parts.close()

            let committed = try #require(try await harness.broker.committedOffsets(group: group, topic: TestEvents.topic)[0] ?? nil)
            let processed = try await Ledger.amounts(in: harness.database)
            #expect(committed >= 30 && committed < Int64(count), "the shutdown should land mid-stream")
            #expect(processed == Array(0..<committed), "committed offset \(committed), processed \(processed.count)")

            // The next incarnation starts where the first stopped: nothing lost, nothing repeated.
            let restarted = try harness.startLoop(group: group, handlers: Ledger.handlers())
            try await waitUntil("the rest of the stream processed") { try await Ledger.rows(in: harness.database) >= count }
            try await restarted.stop()
            #expect(try await Ledger.amounts(in: harness.database) == Array(0..<Int64(count)))
            #expect(restarted.metrics.total(MetricNames.duplicates) == 0)
        }
    }
}
