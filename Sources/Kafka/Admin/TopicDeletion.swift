import CRdKafka

/// DeleteTopics over the wire. Blocking.
enum TopicDeletion {
    static func delete(_ names: [String], on handle: OpaquePointer, timeout: Duration) throws(KafkaError) {
        guard !names.isEmpty else { return }
        var deletions: [OpaquePointer?] = names.map { rd_kafka_DeleteTopic_new($0) }
        defer { deletions.forEach { rd_kafka_DeleteTopic_destroy($0) } }
        try TopicAdminRequest.run(
            RD_KAFKA_ADMIN_OP_DELETETOPICS, on: handle, timeout: timeout, names: names, verb: "deleting",
            tolerated: RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART,
            send: { options, queue in rd_kafka_DeleteTopics(handle, &deletions, deletions.count, options, queue) },
            topicResults: { event, count throws(KafkaError) in
                guard let result = rd_kafka_event_DeleteTopics_result(event) else {
                    throw KafkaError.invalidArgument("deleting topics \(names)", "unexpected admin result event")
                }
                return rd_kafka_DeleteTopics_result_topics(result, &count)
            })
    }
}
