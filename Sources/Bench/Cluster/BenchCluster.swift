import Kafka
import KafkaDevBroker
import Logging

/// The Kafka a run measures on: a dev broker the run starts in its own process, or a cluster it is
/// pointed at (`--brokers`, `KAFKA_BROKERS`).
struct BenchCluster: Sendable {
    enum Broker: Sendable {
        /// Its threads' CPU is told apart from the client's; it creates topics directly.
        case inProcess(DevBroker)
        /// Its brokers, and the highest request versions they offered (nil when they could not be asked).
        case external(ClusterDescription, APIVersions?)
    }

    let broker: Broker
    let bootstrapServers: String
    /// `fetch.wait.max.ms` of every consumer of the run, its pipeline's services included; nil keeps
    /// librdkafka's default.
    let fetchMaxWait: Duration?
    /// How the run's clients authenticate (the `KAFKA_SECURITY_*` variables; plaintext on the dev broker).
    var security = KafkaSecurity()

    var isInProcess: Bool {
        if case .inProcess = broker { true } else { false }
    }

    /// A dev broker in this process. Its consumers ask for `DevBroker.fetchMaxWait`: it answers a fetch
    /// that finds nothing only when the wait is over.
    static func inProcess(logger: Logger) throws(BenchError) -> BenchCluster {
        do {
            let broker = try DevBroker(logger: logger)
            return BenchCluster(broker: .inProcess(broker), bootstrapServers: broker.bootstrapServers, fetchMaxWait: DevBroker.fetchMaxWait)
        } catch {
            throw BenchError("broker", "starting the dev broker: \(error)")
        }
    }

    /// The cluster at `bootstrapServers`, with its brokers and their request versions.
    static func external(
        _ bootstrapServers: String, admin: KafkaAdmin, security: KafkaSecurity, fetchMaxWait: Duration?,
        timeout: Duration = .seconds(15)
    ) async throws(BenchError) -> BenchCluster {
        let description: ClusterDescription
        do {
            description = try await admin.describeCluster(timeout: timeout)
        } catch {
            throw BenchError("broker", "cannot reach the Kafka cluster at \(bootstrapServers) within \(timeout): \(error)")
        }
        var versions: APIVersions?
        for broker in description.brokers {
            guard let answer = try? await admin.apiVersions(of: broker, timeout: timeout) else {
                versions = nil
                break
            }
            versions = versions.map { $0.merged(with: answer) } ?? answer
        }
        return BenchCluster(
            broker: .external(description, versions), bootstrapServers: bootstrapServers, fetchMaxWait: fetchMaxWait,
            security: security)
    }

    /// What the report says the run ran on.
    var summary: String {
        switch broker {
        case .inProcess:
            return "dev broker in this process (librdkafka \(BenchRunner.librdkafkaNote) mock cluster)"
        case .external(let description, let versions):
            let count = description.brokers.count
            let brokers = "Kafka cluster at \(bootstrapServers): \(count) broker\(count == 1 ? "" : "s")"
            guard let versions else { return brokers + "; API versions not known (a broker did not answer ApiVersions)" }
            let offered = KafkaAPI.allCases.compactMap { api in versions.highest(api).map { "\(api.name) v\($0)" } }
            let lacking = KafkaAPI.allCases.filter { !versions.supports($0) }.map(\.name)
            return brokers + "; highest API versions offered: " + offered.joined(separator: ", ")
                + (lacking.isEmpty ? "" : "; not offered: " + lacking.joined(separator: ", "))
        }
    }

    /// Highest offered version per API, by name, for the JSON report.
    var apiVersions: [String: Int]? {
        guard case .external(_, let versions?) = broker else { return nil }
        var named: [String: Int] = [:]
        for api in KafkaAPI.allCases { if let highest = versions.highest(api) { named[api.name] = Int(highest) } }
        return named
    }

    var brokerCount: Int? {
        guard case .external(let description, _) = broker else { return nil }
        return description.brokers.count
    }

    func shutdown() {
        if case .inProcess(let broker) = broker { broker.shutdown() }
    }
}
