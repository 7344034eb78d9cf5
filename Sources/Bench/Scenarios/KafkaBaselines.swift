import Events
import Foundation
import Kafka
import Streaming
import Synchronization

/// Raw client rates on the bench's broker: what librdkafka does with nothing of the runtime around it.
struct KafkaBaselines {
    let context: BenchContext

    struct Rate: Sendable {
        var records: Int
        var seconds: Double
        var usage: RunUsage
        var series: ThroughputSeries
        var rate: Double { seconds > 0 ? Double(records) / seconds : 0 }
    }

    /// Produces `rawRecords` records the size of an outbox row to a fresh topic with the runtime's
    /// producer settings (idempotent, acks=all, linger 5 ms), all enqueued at once.
    func producerRate() async throws -> Rate {
        context.log("baselines: producer")
        let topic = context.names.rawProduce
        let keys = RelayWorkload.keys(max(1, context.options.relayKeys))
        let value = try HandlerWorkload.sampleOutboxValue()
        let records = (0..<context.options.rawRecords).map { index in
            KafkaRecord(topic: topic, key: Array(keys[index % keys.count].utf8), value: value,
                        headers: [KafkaHeader(key: EventHeaders.type, string: "payment.authorized")])
        }
        let producer = try KafkaProducer(configuration: BenchKafka.producer(context), logger: context.logger)
        // A first record opens the connection and fetches metadata, which a running service has done long before.
        _ = try await producer.send(records[0])
        let progress = ProgressCounter()
        let sampler = ThroughputSampler(counter: progress)
        let samplerTask = Task { await sampler.run() }
        let meter = UsageMeter(context: context)
        let started = ContinuousClock.now
        var failures = 0
        var index = 1
        // Chunks let the sampler see progress; each chunk is still enqueued in one go.
        while index < records.count {
            let end = min(records.count, index + 5_000)
            let results = await producer.send(Array(records[index..<end]))
            failures += results.filter { if case .failure = $0 { true } else { false } }.count
            progress.add(end - index)
            index = end
        }
        let seconds = (ContinuousClock.now - started).inSeconds
        let usage = meter.finish(events: records.count - 1)
        samplerTask.cancel()
        await producer.close()
        if failures > 0 { throw BenchError("producer baseline", "\(failures) record(s) failed to deliver") }
        return Rate(records: records.count - 1, seconds: seconds, usage: usage, series: sampler.series("raw producer"))
    }

    /// Reads a whole pre-filled topic with a fresh group, storing and committing offsets per batch as the
    /// consume loop does, but with no handling.
    func consumerRate(topic: String, expected: Int) async throws -> Rate {
        context.log("baselines: consumer")
        let joined = RebalanceTracker()
        let consumer = try KafkaConsumer(
            configuration: BenchKafka.consumer(context, group: "bench-raw-consume-\(UUID().uuidString.prefix(8))"),
            logger: context.logger, onRebalance: { joined.handle($0) })
        try consumer.subscribe(topics: [topic])
        let progress = ProgressCounter()
        let sampler = ThroughputSampler(counter: progress)
        let samplerTask = Task { await sampler.run() }
        let meter = UsageMeter(context: context)
        let deadline = ContinuousClock.now + context.options.maxRunDuration + .seconds(10)
        while progress.count < expected, ContinuousClock.now < deadline {
            let messages = try await consumer.poll(maxMessages: 500, maxWait: .milliseconds(100))
            guard !messages.isEmpty else { continue }
            try consumer.store(messages)
            try await consumer.commit()
            progress.add(messages.count)
        }
        let seconds = progress.first.flatMap { first in progress.last.map { ($0 - first).inSeconds } } ?? 0
        let usage = meter.finish(events: progress.count)
        samplerTask.cancel()
        await consumer.close()
        guard progress.count >= expected else {
            throw BenchError("consumer baseline", "read \(progress.count) of \(expected) records before the deadline")
        }
        return Rate(records: progress.count, seconds: seconds, usage: usage, series: sampler.series("raw consumer"))
    }

    /// One record at a time at a steady pace, each timed from send to the moment a consumer (already a
    /// member of its group) polls it: the broker hop every saga step pays.
    func produceToConsumeLatency() async throws -> LatencySummary {
        context.log("baselines: produce → consume latency")
        let topic = context.names.rawLatency
        let recorder = LatencyRecorder()
        let sent = Mutex<[Int: ContinuousClock.Instant]>([:])
        let joined = RebalanceTracker()
        let consumer = try KafkaConsumer(
            configuration: BenchKafka.consumer(context, group: "bench-raw-latency-\(UUID().uuidString.prefix(8))"),
            logger: context.logger, onRebalance: { joined.handle($0) })
        try consumer.subscribe(topics: [topic])
        let received = ProgressCounter()
        let consumeTask = Task {
            while !Task.isCancelled {
                let messages = try await consumer.poll(maxMessages: 100, maxWait: .milliseconds(100))
                let now = ContinuousClock.now
                for message in messages {
                    guard let value = message.value, let index = Int(String(decoding: value, as: UTF8.self)),
                          let start = sent.withLock({ $0.removeValue(forKey: index) }) else { continue }
                    recorder.record(now - start)
                }
                received.add(messages.count)
            }
        }
        let joinDeadline = ContinuousClock.now + .seconds(15)
        while !joined.hasJoined, ContinuousClock.now < joinDeadline { try await Task.sleep(for: .milliseconds(20)) }
        let producer = try KafkaProducer(configuration: BenchKafka.producer(context), logger: context.logger)
        _ = try await producer.send(KafkaRecord(topic: topic, key: Array("warm-up".utf8), value: Array("-1".utf8)))
        let keys = RelayWorkload.keys(64)
        // Sends are not awaited one by one: a saga step does not wait for its own delivery report either.
        let pace = Duration.milliseconds(2)
        var deliveries: [Task<Void, Never>] = []
        for index in 0..<context.options.latencyProbes {
            let record = KafkaRecord(topic: topic, key: Array(keys[index % keys.count].utf8), value: Array(String(index).utf8))
            sent.withLock { $0[index] = .now }
            deliveries.append(Task { _ = try? await producer.send(record) })
            try await Task.sleep(for: pace)
        }
        for delivery in deliveries { await delivery.value }
        let deadline = ContinuousClock.now + .seconds(10)
        while recorder.count < context.options.latencyProbes, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        consumeTask.cancel()
        _ = await consumeTask.result
        await consumer.close()
        await producer.close()
        return recorder.summary("raw produce → consume")
    }
}
