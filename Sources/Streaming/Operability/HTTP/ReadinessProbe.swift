import Synchronization

/// Runs every readiness check concurrently, each bounded by a timeout.
public struct ReadinessProbe: Sendable {
    public var checks: [ReadinessCheck]
    public var timeout: Duration
    /// Configuration an operator should know about that does not make the process unready (the
    /// order API running without authentication, say); shown in every report.
    public var warnings: [String]
    /// What the process reports about its dependencies without being unready because of them (a circuit
    /// breaker: the process is healthy and serving, its consumption paused until the dependency is back).
    public var dependencies: [ReadinessDetail]
    /// Figures worth a look that do not decide readiness (parked messages, say), read at each report.
    public var details: @Sendable () -> [(name: String, value: String)]

    public init(
        checks: [ReadinessCheck], timeout: Duration = .seconds(2), warnings: [String] = [], dependencies: [ReadinessDetail] = [],
        details: @escaping @Sendable () -> [(name: String, value: String)] = { [] }
    ) {
        self.checks = checks
        self.timeout = timeout
        self.warnings = warnings
        self.dependencies = dependencies
        self.details = details
    }

    public func evaluate() async -> ReadinessReport {
        let timeout = timeout
        let outcomes = await withTaskGroup(of: (Int, ReadinessOutcome).self) { group in
            for (index, check) in checks.enumerated() {
                group.addTask { (index, await Self.run(check, timeout: timeout)) }
            }
            var collected = [ReadinessOutcome?](repeating: nil, count: checks.count)
            for await (index, outcome) in group {
                collected[index] = outcome
            }
            return collected
        }
        let results = zip(checks, outcomes).map { check, outcome in
            ReadinessReport.Result(name: check.name, outcome: outcome ?? .failed("did not report"))
        }
        return ReadinessReport(
            results: results, warnings: warnings,
            dependencies: dependencies.map { ReadinessReport.Dependency(name: $0.name, status: $0.status()) },
            details: details().map { .init(name: $0.name, value: $0.value) })
    }

    /// The check runs in its own task so a check that ignores cancellation (a blocking C call behind a
    /// continuation, say) cannot hold the response past the timeout; it is cancelled and left to finish.
    static func run(_ check: ReadinessCheck, timeout: Duration) async -> ReadinessOutcome {
        let gate = OutcomeGate()
        var timer: Task<Void, Never>?
        let outcome = await withCheckedContinuation { (continuation: CheckedContinuation<ReadinessOutcome, Never>) in
            gate.arm(continuation)
            let work = Task {
                do {
                    try await check.check()
                    gate.finish(.ok)
                } catch {
                    gate.finish(.failed(String(describing: error)))
                }
            }
            timer = Task {
                try? await Task.sleep(for: timeout)
                if gate.finish(.timedOut(timeout)) {
                    work.cancel()
                }
            }
        }
        timer?.cancel()
        return outcome
    }
}

public enum ReadinessOutcome: Sendable, Equatable {
    case ok
    case failed(String)
    case timedOut(Duration)

    public var isOK: Bool { self == .ok }

    public var message: String {
        switch self {
        case .ok: "ok"
        case .failed(let message): message.isEmpty ? "failed" : message
        case .timedOut(let timeout): "timed out after \(Self.milliseconds(timeout)) ms"
        }
    }

    private static func milliseconds(_ d: Duration) -> Int64 {
        d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000
    }
}

public struct ReadinessReport: Sendable, Equatable {
    public struct Result: Sendable, Equatable {
        public var name: String
        public var outcome: ReadinessOutcome
    }

    /// A dependency's state, reported beside the checks; it never makes the process unready.
    public struct Dependency: Sendable, Equatable {
        public var name: String
        public var status: String
    }

    public struct Detail: Sendable, Equatable {
        public var name: String
        public var value: String
    }

    public var results: [Result]
    public var warnings: [String] = []
    public var dependencies: [Dependency] = []
    public var details: [Detail] = []

    public var isReady: Bool { results.allSatisfy { $0.outcome.isOK } }

    /// `{"status":"ready"|"not ready","checks":{"<name>":"ok"|"<message>", ...}}`, plus
    /// `"warnings":["…"]`, `"dependencies":{"<name>":"<status>"}` and `"details":{"<name>":"…"}` when
    /// there are any.
    public var json: String {
        var text = "{\"status\":\"\(isReady ? "ready" : "not ready")\""
        Self.appendObject("checks", results.map { ($0.name, $0.outcome.message) }, to: &text, evenIfEmpty: true)
        if !warnings.isEmpty {
            text += ",\"warnings\":["
            for (index, warning) in warnings.enumerated() {
                if index > 0 { text += "," }
                JSONLineBuilder.appendQuoted(warning, to: &text)
            }
            text += "]"
        }
        Self.appendObject("dependencies", dependencies.map { ($0.name, $0.status) }, to: &text)
        Self.appendObject("details", details.map { ($0.name, $0.value) }, to: &text)
        return text + "}"
    }

    /// `,"<key>":{"<name>":"<value>",...}`, left out when there is nothing to say unless `evenIfEmpty`.
    private static func appendObject(_ key: String, _ pairs: [(String, String)], to text: inout String, evenIfEmpty: Bool = false) {
        guard evenIfEmpty || !pairs.isEmpty else { return }
        text += ",\"\(key)\":{"
        for (index, (name, value)) in pairs.enumerated() {
            if index > 0 { text += "," }
            JSONLineBuilder.appendQuoted(name, to: &text)
            text += ":"
            JSONLineBuilder.appendQuoted(value, to: &text)
        }
        text += "}"
    }
}

/// Lets exactly one of "the check finished" and "the timer fired" resume the waiting request.
/// `arm` runs before either task exists, so `finish` always finds the continuation or nothing.
private final class OutcomeGate: Sendable {
    private let waiting = Mutex<CheckedContinuation<ReadinessOutcome, Never>?>(nil)

    func arm(_ continuation: CheckedContinuation<ReadinessOutcome, Never>) {
        waiting.withLock { $0 = continuation }
    }

    /// Returns true when this call decided the outcome.
    @discardableResult
    func finish(_ outcome: ReadinessOutcome) -> Bool {
        let continuation = waiting.withLock { waiting in
            defer { waiting = nil }
            return waiting
        }
        continuation?.resume(returning: outcome)
        return continuation != nil
    }
}
