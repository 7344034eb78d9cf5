import CRdKafka

/// One ListConsumerGroups request to every broker (blocking). The groups of brokers that answered come
/// back; when none did, the first broker error is thrown (librdkafka's mock cluster does not serve
/// ListGroups).
enum GroupListing {
    static func list(on handle: OpaquePointer, timeout: Duration) throws(KafkaError) -> [(groupID: String, state: String)] {
        let context = "listing consumer groups"
        return try AdminRoundTrip.run(
            RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPS, on: handle, timeout: timeout, context: context,
            send: { options, queue in rd_kafka_ListConsumerGroups(handle, options, queue) }
        ) { event throws(KafkaError) in
            guard let result = rd_kafka_event_ListConsumerGroups_result(event) else {
                throw KafkaError.invalidArgument(context, "the result event carries no groups")
            }
            var validCount = 0
            let valid = rd_kafka_ListConsumerGroups_result_valid(result, &validCount)
            var errorCount = 0
            let errors = rd_kafka_ListConsumerGroups_result_errors(result, &errorCount)
            var groups: [(groupID: String, state: String)] = []
            if let valid {
                for listing in UnsafeBufferPointer(start: valid, count: validCount) {
                    guard let listing, let id = rd_kafka_ConsumerGroupListing_group_id(listing) else { continue }
                    let state = String(cString: rd_kafka_consumer_group_state_name(rd_kafka_ConsumerGroupListing_state(listing)))
                    groups.append((String(cString: id), state))
                }
            }
            if groups.isEmpty, errorCount > 0, let errors, let first = errors[0] {
                throw KafkaError(rd_kafka_error_code(first), context: context, detail: rd_kafka_error_string(first).map { String(cString: $0) })
            }
            return groups.sorted { $0.groupID < $1.groupID }
        }
    }
}
