import LocalStack
import OrderTraffic

/// Replicas joining and leaving the consumer groups every few seconds: each move either starts a spare
/// replica (#2 or #3 of a service) or stops a running one gracefully (SIGTERM: finish the batch, commit,
/// leave the group). A graceful stop that does not end with exit status 0 within the stack's grace period
/// (30 s, as Kubernetes gives a pod) fails the scenario; how long each leave took is measured.
struct RebalanceStorm: FaultInjector {
    let plan: FaultScenarioPlan
    static let spareReplicas = [2, 3]

    func inject(into stack: FaultScenarioStack, log: FaultLog) async throws(FaultRunError) {
        var random = SplitMix64(seed: plan.seed ^ 0x57_0A4D)
        let book = ReplicaBookkeeping()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<plan.faultRounds {
                await pause(plan.faultInterval)
                let busy = book.inProgress
                let candidates = PipelineService.allCases.flatMap { service in
                    Self.spareReplicas.map { StackProcessID(service, replica: $0) }
                }.filter { !busy.contains($0) }
                guard !candidates.isEmpty else { continue }
                let member = candidates[Int(random.next() % UInt64(candidates.count))]
                if stack.stack.process(member)?.isRunning == true {
                    do {
                        let leaving = ContinuousClock.now
                        let exit = try await stack.stack.stop(member)
                        log.measure("graceful leave", .now - leaving)
                        log.record("\(member) left in \(FaultFormat.seconds(.now - leaving)) (\(exit))")
                        if !exit.succeeded { book.fail("\(member) did not stop cleanly: \(exit)") }
                    } catch {
                        book.fail("stopping \(member): \(error)")
                    }
                    log.cleared()
                } else {
                    book.begin(member)
                    log.record("\(member) joining")
                    log.cleared()
                    group.addTask {
                        do {
                            try await stack.stack.replace(member)
                            log.record("\(member) joined")
                        } catch {
                            book.fail("starting \(member): \(error)")
                        }
                        book.end(member)
                    }
                }
            }
        }
        if let failure = book.firstProblem { throw .injection(failure) }
    }
}
