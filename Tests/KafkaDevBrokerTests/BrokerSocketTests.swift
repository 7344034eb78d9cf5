import Kafka
@testable import KafkaDevBroker
import TestSupport
import Testing

/// The dev broker's connections run with Nagle's algorithm off, like a Kafka broker's: with it on,
/// every produce batch spread over several partitions stalled on a delayed ACK.
@Suite struct BrokerSocketTests {
    @Test(.timeLimit(.minutes(1)))
    func brokerSideConnectionsHaveNoDelaySet() async throws {
        let broker = try KafkaTesting.broker()
        let topic = KafkaTesting.unique("nodelay")
        try broker.createTopic(topic, partitions: 4)
        let producer = try KafkaTesting.producer(broker)
        _ = await producer.send(KafkaTesting.records(topic: topic, count: 20))

        // Looks at the real sockets of this process; the broker's own thread is what sets the option.
        let inspector = BrokerSocketTuner(bootstrapServers: broker.bootstrapServers)
        var connections: [Int32] = []
        for _ in 0..<100 {
            connections = inspector.brokerConnections()
            if connections.count >= 2, connections.allSatisfy(BrokerSocketTuner.noDelay) { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        // The listener and the producer's connection at least.
        #expect(connections.count >= 2)
        #expect(connections.allSatisfy(BrokerSocketTuner.noDelay))
        await producer.close()
        broker.shutdown()
    }
}
