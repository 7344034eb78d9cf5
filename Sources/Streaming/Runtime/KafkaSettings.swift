import Kafka

/// Kafka client configurations derived from a service's environment.
struct KafkaSettings: Sendable {
    let configuration: ServiceConfiguration

    init(_ configuration: ServiceConfiguration) { self.configuration = configuration }

    var security: KafkaSecurity {
        var security = KafkaSecurity()
        security.protocol = KafkaSecurityProtocol(rawValue: configuration.kafkaSecurityProtocol) ?? .plaintext
        security.saslMechanism = configuration.kafkaSASLMechanism
        security.saslUsername = configuration.kafkaSASLUsername
        security.saslPassword = configuration.kafkaSASLPassword
        return security
    }

    func producer() -> KafkaProducerConfiguration {
        var producer = KafkaProducerConfiguration(bootstrapServers: configuration.kafkaBrokers)
        producer.clientID = configuration.clientID
        producer.security = security
        return producer
    }

    func consumer(groupID: String) -> KafkaConsumerConfiguration {
        var consumer = KafkaConsumerConfiguration(bootstrapServers: configuration.kafkaBrokers, groupID: groupID)
        consumer.clientID = configuration.clientID
        consumer.security = security
        return consumer
    }
}
