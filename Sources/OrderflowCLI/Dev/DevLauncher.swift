import KafkaDevBroker
import Foundation
import Kafka
import KafkaDevBroker
import LocalStack
import Postgres
import Streaming

/// Brings a dev stack up piece by piece, publishing its progress in `.orderflow/dev/stack.json`, and
/// takes down what it started when a later piece fails.
enum DevLauncher {
    static func start(_ plan: DevUpPlan, directory: DevStateDirectory, output: ProcessOutput) async throws -> RunningDevStack {
        let environment = ProcessInfo.processInfo.environment
        var state = DevStackState(pid: getpid(), phase: .starting, startedAt: Date(), broker: nil, postgres: nil, processes: [])
        try directory.write(state)

        let broker: DevBroker?
        let bootstrap: String
        if let external = plan.externalBrokers {
            broker = nil
            bootstrap = external
            output.write(label: "dev", line: "broker: \(external) (outside the stack)")
        } else {
            do {
                let embedded = try DevBroker(brokers: plan.brokerCount, logger: QuietLogger.make("orderflow.dev.broker"))
                broker = embedded
                bootstrap = embedded.bootstrapServers
            } catch {
                throw DevError("could not start the embedded broker: \(error)")
            }
            output.write(label: "dev", line: "broker: \(bootstrap) (embedded, \(plan.brokerCount) broker\(plan.brokerCount == 1 ? "" : "s"))")
        }
        state.broker = .init(bootstrapServers: bootstrap, embeddedBrokers: broker == nil ? nil : plan.brokerCount)

        let postgres: LocalPostgres?
        let admin: PostgresConfiguration
        do {
            if let url = environment["DATABASE_URL"], !url.isEmpty {
                do {
                    admin = try PostgresConfiguration(url: url)
                } catch {
                    throw DevError("DATABASE_URL: \(error)")
                }
                postgres = nil
                output.write(label: "dev", line: "postgres: \(admin.redactedURL) (from DATABASE_URL)")
            } else {
                output.write(label: "dev", line: "postgres: starting a local server in \(directory.postgres.path)")
                do {
                    let local = try await LocalPostgres.start(.init(root: directory.postgres))
                    postgres = local
                    admin = local.adminConfiguration
                } catch {
                    throw DevError("local PostgreSQL: \(error)")
                }
                output.write(label: "dev", line: "postgres: \(admin.redactedURL) (local)")
            }
        } catch {
            broker?.shutdown()
            throw error
        }
        state.postgres = .init(url: admin.redactedURL, dataDirectory: postgres?.dataDirectory.path, pid: postgres?.serverPID)
        try? directory.write(state)
        if broker != nil {
            do {
                try await FreshDatabases.prepare(StackDatabases(admin: admin), output: output)
            } catch {
                try? await postgres?.stop()
                broker?.shutdown()
                throw error
            }
        } else {
            output.write(label: "dev", line: "databases: kept, as the broker outside the stack keeps its records")
        }

        var configuration = DevStackConfiguration(
            kafkaBrokers: bootstrap, databases: StackDatabases(admin: admin), executables: plan.executables,
            scale: plan.scale, topics: plan.topics, output: output, logFormat: plan.logFormat)
        configuration.readinessTimeout = plan.readyTimeout
        configuration.fixedPorts = [DevStackState.apiProcess: plan.apiPort]
        configuration.topicCreator = broker
        if broker == nil {
            do {
                configuration.kafkaSecurity = try KafkaClientSecurity.fromEnvironment(environment)
            } catch {
                try? await postgres?.stop()
                throw DevError("the Kafka security settings: \(error)")
            }
        }
        // Only the embedded broker holds an empty fetch for the whole wait; a cluster keeps librdkafka's.
        configuration.consumerFetchWait = broker == nil ? nil : DevBroker.fetchMaxWait
        configuration.consumerSessionTimeout = broker == nil ? nil : DevBroker.sessionTimeout
        let apiKey: DevAPIKey
        do {
            apiKey = try DevAPIKey.loadOrCreate(at: directory.apiKeyFile)
        } catch {
            try? await postgres?.stop()
            broker?.shutdown()
            throw DevError("the order API's dev signing key: \(error)")
        }
        configuration.apiKey = apiKey
        let stack: DevStack
        do {
            output.write(label: "dev", line: "creating topics and databases, then starting \(plan.scale.processes.count) processes")
            stack = try await DevStack.start(configuration)
        } catch {
            try? await postgres?.stop()
            broker?.shutdown()
            throw DevError(error.description)
        }
        let running = RunningDevStack(broker: broker, postgres: postgres, stack: stack)
        do {
            state.processes = stack.processes
            let orderAPI = stack.process(DevStackState.apiProcess).map { "http://127.0.0.1:\($0.httpPort)" }
            state.api = orderAPI.map { DevStackState.API(url: $0, process: DevStackState.apiProcess.description) }
            let token = try await apiKey.token(subject: "orderflow-dev", scopes: DevAPIKey.allScopes, ttl: .seconds(24 * 3600))
            try directory.writeEnv(
                kafkaBrokers: bootstrap, databaseURL: admin.url, fetchMaxWait: configuration.consumerFetchWait,
                apiURL: orderAPI, apiToken: token)
            state.phase = .ready
            try directory.write(state)
        } catch {
            await running.stop(directory: directory)
            throw DevError("could not write \(directory.dev.path): \(error)")
        }
        return running
    }
}

/// A started dev stack and the broker and server it brought along.
struct RunningDevStack: Sendable {
    var broker: DevBroker?
    var postgres: LocalPostgres?
    var stack: DevStack

    /// Runs until a signal, reporting processes that die on their own and answering `dev restart`.
    func watch(until signals: ShutdownSignals, output: ProcessOutput, directory: DevStateDirectory) async {
        var reported = Set<StackProcessID>()
        while signals.received == nil {
            for (id, exit) in stack.unexpectedExits where !reported.contains(id) {
                reported.insert(id)
                output.write(label: "dev", line: "\(id) \(exit); the rest keeps running (`orderflow dev restart \(id)` starts it again)")
            }
            for request in DevControl.pending(directory) {
                let answer = await restart(request.names, output: output, directory: directory)
                for id in stack.processes.map(\.id) where request.names.contains(where: { $0 == id.description || id.description.hasPrefix($0 + "#") }) {
                    reported.remove(id)
                }
                DevControl.answer(request.id, answer, directory: directory)
            }
            try? await Task.sleep(for: .milliseconds(250))
        }
    }

    /// Stops (if running) and starts again each named process, on the same fixed port if it has one;
    /// records the new pids in the state file.
    private func restart(_ names: [String], output: ProcessOutput, directory: DevStateDirectory) async -> DevControl.Answer {
        var lines: [String] = []
        var targets: [StackProcessInfo] = []
        for name in names {
            let found = DevControl.matching(name, in: stack.processes)
            if found.isEmpty {
                return DevControl.Answer(
                    succeeded: false, lines: ["no process \(name) in this stack (it runs \(stack.processes.map(\.name).joined(separator: ", ")))"])
            }
            targets += found
        }
        for target in targets {
            output.write(label: "dev", line: "restarting \(target.name)")
            do {
                if target.isRunning, ProcessProbe.isAlive(target.pid) { try await stack.stop(target.id) }
                try await stack.replace(target.id)
            } catch {
                lines.append("\(target.name): \(error)")
                return DevControl.Answer(succeeded: false, lines: lines)
            }
            let now = stack.process(target.id)
            lines.append("\(target.name) restarted: pid \(target.pid) -> \(now?.pid ?? 0), port \(now?.httpPort ?? 0)")
            if var state = directory.readState() {
                state.processes = stack.processes
                try? directory.write(state)
            }
        }
        return DevControl.Answer(succeeded: true, lines: lines)
    }

    func stop(directory: DevStateDirectory) async {
        if var state = directory.readState() {
            state.phase = .stopping
            try? directory.write(state)
        }
        await stack.stop()
        try? await postgres?.stop()
        broker?.shutdown()
    }
}
