@testable import Kafka
import TestSupport
import Testing

/// `enqueue` hands records over before it returns, so batches handed over one after another land on a
/// partition in that order, however their delivery reports are awaited afterwards. The outbox relay
/// keeps a key's order across its in-flight batches on this.
@Suite struct EnqueueOrderTests {
    @Test(.timeLimit(.minutes(1)))
    func batchesLandInTheOrderTheyWereHandedOver() async throws {
        let broker = try KafkaTesting.broker()
        let topic = KafkaTesting.unique("enqueue-order")
        try broker.createTopic(topic, partitions: 1)
        let producer = try KafkaTesting.producer(broker)
        let batches = 20, perBatch = 50
        var deliveries: [PendingDelivery] = []
        for batch in 0..<batches {
            deliveries.append(await producer.enqueue((0..<perBatch).map { index in
                KafkaRecord(topic: topic, key: Array("one-key".utf8), value: Array("\(batch * perBatch + index)".utf8))
            }))
        }

        // Newest first and all at once: waiting order must not matter.
        let reports = await withTaskGroup(of: (Int, [Result<DeliveryReport, KafkaError>]).self) { group in
            for (batch, delivery) in deliveries.enumerated().reversed() {
                group.addTask { (batch, await delivery.outcomes()) }
            }
            var byBatch: [Int: [Result<DeliveryReport, KafkaError>]] = [:]
            for await (batch, outcomes) in group { byBatch[batch] = outcomes }
            return byBatch
        }

        for batch in 0..<batches {
            let offsets = try #require(reports[batch]).map { try $0.get().offset }
            #expect(offsets == (0..<perBatch).map { Int64(batch * perBatch + $0) }, "batch \(batch)")
        }
        await producer.close()
        broker.shutdown()
    }

    @Test(.timeLimit(.minutes(1)))
    func nothingToHandOverHasNoOutcomes() async throws {
        let broker = try KafkaTesting.broker()
        let producer = try KafkaTesting.producer(broker)
        #expect(await producer.enqueue([]).outcomes().isEmpty)
        await producer.close()
        broker.shutdown()
    }
}
