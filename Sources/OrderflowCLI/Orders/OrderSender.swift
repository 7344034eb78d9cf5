import Events
import Foundation
import Kafka
import OrderTraffic

/// The produce loop: generates orders, spends rate tokens, sends in batches with several batches in
/// flight, and records each order's acknowledgement.
struct OrderSender {
    var producer: KafkaProducer
    var generator: OrderGenerator
    var topic: String
    var schemaVersion: Int
    var count: Int
    var rate: Double?
    var tally: ProducedOrders

    static let maxBatch = 500
    /// Batches awaiting their delivery reports. Generous, so slow acknowledgements never hold back the rate.
    static let maxInFlight = 64

    /// Returns when every order was sent and acknowledged (or failed), or early on Ctrl-C.
    func run() async throws(CLIError) {
        var generator = generator
        let clock = ContinuousClock()
        var bucket = TokenBucket(rate: rate, now: clock.now)
        var produced = 0
        var encodingError: CLIError?
        await withTaskGroup(of: Void.self) { group in
            var inFlight = 0
            while produced < count, !Interrupt.requested, encodingError == nil {
                let granted = bucket.take(upTo: min(Self.maxBatch, count - produced), now: clock.now)
                guard granted > 0 else {
                    try? await Task.sleep(for: max(.milliseconds(1), min(bucket.waitForNext, .milliseconds(50))))
                    continue
                }
                let now = Date()
                let orders = (0..<granted).map { _ in generator.next(at: now) }
                var records: [KafkaRecord] = []
                do throws(CLIError) {
                    for order in orders {
                        records.append(try OrderRequestEncoding.record(for: order, version: schemaVersion, topic: topic))
                    }
                } catch {
                    encodingError = error
                    break
                }
                if inFlight >= Self.maxInFlight {
                    await group.next()
                    inFlight -= 1
                }
                let start = tally.registerSent(orders)
                let producer = producer, tally = tally
                group.addTask {
                    let results = await producer.send(records)
                    tally.recordResults(results, startingAt: start, at: ContinuousClock().now)
                }
                inFlight += 1
                produced += granted
            }
        }
        if let encodingError { throw encodingError }
    }
}
