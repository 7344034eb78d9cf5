import Kafka

/// The Kafka clients a process's settings describe.
extension ProcessSettings {
    func producerConfiguration() -> KafkaProducerConfiguration {
        var producer = KafkaProducerConfiguration(bootstrapServers: kafkaBrokers)
        producer.clientID = clientID
        producer.security = kafkaSecurity
        return producer
    }

    func consumerConfiguration(_ settings: ConsumerSettings) -> KafkaConsumerConfiguration {
        var consumer = KafkaConsumerConfiguration(bootstrapServers: kafkaBrokers, groupID: settings.groupID)
        consumer.clientID = clientID
        consumer.security = kafkaSecurity
        consumer.fetchMaxWait = settings.fetchMaxWait
        consumer.sessionTimeout = settings.sessionTimeout
        return consumer
    }
}
