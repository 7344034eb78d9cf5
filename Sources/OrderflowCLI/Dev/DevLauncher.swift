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
        if let external = environment["KAFKA_BROKERS"], !external.isEmpty {
            broker = nil
            bootstrap = external
            output.write(label: "dev", line: "broker: \(external) (from KAFKA_BROKERS)")
        } else {
            do {
                let embedded = try DevBroker(brokers: plan.brokers, logger: QuietLogger.make("orderflow.dev.broker"))
                broker = embedded
                bootstrap = embedded.bootstrapServers
            } catch {
                throw DevError("could not start the embedded broker: \(error)")
            }
            output.write(label: "dev", line: "broker: \(bootstrap) (embedded, \(plan.brokers) broker\(plan.brokers == 1 ? "" : "s"))")
        }
        state.broker = .init(bootstrapServers: bootstrap, embeddedBrokers: broker == nil ? nil : plan.brokers)

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

        var configuration = DevStackConfiguration(
            kafkaBrokers: bootstrap, databases: StackDatabases(admin: admin), executables: plan.executables,
            scale: plan.scale, topics: plan.topics, output: output, logFormat: plan.logFormat)
        configuration.readinessTimeout = plan.readyTimeout
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
            let orderAPI = stack.processes.first { $0.id == StackProcessID(.order, replica: 1) }.map { "http://127.0.0.1:\($0.httpPort)" }
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

    /// Runs until a signal, reporting processes that die on their own.
    func watch(until signals: ShutdownSignals, output: ProcessOutput) async {
        var reported = Set<StackProcessID>()
        while signals.received == nil {
            for (id, exit) in stack.unexpectedExits where !reported.contains(id) {
                reported.insert(id)
                output.write(label: "dev", line: "\(id) \(exit); the rest keeps running")
            }
            try? await Task.sleep(for: .milliseconds(250))
        }
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
