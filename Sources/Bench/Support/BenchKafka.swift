import Kafka

/// Client settings of the bench: the runtime's defaults (idempotent producer, acks=all, linger 5 ms),
/// so the baselines use exactly what the services use, and the cluster's fetch wait and security.
enum BenchKafka {
    static func producer(_ context: BenchContext) -> KafkaProducerConfiguration {
        var configuration = KafkaProducerConfiguration(bootstrapServers: context.cluster.bootstrapServers)
        configuration.clientID = "orderflow-bench"
        configuration.security = context.cluster.security
        return configuration
    }

    static func consumer(_ context: BenchContext, group: String) -> KafkaConsumerConfiguration {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: context.cluster.bootstrapServers, groupID: group)
        configuration.clientID = "orderflow-bench"
        configuration.fetchMaxWait = context.cluster.fetchMaxWait
        configuration.security = context.cluster.security
        return configuration
    }
}
