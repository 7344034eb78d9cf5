import Histogram
import Synchronization

/// A latency distribution in microseconds (HdrHistogram, 3 significant digits), safe to record into
/// from several threads.
public final class LatencyRecorder: Sendable {
    private let histogram = Mutex(Histogram<UInt64>(highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: .three))

    public init() {}

    public func record(_ duration: Duration) {
        let microseconds = duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000
        let clamped = UInt64(clamping: max(0, min(microseconds, 600_000_000)))
        histogram.withLock { _ = $0.record(clamped) }
    }

    public var count: Int { Int(histogram.withLock { $0.totalCount }) }

    public func summary(_ label: String) -> LatencySummary {
        histogram.withLock { h in
            LatencySummary(
                label: label, count: Int(h.totalCount),
                p50: Double(h.valueAtPercentile(50)) / 1000, p95: Double(h.valueAtPercentile(95)) / 1000,
                p99: Double(h.valueAtPercentile(99)) / 1000, max: Double(h.max) / 1000)
        }
    }
}
