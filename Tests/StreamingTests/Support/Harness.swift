import Foundation
import Streaming
import Synchronization
import TestSupport

/// A scratch database and a dev broker for one test, and the loops and relays it starts; all stopped
/// and removed when the test ends, whether it passed or not.
final class Harness: Sendable {
    let database: ScratchDatabase
    let broker: TestBroker
    private let cleanups = Mutex<[@Sendable () async -> Void]>([])

    private init(database: ScratchDatabase, broker: TestBroker) {
        self.database = database
        self.broker = broker
    }

    static func with<T: Sendable>(
        ordersPartitions: Int32 = 2, _ body: (Harness) async throws -> T
    ) async throws -> T {
        let database = try await ScratchDatabase.create()
        let broker: TestBroker
        do {
            broker = try TestBroker.start(ordersPartitions: ordersPartitions)
        } catch {
            await database.drop()
            throw error
        }
        let harness = Harness(database: database, broker: broker)
        do {
            let value = try await body(harness)
            await harness.tearDown()
            return value
        } catch {
            await harness.tearDown()
            throw error
        }
    }

    /// Runs `cleanup` at tear-down (latest first) unless the test ran it already; cleanups must be idempotent.
    func onTearDown(_ cleanup: @escaping @Sendable () async -> Void) {
        cleanups.withLock { $0.append(cleanup) }
    }

    func startLoop(
        group: String, handlers: EventHandlers, gates: [any ConsumeGate] = [],
        configure: (inout ConsumerLoopConfiguration) -> Void = { _ in }
    ) throws -> RunningLoop {
        let loop = RunningLoop(try LoopParts(
            broker: broker, database: database, group: group, handlers: handlers, gates: gates, configure: configure))
        onTearDown { await loop.stopQuietly() }
        return loop
    }

    func reader(topic: String) throws -> TopicReader {
        let reader = try TopicReader(broker, topic: topic)
        onTearDown { await reader.close() }
        return reader
    }

    private func tearDown() async {
        for cleanup in cleanups.withLock({ $0.reversed() }) { await cleanup() }
        broker.shutdown()
        await database.drop()
    }
}
