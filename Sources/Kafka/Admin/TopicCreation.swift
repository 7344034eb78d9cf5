import CRdKafka

/// CreateTopics over the wire (real brokers). Blocking.
enum TopicCreation {
    static func create(_ specs: [TopicSpec], on handle: OpaquePointer, timeout: Duration) throws(KafkaError) {
        guard !specs.isEmpty else { return }
        var newTopics: [OpaquePointer?] = []
        defer { newTopics.forEach { rd_kafka_NewTopic_destroy($0) } }
        for spec in specs {
            newTopics.append(try makeNewTopic(spec))
        }
        let names = specs.map(\.name)
        try TopicAdminRequest.run(
            RD_KAFKA_ADMIN_OP_CREATETOPICS, on: handle, timeout: timeout, names: names, verb: "creating",
            tolerated: RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS,
            send: { options, queue in rd_kafka_CreateTopics(handle, &newTopics, newTopics.count, options, queue) },
            topicResults: { event, count throws(KafkaError) in
                guard let result = rd_kafka_event_CreateTopics_result(event) else {
                    throw KafkaError.invalidArgument("creating topics \(names)", "unexpected admin result event")
                }
                return rd_kafka_CreateTopics_result_topics(result, &count)
            })
    }

    private static func makeNewTopic(_ spec: TopicSpec) throws(KafkaError) -> OpaquePointer {
        var errorBuffer = [CChar](repeating: 0, count: 512)
        guard let topic = rd_kafka_NewTopic_new(spec.name, spec.partitions, Int32(spec.replicationFactor), &errorBuffer, errorBuffer.count) else {
            throw KafkaError.invalidArgument("creating topic \"\(spec.name)\"", String(errorBuffer: errorBuffer))
        }
        for (key, value) in spec.configs.sorted(by: { $0.key < $1.key }) {
            let result = rd_kafka_NewTopic_set_config(topic, key, value)
            guard result == RD_KAFKA_RESP_ERR_NO_ERROR else {
                rd_kafka_NewTopic_destroy(topic)
                throw KafkaError(result, context: "creating topic \"\(spec.name)\": config \"\(key)\"")
            }
        }
        return topic
    }
}
