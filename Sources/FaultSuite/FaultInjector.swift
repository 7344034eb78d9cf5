/// Injects one scenario's faults while the orders flow, and returns once it is done with them.
protocol FaultInjector: Sendable {
    func inject(into stack: FaultScenarioStack, log: FaultLog) async throws(FaultRunError)
}

extension FaultInjector {
    func pause(_ duration: Duration) async {
        guard duration > .zero else { return }
        try? await Task.sleep(for: duration)
    }
}
