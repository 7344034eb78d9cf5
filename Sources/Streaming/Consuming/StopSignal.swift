import Synchronization

/// Tells a batch that runs shielded from cancellation (see `ConsumeLoop.run`) that the loop was asked
/// to stop, so its retry waits end early instead of holding up shutdown.
final class StopSignal: Sendable {
    private let raised = Atomic<Bool>(false)

    func raise() { raised.store(true, ordering: .releasing) }

    var isRaised: Bool { raised.load(ordering: .acquiring) }
}
