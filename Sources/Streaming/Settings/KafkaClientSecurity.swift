import Foundation
import Kafka

/// How the command-line tools (the CLI, the bench, the dev stack's topic creation) authenticate to a
/// Kafka cluster: from the same `KAFKA_SECURITY_*` variables the services read, checked the same way,
/// so a cluster that needs SASL or TLS takes one set of variables for everything.
public enum KafkaClientSecurity {
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigurationError) -> KafkaSecurity {
        var reader = EnvironmentReader(environment)
        let security = ProcessSettings.readSecurity(&reader)
        try reader.finish()
        return security
    }
}
