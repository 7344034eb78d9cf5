import Synchronization
import Testing

@testable import Streaming

@Suite("ReadinessProbe")
struct ReadinessProbeTests {
    @Test func checksRunConcurrently() async {
        // Each check waits until every check has started: run one after another, the first would wait
        // alone until its timeout and the report would say not ready.
        let started = Atomic<Int>(0)
        let probe = ReadinessProbe(
            checks: (0..<4).map { index in
                ReadinessCheck(name: "waits-for-all-\(index)") {
                    started.add(1, ordering: .relaxed)
                    while started.load(ordering: .relaxed) < 4 { try await Task.sleep(for: .milliseconds(5)) }
                }
            },
            timeout: .seconds(10))
        let report = await probe.evaluate()
        #expect(report.isReady)
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
        // Not left hanging on the stubborn check (a generous bound: the point is that it returns at all).
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(report.results == [.init(name: "stubborn", outcome: .timedOut(.milliseconds(100)))])
        #expect(report.json == #"{"status":"not ready","checks":{"stubborn":"timed out after 100 ms"}}"#)
    }

    @Test func noChecksMeansReady() async {
        let report = await ReadinessProbe(checks: []).evaluate()
        #expect(report.isReady)
        #expect(report.json == #"{"status":"ready","checks":{}}"#)
    }

    @Test func detailsAreReadAtEachReportAndDoNotDecideReadiness() async {
        let parked = Atomic<Int>(0)
        let probe = ReadinessProbe(checks: [], details: {
            let count = parked.load(ordering: .relaxed)
            return count == 0 ? [] : [("parked", "\(count) message(s)")]
        })
        #expect(await probe.evaluate().json == #"{"status":"ready","checks":{}}"#)
        parked.store(2, ordering: .relaxed)
        let report = await probe.evaluate()
        #expect(report.isReady)
        #expect(report.json == #"{"status":"ready","checks":{},"details":{"parked":"2 message(s)"}}"#)
    }
}
