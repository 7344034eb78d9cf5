import Kafka

/// Sends records spread evenly over a window, in order, a slice every tick, waiting for each slice's
/// delivery reports. A slow broker slows the pace rather than piling records up; nothing is dropped.
struct PacedPublisher: Sendable {
    let producer: KafkaProducer
    var tick: Duration = .milliseconds(200)

    func publish(_ records: [KafkaRecord], over window: Duration) async throws(FaultRunError) {
        guard !records.isEmpty else { return }
        let ticks = max(1, Int(window / tick))
        let perTick = max(1, (records.count + ticks - 1) / ticks)
        let started = ContinuousClock.now
        var sent = 0
        var round = 0
        while sent < records.count {
            let slice = Array(records[sent..<min(records.count, sent + perTick)])
            for (record, result) in zip(slice, await producer.send(slice)) {
                if case .failure(let error) = result {
                    throw .publishing("record for \(record.topic) not delivered: \(error)")
                }
            }
            sent += slice.count
            round += 1
            let due = started + tick * round
            if due > .now { try? await Task.sleep(until: due, clock: .continuous) }
        }
    }
}
