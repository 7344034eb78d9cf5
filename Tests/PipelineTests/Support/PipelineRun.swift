import KafkaDevBroker
import Foundation
import Invariants
import Kafka
import KafkaDevBroker
import LocalStack
import OrderTraffic
import Postgres
import Testing

/// One end-to-end run: an in-process broker, the stack as child processes on the test server, and
/// the orders it is fed. `finish()` stops everything and drops the run's databases.
final class PipelineRun: Sendable {
    let broker: DevBroker
    let stack: DevStack
    let databases: StackDatabases
    let producer: KafkaProducer
    let logFile: URL

    private init(broker: DevBroker, stack: DevStack, databases: StackDatabases, producer: KafkaProducer, logFile: URL) {
        self.broker = broker
        self.stack = stack
        self.databases = databases
        self.producer = producer
        self.logFile = logFile
    }

    /// Starts a stack at `scale`; `adjust` may change the configuration (per-process variables).
    static func start(
        _ name: String, scale: StackScale, adjust: (inout DevStackConfiguration) -> Void = { _ in }
    ) async throws -> PipelineRun {
        let admin = try TestEnvironment.adminDatabase()
        let executables = try TestEnvironment.executables()
        let broker = try DevBroker()
        let prefix = TestEnvironment.uniquePrefix(name)
        let databases = StackDatabases(admin: admin, prefix: prefix)
        let logFile = TestEnvironment.logFile(prefix)
        var configuration = DevStackConfiguration(
            kafkaBrokers: broker.bootstrapServers, databases: databases, executables: executables, scale: scale,
            topics: try TestEnvironment.topicsFile(), output: try .file(logFile), logFormat: "text")
        configuration.topicCreator = broker
        configuration.consumerFetchWait = DevBroker.fetchMaxWait
        configuration.consumerSessionTimeout = DevBroker.sessionTimeout
        configuration.environment = ["RETRY_BASE_MS": "50", "RETRY_CAP_MS": "1000"]
        adjust(&configuration)
        let stack: DevStack
        do {
            stack = try await DevStack.start(configuration)
        } catch {
            broker.shutdown()
            try? await databases.dropAll()
            throw error
        }
        var producerConfiguration = KafkaProducerConfiguration(bootstrapServers: broker.bootstrapServers)
        producerConfiguration.clientID = "pipeline-tests"
        let producer = try KafkaProducer(configuration: producerConfiguration)
        return PipelineRun(broker: broker, stack: stack, databases: databases, producer: producer, logFile: logFile)
    }

    func publish(_ orders: [GeneratedOrder]) async throws {
        try await OrderRequestPublisher(producer: producer).publish(orders)
    }

    /// Waits for every order to settle, then for the invariants to hold; records a failure with the
    /// report (and where the logs are) if they do not.
    func expectSettledAndConsistent(_ orders: [GeneratedOrder], settleTimeout: Duration) async throws -> InvariantReport {
        do {
            try await SettleWaiter.waitUntilSettled(
                orders, ordersDatabase: databases.configuration(of: .order), timeout: settleTimeout)
        } catch {
            Issue.record("\(error)\nprocess output: \(logFile.path)\(crashes)")
        }
        let report = try await PipelineInvariants().awaitHolding(orders, in: databases, timeout: .seconds(30))
        #expect(report.holds, "\(report)\nprocess output: \(logFile.path)\(crashes)")
        return report
    }

    private var crashes: String {
        let exits = stack.unexpectedExits
        return exits.isEmpty ? "" : "\nprocesses that died: " + exits.map { "\($0.id) \($0.exit)" }.joined(separator: ", ")
    }

    func finish() async {
        await producer.close(timeout: .seconds(5))
        await stack.stop()
        broker.shutdown()
        do {
            try await databases.dropAll()
        } catch {
            Issue.record("could not drop the run's databases: \(error)")
        }
    }
}

extension Array where Element == GeneratedOrder {
    static func generate(_ count: Int, seed: UInt64) -> [GeneratedOrder] {
        var generator = OrderGenerator(seed: seed)
        return (0..<count).map { _ in generator.next() }
    }
}
