import Synchronization

/// Work completed so far, bumped from any thread and sampled by a `ThroughputSampler`.
public final class ProgressCounter: Sendable {
    private let value = Atomic<Int>(0)
    private let firstAt = Mutex<ContinuousClock.Instant?>(nil)
    private let lastAt = Mutex<ContinuousClock.Instant?>(nil)

    public init() {}

    /// Adding nothing changes nothing: an empty poll must not move `last`, which ends a run's timing.
    public func add(_ count: Int = 1) {
        guard count > 0 else { return }
        let now = ContinuousClock.now
        if value.add(count, ordering: .relaxed).oldValue == 0 {
            firstAt.withLock { if $0 == nil { $0 = now } }
        }
        lastAt.withLock { $0 = now }
    }

    public var count: Int { value.load(ordering: .relaxed) }
    /// When the first unit of work was counted: rates start there, so start-up (group joins, connects) is left out.
    public var first: ContinuousClock.Instant? { firstAt.withLock { $0 } }
    public var last: ContinuousClock.Instant? { lastAt.withLock { $0 } }
}

/// Samples a counter at a fixed interval while a run goes on.
public final class ThroughputSampler: Sendable {
    private let counter: ProgressCounter
    private let interval: Duration
    private let samples = Mutex<[Int]>([])

    public init(counter: ProgressCounter, interval: Duration = .milliseconds(250)) {
        self.counter = counter
        self.interval = interval
    }

    /// Samples until the task is cancelled.
    public func run() async {
        var previous = counter.count
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { break }
            let current = counter.count
            samples.withLock { $0.append(current - previous) }
            previous = current
        }
    }

    /// Rates per interval, starting at the first interval with work done and ending at the last one.
    public func series(_ label: String) -> ThroughputSeries {
        let seconds = interval.inSeconds
        var counts = samples.withLock { $0 }
        while let first = counts.first, first == 0 { counts.removeFirst() }
        while let last = counts.last, last == 0 { counts.removeLast() }
        return ThroughputSeries(label: label, intervalSeconds: seconds, rates: counts.map { Double($0) / seconds })
    }
}

extension Duration {
    var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
