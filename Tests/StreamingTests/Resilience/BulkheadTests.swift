import Streaming
import Synchronization
import Testing

@Suite struct BulkheadTests {
    @Test func atMostTheBoundRunsAtOnceAndWaitersGetTheFreedPlaces() async throws {
        let bulkhead = Bulkhead(name: "b", maxConcurrentCalls: 3, maxWait: .seconds(30))
        let peak = Peak()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<12 {
                group.addTask {
                    try await bulkhead.run {
                        peak.enter()
                        try await Task.sleep(for: .milliseconds(20))
                        peak.leave()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(peak.most == 3)
        #expect(bulkhead.inUse == 0)
    }

    @Test func aCallThatFindsNoPlaceInTimeIsRefused() async throws {
        let bulkhead = Bulkhead(name: "b", maxConcurrentCalls: 1, maxWait: .milliseconds(50))
        let release = AsyncStream<Void>.makeStream()
        let holder = Task { try await bulkhead.run { for await _ in release.stream { break } } }
        while bulkhead.inUse == 0 { try await Task.sleep(for: .milliseconds(5)) }
        await #expect(throws: BulkheadFull.self) { try await bulkhead.run { 1 } }
        release.continuation.yield()
        try await holder.value
        #expect(try await bulkhead.run { 2 } == 2)
    }
}

/// The most tasks inside at once.
final class Peak: Sendable {
    private let counts = Mutex((now: 0, most: 0))

    func enter() { counts.withLock { $0.now += 1; $0.most = max($0.most, $0.now) } }
    func leave() { counts.withLock { $0.now -= 1 } }
    var most: Int { counts.withLock { $0.most } }
}
