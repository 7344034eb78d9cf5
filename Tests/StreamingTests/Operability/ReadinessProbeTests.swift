import Synchronization
import Testing

@testable import Streaming

@Suite("ReadinessProbe")
struct ReadinessProbeTests {
    @Test func checksRunConcurrently() async {
        let probe = ReadinessProbe(
            checks: (0..<4).map { index in
                ReadinessCheck(name: "slow-\(index)") { try await Task.sleep(for: .milliseconds(300)) }
            },
            timeout: .seconds(5))
        let started = ContinuousClock.now
        let report = await probe.evaluate()
        #expect(report.isReady)
        #expect(ContinuousClock.now - started < .milliseconds(1100))
    }

    @Test func aCheckThatIgnoresCancellationStillTimesOut() async {
        // Stands in for a blocking C call: it neither checks nor honours cancellation.
        let release = Mutex(false)
        let probe = ReadinessProbe(
            checks: [
                ReadinessCheck(name: "stubborn") {
                    while !release.withLock({ $0 }) {
                        await withCheckedContinuation { continuation in
                            Task.detached {
                                try? await Task.sleep(for: .milliseconds(20))
                                continuation.resume()
                            }
                        }
                    }
                }
            ],
            timeout: .milliseconds(100))
        let started = ContinuousClock.now
        let report = await probe.evaluate()
        release.withLock { $0 = true }
        #expect(ContinuousClock.now - started < .seconds(2))
        #expect(report.results == [.init(name: "stubborn", outcome: .timedOut(.milliseconds(100)))])
        #expect(report.json == #"{"status":"not ready","checks":{"stubborn":"timed out after 100 ms"}}"#)
    }

    @Test func noChecksMeansReady() async {
        let report = await ReadinessProbe(checks: []).evaluate()
        #expect(report.isReady)
        #expect(report.json == #"{"status":"ready","checks":{}}"#)
    }
}
