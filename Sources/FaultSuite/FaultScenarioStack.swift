import KafkaDevBroker
import Foundation
import Kafka
import LocalStack
import Postgres

/// One scenario's system: its own in-process broker (faults are injected through it), the pipeline as
/// child processes on databases of its own, and a producer feeding it. `finish()` stops everything.
final class FaultScenarioStack: Sendable {
    let broker: DevBroker
    let stack: DevStack
    let databases: StackDatabases
    let producer: KafkaProducer
    let database: FaultDatabaseServer
    let logFile: URL

    private init(
        broker: DevBroker, stack: DevStack, databases: StackDatabases, producer: KafkaProducer,
        database: FaultDatabaseServer, logFile: URL
    ) {
        self.broker = broker
        self.stack = stack
        self.databases = databases
        self.producer = producer
        self.database = database
        self.logFile = logFile
    }

    static func start(_ plan: FaultScenarioPlan, in environment: FaultEnvironment) async throws(FaultRunError) -> FaultScenarioStack {
        try await start(name: plan.scenario.rawValue, scale: plan.scale, settings: plan.serviceSettings, in: environment)
    }

    /// A stack named after what runs on it (its databases' prefix and its log file). `settings` go to
    /// every process, over the suite's own; the environment's go over both.
    static func start(
        name: String, scale: StackScale, settings: [String: String] = [:], in environment: FaultEnvironment
    ) async throws(FaultRunError) -> FaultScenarioStack {
        let runID = String(UUID().uuidString.prefix(8)).lowercased()
        let prefix = "chaos_\(name.replacingOccurrences(of: "-", with: "_"))_\(runID)_"
        let logFile = environment.logDirectory.appendingPathComponent("\(name)-\(runID).log")
        let broker: DevBroker
        do { broker = try DevBroker(logger: FaultClientLogger.make("orderflow.chaos.broker")) } catch { throw .setup("starting the broker: \(error)") }
        let databases = StackDatabases(admin: environment.database.admin, prefix: prefix)
        let output: ProcessOutput
        do { output = try .file(logFile) } catch {
            await offPool { broker.shutdown() }
            throw .setup("cannot write the log file \(logFile.path): \(error)")
        }
        var configuration = DevStackConfiguration(
            kafkaBrokers: broker.bootstrapServers, databases: databases, executables: environment.executables,
            scale: scale, topics: environment.topics, output: output, logFormat: "text")
        configuration.topicCreator = broker
        configuration.consumerFetchWait = DevBroker.fetchMaxWait
        configuration.consumerSessionTimeout = DevBroker.sessionTimeout
        configuration.environment = FaultEnvironment.serviceSettings
            .merging(settings) { _, new in new }
            .merging(environment.environment) { _, new in new }
        // Kubernetes' default termination grace period: a replica leaving mid-rebalance may need most of it.
        configuration.stopGracePeriod = .seconds(30)
        let stack: DevStack
        do {
            stack = try await DevStack.start(configuration)
        } catch {
            await offPool { broker.shutdown() }
            try? await databases.dropAll()
            throw .setup("starting the stack: \(error)")
        }
        let producer: KafkaProducer
        do {
            producer = try KafkaProducer(
                configuration: Self.producerConfiguration(broker.bootstrapServers), logger: FaultClientLogger.make("orderflow.chaos.producer"))
        } catch {
            await stack.stop()
            await offPool { broker.shutdown() }
            try? await databases.dropAll()
            throw .setup("creating the producer: \(error)")
        }
        return FaultScenarioStack(
            broker: broker, stack: stack, databases: databases, producer: producer, database: environment.database,
            logFile: logFile)
    }

    /// The runner's producer rides out broker faults (long delivery timeout) and may send the oversized
    /// poison value.
    static func producerConfiguration(_ bootstrapServers: String) -> KafkaProducerConfiguration {
        var configuration = KafkaProducerConfiguration(bootstrapServers: bootstrapServers)
        configuration.clientID = "orderflow-chaos"
        configuration.messageTimeout = .seconds(300)
        configuration.raw = ["message.max.bytes": String(PoisonCatalog.largestValueBytes + 100_000)]
        return configuration
    }

    /// The stack's payment provider simulator, through its admin endpoint.
    var provider: PaymentProviderAdmin? { stack.providerPort.map(PaymentProviderAdmin.init(port:)) }

    /// Every service replica and relay the stack runs (or ran).
    var serviceReplicas: [StackProcessID] { stack.processes.map(\.id).filter { $0.role == .service } }

    func finish(dropDatabases: Bool) async {
        await producer.close(timeout: .seconds(10))
        await stack.stop()
        let broker = broker
        await offPool { broker.shutdown() }
        if dropDatabases { try? await databases.dropAll() }
    }
}
