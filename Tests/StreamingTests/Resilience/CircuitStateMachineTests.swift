import Streaming
import Testing

/// The breaker's rules, driven by hand: no clock but the instants given, no I/O.
@Suite struct CircuitStateMachineTests {
    let start = ContinuousClock.now
    let configuration = CircuitBreakerConfiguration(
        failureRateThreshold: 50, slowCallRateThreshold: 80, slowCallDurationThreshold: .milliseconds(500),
        slidingWindowSize: 10, minimumNumberOfCalls: 4, waitDurationInOpenState: .seconds(5),
        permittedNumberOfCallsInHalfOpenState: 2)

    func at(_ seconds: Double) -> ContinuousClock.Instant { start + .milliseconds(Int(seconds * 1000)) }

    /// Makes one permitted call that ends with `result` after `duration`; returns any transition.
    @discardableResult
    func call(
        _ machine: inout CircuitStateMachine, _ result: CallResult, duration: Duration = .milliseconds(10), at time: Double = 0,
        request: String? = nil
    ) -> CircuitStateMachine.Transition? {
        let (permitted, _) = machine.acquirePermission(now: at(time), request: request)
        #expect(permitted)
        return machine.record(result, duration: duration, now: at(time), request: request)
    }

    @Test func failuresBelowTheMinimumNumberOfCallsNeverOpenIt() {
        var machine = CircuitStateMachine(configuration: configuration)
        for _ in 0..<3 { call(&machine, .failure) }
        #expect(machine.state == .closed)
    }

    @Test func theFailureRateOpensItOnceTheWindowHoldsTheMinimum() {
        var machine = CircuitStateMachine(configuration: configuration)
        call(&machine, .success)
        call(&machine, .success)
        call(&machine, .failure)
        let transition = call(&machine, .failure)
        #expect(transition?.from == .closed)
        #expect(transition?.to == .open)
        #expect(transition?.reason.contains("failure rate 50%") == true)
        #expect(machine.acquirePermission(now: at(1)).permitted == false)
    }

    @Test func theSlowCallRateOpensItToo() {
        var machine = CircuitStateMachine(configuration: configuration)
        for _ in 0..<3 { call(&machine, .success, duration: .milliseconds(700)) }
        #expect(machine.state == .closed)
        let transition = call(&machine, .success, duration: .milliseconds(900))
        #expect(transition?.to == .open)
        #expect(transition?.reason.contains("slow-call rate") == true)
    }

    @Test func theWindowSlidesOldFailuresOut() {
        var sliding = CircuitStateMachine(configuration: CircuitBreakerConfiguration(
            failureRateThreshold: 50, slidingWindowSize: 4, minimumNumberOfCalls: 4))
        call(&sliding, .failure)
        for _ in 0..<10 { call(&sliding, .success) }
        // The failure has left the window: one more failure is 25%, below the threshold.
        call(&sliding, .failure)
        #expect(sliding.state == .closed)
        #expect(sliding.rates.failure == 25)
    }

    @Test func openRefusesUntilTheWaitIsOverThenHandsOutTheProbes() {
        var machine = CircuitStateMachine(configuration: configuration)
        for _ in 0..<4 { call(&machine, .failure) }
        #expect(machine.acquirePermission(now: at(4.9)).permitted == false)
        let first = machine.acquirePermission(now: at(5))
        #expect(first.permitted)
        #expect(first.transition?.to == .halfOpen)
        #expect(machine.acquirePermission(now: at(5.1)).permitted)
        #expect(machine.acquirePermission(now: at(5.2)).permitted == false, "only two probes are permitted")
    }

    @Test func probesThatSucceedCloseIt() {
        var machine = CircuitStateMachine(configuration: configuration)
        for _ in 0..<4 { call(&machine, .failure) }
        #expect(machine.acquirePermission(now: at(6)).permitted)
        #expect(machine.acquirePermission(now: at(6)).permitted)
        #expect(machine.record(.success, duration: .milliseconds(10), now: at(6.1)) == nil, "the probes decide together")
        let transition = machine.record(.success, duration: .milliseconds(10), now: at(6.2))
        #expect(transition?.to == .closed)
        #expect(machine.rates.failure == 0)
        #expect(machine.acquirePermission(now: at(6.3)).permitted)
    }

    @Test func aFailingProbeOpensItAgainForAnotherWait() {
        var machine = CircuitStateMachine(configuration: configuration)
        for _ in 0..<4 { call(&machine, .failure) }
        _ = machine.acquirePermission(now: at(6))
        _ = machine.acquirePermission(now: at(6))
        _ = machine.record(.success, duration: .milliseconds(10), now: at(6.1))
        let transition = machine.record(.failure, duration: .milliseconds(10), now: at(6.2))
        #expect(transition?.from == .halfOpen)
        #expect(transition?.to == .open)
        #expect(machine.acquirePermission(now: at(11)).permitted == false, "a new wait starts at the reopening")
        #expect(machine.acquirePermission(now: at(11.2)).permitted)
    }

    @Test func callsEndingWhileOpenAreNotCounted() {
        var machine = CircuitStateMachine(configuration: configuration)
        let straggler = machine.acquirePermission(now: at(0))
        #expect(straggler.permitted)
        for _ in 0..<4 { call(&machine, .failure) }
        #expect(machine.record(.success, duration: .milliseconds(10), now: at(1)) == nil)
        #expect(machine.state == .open)
    }

    @Test func oneRequestFailingOverAndOverTakesOnePlaceInTheWindow() {
        var machine = CircuitStateMachine(configuration: configuration)
        for round in 0..<6 {
            for _ in 0..<3 { call(&machine, .failure, request: "charge:poisoned") }
            call(&machine, .success, request: "charge:\(round)")
        }
        #expect(machine.state == .closed, "one poisoned request among healthy ones is not an outage")
        #expect(machine.rates.failure < 20)
    }

    @Test func differentRequestsFailingStillOpenIt() {
        var machine = CircuitStateMachine(configuration: configuration)
        call(&machine, .success, request: "charge:a")
        call(&machine, .success, request: "charge:b")
        call(&machine, .failure, request: "charge:c")
        let transition = call(&machine, .failure, request: "charge:d")
        #expect(transition?.to == .open)
    }

    @Test func aRequestsLatestTryStandsForIt() {
        var machine = CircuitStateMachine(configuration: configuration)
        for request in ["a", "b", "c"] { call(&machine, .failure, request: request) }
        for request in ["a", "b", "c"] { call(&machine, .success, request: request) }
        call(&machine, .success, request: "d")
        #expect(machine.state == .closed)
        #expect(machine.rates.failure == 0, "the retries that answered replaced the failures")
    }

    @Test func aRequestProbesOnce() {
        var machine = CircuitStateMachine(configuration: configuration)
        for request in ["a", "b", "c", "d"] { call(&machine, .failure, request: request) }
        #expect(machine.state == .open)
        #expect(machine.acquirePermission(now: at(6), request: "charge:poisoned").permitted)
        #expect(machine.record(.failure, duration: .milliseconds(10), now: at(6), request: "charge:poisoned") == nil)
        #expect(machine.acquirePermission(now: at(6.1), request: "charge:poisoned").permitted == false, "its retry waits")
        #expect(machine.acquirePermission(now: at(6.1), request: "charge:healthy").permitted)
        let transition = machine.record(.success, duration: .milliseconds(10), now: at(6.2), request: "charge:healthy")
        #expect(transition?.to == .open, "one of two probes failed: 50%")
    }
}
