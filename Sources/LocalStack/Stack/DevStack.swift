import Foundation
import Postgres
import Synchronization

/// The whole pipeline as child processes: every service (at its scale) and the outbox relays of every
/// service database, on a given broker and Postgres server. Output lines are prefixed with the process
/// name; startup waits until every `/readyz` answers 200; `stop()` ends them gracefully (SIGTERM, then
/// SIGKILL after the grace period). Nothing is left running when startup fails.
public final class DevStack: Sendable {
    public let configuration: DevStackConfiguration
    private let running = Mutex<[StackProcessID: RunningProcess]>([:])

    private struct RunningProcess: Sendable {
        var child: ChildProcess
        var httpPort: Int
        /// Set when we end it on purpose, so its exit is not reported as a crash.
        var stopping: Bool
    }

    private init(configuration: DevStackConfiguration) {
        self.configuration = configuration
    }

    /// Topics, databases, then every process; returns once all are ready.
    public static func start(_ configuration: DevStackConfiguration) async throws(DevStackError) -> DevStack {
        let missing = PipelineService.executables.filter { name in
            !FileManager.default.isExecutableFile(atPath: configuration.executables.appendingPathComponent(name).path)
        }
        guard missing.isEmpty else { throw .missingExecutables(directory: configuration.executables.path, names: missing) }
        if let topics = configuration.topics {
            do {
                try await topics.withPrefix(configuration.namespace)
                    .create(on: configuration.topicCreator, bootstrapServers: configuration.kafkaBrokers, security: configuration.kafkaSecurity)
            } catch {
                throw .topics(error.description)
            }
        }
        do {
            try await configuration.databases.createAll()
        } catch {
            throw .databases(error.description)
        }
        let stack = DevStack(configuration: configuration)
        do throws(DevStackError) {
            // The provider first, so the payment services are given its address.
            let ids = [StackProcessID.provider] + configuration.scale.processes
            for id in ids { try stack.launch(id) }
            try await stack.waitUntilReady(ids)
            if Task.isCancelled { throw .cancelled }
        } catch {
            await stack.stop()
            throw error
        }
        return stack
    }

    // MARK: What runs

    public var processes: [StackProcessInfo] {
        running.withLock { running in
            running.map { id, process in
                StackProcessInfo(id: id, pid: process.child.pid, httpPort: process.httpPort, isRunning: process.child.isRunning)
            }
        }.sorted { $0.id < $1.id }
    }

    public func process(_ id: StackProcessID) -> StackProcessInfo? { processes.first { $0.id == id } }

    /// Processes that exited although nobody stopped them, with how they ended.
    public var unexpectedExits: [(id: StackProcessID, exit: ProcessExit)] {
        running.withLock { running in
            running.compactMap { id, process in
                guard !process.stopping, let exit = process.child.exit else { return nil }
                return (id, exit)
            }
        }.sorted { $0.id < $1.id }
    }

    /// The last output lines of a process.
    public func recentOutput(of id: StackProcessID, lines: Int = 30) -> [String] {
        running.withLock { $0[id]?.child.recentOutput(lines) } ?? []
    }

    // MARK: Starting

    /// The provider simulator's port (its API and admin endpoint), once it runs.
    public var providerPort: Int? { running.withLock { $0[.provider]?.httpPort } }

    private func launch(_ id: StackProcessID) throws(DevStackError) {
        let port: Int
        if let fixed = configuration.fixedPorts[id] {
            port = fixed
        } else if id == .provider, let previous = providerPort {
            // A provider started again keeps its address: the payment services were given it.
            port = previous
        } else {
            do { port = try FreePort.pick() } catch { throw .launch("\(id): \(error)") }
        }
        let launch = ProcessLaunch(
            label: id.description, executable: configuration.executables.appendingPathComponent(id.executable),
            environment: configuration.environment(for: id, httpPort: port, providerPort: providerPort))
        let child: ChildProcess
        do { child = try ChildProcess.launch(launch, output: configuration.output) } catch { throw .launch(error.description) }
        running.withLock { $0[id] = RunningProcess(child: child, httpPort: port, stopping: false) }
    }

    /// Polls `/readyz` of every process until each answers 200; fails on the first that exits or times out.
    public func waitUntilReady(_ ids: [StackProcessID], timeout: Duration? = nil) async throws(DevStackError) {
        let limit = timeout ?? configuration.readinessTimeout
        let targets = try ids.map { id throws(DevStackError) in
            guard let process = running.withLock({ $0[id] }) else { throw .unknownProcess(id.description) }
            return (id, process.child, process.httpPort)
        }
        let output = configuration.output
        let failure = await withTaskGroup(of: (StackProcessID, Int, DevStackError?).self) { group -> DevStackError? in
            for (id, child, port) in targets {
                group.addTask { (id, port, await Self.waitReady(id, child, port, timeout: limit)) }
            }
            var ready = 0
            for await (id, port, failure) in group {
                if let failure {
                    group.cancelAll()
                    return failure
                }
                if Task.isCancelled { continue }
                ready += 1
                // Progress for whoever watches the start (`dev up --detach` prints these lines).
                output.write(label: "dev", line: "\(id) ready on port \(port) (\(ready)/\(targets.count))")
            }
            return nil
        }
        if let failure { throw failure }
    }

    private static func waitReady(_ id: StackProcessID, _ child: ChildProcess, _ port: Int, timeout: Duration) async -> DevStackError? {
        let deadline = ContinuousClock.now + timeout
        var lastProblem = "no answer yet"
        while ContinuousClock.now < deadline {
            if Task.isCancelled { return nil }
            if let exit = child.exit {
                _ = await child.waitForExit(timeout: .seconds(1))
                return .exitedEarly(process: id.description, exit: exit, log: child.recentOutput(25))
            }
            switch await HTTPReadiness.check(port: port) {
            case .ready: return nil
            case .notReady(let problem): lastProblem = problem
            }
            try? await Task.sleep(for: .milliseconds(250))
        }
        return .notReady(process: id.description, after: timeout, lastProblem: lastProblem, log: child.recentOutput(25))
    }

    // MARK: Stopping and faults

    /// Stops every process gracefully: services first (they finish their batches and fill the outbox),
    /// then the relays, then the provider. Idempotent.
    public func stop() async {
        let all = running.withLock { running in
            for id in running.keys { running[id]?.stopping = true }
            return running.map { ($0.key, $0.value.child) }
        }
        for role in [StackProcessID.Role.service, .relay, .provider] {
            let grace = role == .service ? configuration.stopGracePeriod : configuration.relayStopGracePeriod
            await withTaskGroup(of: Void.self) { group in
                for (id, child) in all where id.role == role {
                    group.addTask { await child.stop(gracePeriod: grace) }
                }
            }
        }
    }

    /// SIGKILL, as a crash would; returns once the process is gone.
    @discardableResult
    public func kill(_ id: StackProcessID) async throws(DevStackError) -> ProcessExit {
        guard let child = running.withLock({ running -> ChildProcess? in
            running[id]?.stopping = true
            return running[id]?.child
        }) else { throw .unknownProcess(id.description) }
        return await child.kill()
    }

    /// Starts a new process in the place of one that ended (on a fresh port) and waits until it is ready.
    public func replace(_ id: StackProcessID) async throws(DevStackError) {
        if let old = running.withLock({ $0[id]?.child }), old.isRunning {
            throw .launch("\(id) is still running (pid \(old.pid)); kill or stop it first")
        }
        try launch(id)
        try await waitUntilReady([id])
    }

    /// Stops one process gracefully (SIGTERM, then SIGKILL after the grace period).
    @discardableResult
    public func stop(_ id: StackProcessID) async throws(DevStackError) -> ProcessExit {
        guard let child = running.withLock({ running -> ChildProcess? in
            running[id]?.stopping = true
            return running[id]?.child
        }) else { throw .unknownProcess(id.description) }
        let grace = id.role == .service ? configuration.stopGracePeriod : configuration.relayStopGracePeriod
        return await child.stop(gracePeriod: grace)
    }
}

/// A process of the stack as others see it (the CLI's status, tests).
public struct StackProcessInfo: Sendable, Codable, Hashable {
    public var id: StackProcessID
    public var name: String
    public var pid: Int32
    public var httpPort: Int
    public var isRunning: Bool

    public init(id: StackProcessID, pid: Int32, httpPort: Int, isRunning: Bool) {
        self.id = id
        self.name = id.description
        self.pid = pid
        self.httpPort = httpPort
        self.isRunning = isRunning
    }
}
