/// Something that can create topics: a cluster's admin API (`KafkaAdmin`), or a broker that manages its
/// topics some other way. Tools that set up topics take this, so they need not know which.
public protocol TopicCreating: Sendable {
    /// Creates the topics that do not exist yet; an existing topic is left as it is.
    func createTopics(_ specs: [TopicSpec], timeout: Duration) async throws(KafkaError)
}
