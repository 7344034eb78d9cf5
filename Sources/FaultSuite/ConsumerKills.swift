import OrderTraffic

/// SIGKILL of a random consumer replica every few seconds while orders flow; the replica is restarted a
/// moment later (on a fresh port) and rejoins its group. A replica still starting up is never picked.
struct ConsumerKills: FaultInjector {
    let plan: FaultScenarioPlan

    func inject(into stack: FaultScenarioStack, log: FaultLog) async throws(FaultRunError) {
        var random = SplitMix64(seed: plan.seed ^ 0xC0FFEE)
        let book = ReplicaBookkeeping()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<plan.faultRounds {
                await pause(plan.faultInterval)
                let busy = book.inProgress
                let candidates = stack.stack.processes
                    .filter { $0.id.role == .service && $0.isRunning && !busy.contains($0.id) }
                    .map(\.id)
                guard !candidates.isEmpty else { continue }
                let victim = candidates[Int(random.next() % UInt64(candidates.count))]
                do {
                    let exit = try await stack.stack.kill(victim)
                    log.record("SIGKILL \(victim) (\(exit))")
                    log.cleared()
                } catch {
                    book.fail("killing \(victim): \(error)")
                    continue
                }
                book.begin(victim)
                let restartDelay = plan.faultDuration
                group.addTask {
                    if restartDelay > .zero { try? await Task.sleep(for: restartDelay) }
                    do {
                        try await stack.stack.replace(victim)
                        log.record("\(victim) restarted and ready")
                    } catch {
                        book.fail("restarting \(victim): \(error)")
                    }
                    book.end(victim)
                }
            }
        }
        if let failure = book.firstProblem { throw .injection(failure) }
    }
}
