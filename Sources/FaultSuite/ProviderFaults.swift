import LocalStack
import PaymentProvider

/// The payment provider misbehaving for a while, then healthy again: down (every call refused), slow
/// (latency up to twice the client's deadline, some calls hanging), or flaky (a share of 5xx). The faults
/// start a third into the publish window, so they meet a pipeline at work; their end is the moment the
/// recovery time counts from.
struct ProviderFaults: FaultInjector {
    let plan: FaultScenarioPlan

    /// The provider's faults for a scenario.
    static func settings(for scenario: FaultScenario, lasting duration: Duration) -> FaultSettings {
        switch scenario {
        case .providerSlow:
            // Uniform 0…2 s: p99 near 2 s, half the calls past a 1 s deadline; and a few that hang.
            FaultSettings(latencyMs: 1_000, jitterMs: 1_000, hangRate: 0.05)
        case .providerFlaky:
            FaultSettings(errorRate: 0.2)
        default:
            FaultSettings(downForMs: Int(duration.components.seconds) * 1000 + Int(duration.components.attoseconds / 1_000_000_000_000_000))
        }
    }

    func inject(into stack: FaultScenarioStack, log: FaultLog) async throws(FaultRunError) {
        guard let provider = stack.provider else { throw .injection("the stack runs no payment provider") }
        await pause(plan.publishWindow / 3)
        let settings = Self.settings(for: plan.scenario, lasting: plan.faultDuration)
        do {
            try await provider.apply(settings)
        } catch {
            throw .injection("switching the provider's faults: \(error)")
        }
        log.record("payment provider: \(DescribeFaults.text(settings)) for \(FaultFormat.seconds(plan.faultDuration))")
        await pause(plan.faultDuration)
        do {
            try await provider.reset()
        } catch {
            throw .injection("healing the provider: \(error)")
        }
        log.record("payment provider healthy again")
        log.cleared()
    }
}

/// SIGKILL of payment replicas while their provider calls are in flight (the provider answers after a
/// delay, so a kill lands between its answer and the payment database's commit for many orders); each
/// is replaced a moment later and its orders are redelivered, called again with the same keys.
struct PaymentKills: FaultInjector {
    let plan: FaultScenarioPlan

    func inject(into stack: FaultScenarioStack, log: FaultLog) async throws(FaultRunError) {
        guard let provider = stack.provider else { throw .injection("the stack runs no payment provider") }
        do {
            try await provider.apply(FaultSettings(latencyMs: 150, jitterMs: 100))
        } catch {
            throw .injection("slowing the provider: \(error)")
        }
        log.record("payment provider answers after 50–250 ms")
        for round in 0..<plan.faultRounds {
            await pause(plan.faultInterval)
            let victims = stack.stack.processes.filter { $0.id.role == .service && $0.id.service == .payment && $0.isRunning }.map(\.id)
            guard !victims.isEmpty else { continue }
            let victim = victims[round % victims.count]
            do {
                let exit = try await stack.stack.kill(victim)
                log.record("SIGKILL \(victim) with provider calls in flight (\(exit))")
                if plan.faultDuration > .zero { try? await Task.sleep(for: plan.faultDuration) }
                try await stack.stack.replace(victim)
                log.record("\(victim) restarted and ready")
            } catch {
                throw .injection("killing or restarting \(victim): \(error)")
            }
        }
        do {
            try await provider.reset()
        } catch {
            throw .injection("healing the provider: \(error)")
        }
        log.cleared()
    }
}

enum DescribeFaults {
    static func text(_ settings: FaultSettings) -> String {
        var parts: [String] = []
        if settings.latencyMs > 0 || settings.jitterMs > 0 { parts.append("latency \(settings.latencyMs)±\(settings.jitterMs) ms") }
        if settings.errorRate > 0 { parts.append("\(Int(settings.errorRate * 100))% 5xx") }
        if settings.hangRate > 0 { parts.append("\(Int(settings.hangRate * 100))% hanging") }
        if settings.downForMs > 0 { parts.append("down") }
        if let reference = settings.failReference { parts.append("503 for reference \(reference)") }
        return parts.isEmpty ? "healthy" : parts.joined(separator: ", ")
    }
}
