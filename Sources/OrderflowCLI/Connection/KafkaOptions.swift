import ArgumentParser
import Foundation
import Kafka

/// `--brokers` and `--connect-timeout`, shared by every command that talks to Kafka.
struct KafkaOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Kafka bootstrap servers (host:port,...).",
        discussion: "Default: $KAFKA_BROKERS, else KAFKA_BROKERS in .orderflow/dev/env (written by 'orderflow dev up').",
        valueName: "host:port"))
    var brokers: String?

    @Option(name: .customLong("connect-timeout"), help: ArgumentHelp(
        "Seconds to wait for the broker to answer before giving up.", valueName: "seconds"))
    var connectTimeout: Double = 10

    func validate() throws {
        guard connectTimeout > 0, connectTimeout.isFinite else {
            throw ValidationError("--connect-timeout must be a positive number of seconds")
        }
    }

    var timeout: Duration { .milliseconds(Int64(connectTimeout * 1000)) }

    func bootstrapServers() throws(CLIError) -> String {
        try resolvedBrokers().value
    }

    private func resolvedBrokers() throws(CLIError) -> (value: String, origin: String) {
        guard let resolved = SettingSource.resolve(flag: brokers, variable: "KAFKA_BROKERS") else {
            throw CLIError(
                "no Kafka brokers configured: pass --brokers host:port, set KAFKA_BROKERS, "
                    + "or start the dev stack with 'orderflow dev up'")
        }
        return resolved
    }

    /// An admin client that has answered a metadata request, so later failures are not "broker down".
    func connect() async throws(CLIError) -> BrokerSession {
        let resolved = try resolvedBrokers()
        let servers = resolved.value
        if let problem = BrokerAddressList.problem(in: servers) {
            // A flag is a usage error; a variable or the dev file is configuration.
            throw resolved.origin == "flag" ? CLIError.usage("--brokers \(problem)") : CLIError("\(resolved.origin) \(problem)")
        }
        let fetchMaxWait = try ConsumerFetchWait.resolve(brokersFromDevFile: resolved.origin == DevEnvironment.find()?.path)
        let admin: KafkaAdmin
        do {
            admin = try KafkaAdmin(bootstrapServers: servers, logger: CLILogging.logger("admin"))
        } catch {
            throw CLIError("cannot use brokers \"\(servers)\": \(KafkaErrorText.describe(error))")
        }
        let topics: [TopicDescription]
        do {
            topics = try await admin.listTopicsFailingFast(timeout: timeout)
        } catch where error.name == "_ALL_BROKERS_DOWN" {
            admin.close()
            var reason = error.message.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            // librdkafka's "(after 0ms in state CONNECT)" says nothing to the person reading the line.
            if let after = reason.range(of: " (after ", options: .backwards), reason.hasSuffix(")") {
                reason = String(reason[..<after.lowerBound])
            }
            throw CLIError(
                "cannot reach Kafka at \(servers): \(reason) (is the broker running? 'orderflow dev up' starts a local one)")
        } catch {
            admin.close()
            throw CLIError(
                "cannot reach Kafka at \(servers) within \(Self.format(connectTimeout))s "
                    + "(is the broker running? 'orderflow dev up' starts a local one)")
        }
        return BrokerSession(bootstrapServers: servers, admin: admin, topics: topics, timeout: timeout, fetchMaxWait: fetchMaxWait)
    }

    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
