import Synchronization

/// The provider's current faults, shared by the request path and the admin endpoint.
public final class FaultSwitch: Sendable {
    /// What one request suffers.
    enum Fate: Sendable, Equatable {
        case proceed(after: Duration)
        case fail(after: Duration)
        case hang
    }

    private struct State {
        var settings = FaultSettings.healthy
        var downUntil: ContinuousClock.Instant?
        /// Counts resets, so a hanging request learns that the provider recovered.
        var generation = 0
    }

    private let state = Mutex(State())
    /// Longest a hanging request hangs when nobody resets the faults.
    let hangLimit: Duration

    public init(hangLimit: Duration = .seconds(300)) {
        self.hangLimit = hangLimit
    }

    /// Replaces the faults; `downForMs` counts from now.
    public func apply(_ settings: FaultSettings) {
        state.withLock { state in
            state.settings = settings
            state.downUntil = settings.downForMs > 0 ? .now + .milliseconds(settings.downForMs) : nil
            state.generation += 1
        }
    }

    /// Back to healthy at once: no latency, no errors, hanging requests let go, up again.
    public func reset() { apply(.healthy) }

    /// The faults in force; `downForMs` is what is left of the outage.
    public var current: FaultSettings {
        state.withLock { state in
            var settings = state.settings
            settings.downForMs = state.downUntil.map { max(0, ($0 - .now).wholeMilliseconds) } ?? 0
            return settings
        }
    }

    /// True while the provider refuses its API.
    public var isDown: Bool {
        state.withLock { state in
            guard let until = state.downUntil else { return false }
            return ContinuousClock.now < until
        }
    }

    var generation: Int { state.withLock { $0.generation } }

    /// Draws the fate of one request from the faults in force.
    func draw<G: RandomNumberGenerator>(using generator: inout G) -> Fate {
        let settings = state.withLock { $0.settings }
        if settings.hangRate > 0, Double.random(in: 0..<1, using: &generator) < settings.hangRate { return .hang }
        let spread = settings.jitterMs > 0 ? Int.random(in: -settings.jitterMs...settings.jitterMs, using: &generator) : 0
        let delay = Duration.milliseconds(max(0, settings.latencyMs + spread))
        if settings.errorRate > 0, Double.random(in: 0..<1, using: &generator) < settings.errorRate { return .fail(after: delay) }
        return .proceed(after: delay)
    }
}

extension Duration {
    var wholeMilliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
