import CRdKafka
import Glibc

/// One DescribeConsumerGroups request (blocking). A broker without the DescribeGroups API (librdkafka's
/// mock cluster among them) fails the group with an error, which is thrown.
enum GroupDescription {
    static func describe(_ groups: [String], on handle: OpaquePointer, timeout: Duration) throws(KafkaError) -> [ConsumerGroupDescription] {
        guard !groups.isEmpty else { return [] }
        let context = "describing consumer groups \(groups)"
        let names = groups.map { strdup($0) }
        defer { names.forEach { free($0) } }
        var pointers: [UnsafePointer<CChar>?] = names.map { $0.map { UnsafePointer($0) } }
        let nameCount = pointers.count
        return try AdminRoundTrip.run(
            RD_KAFKA_ADMIN_OP_DESCRIBECONSUMERGROUPS, on: handle, timeout: timeout, context: context,
            send: { options, queue in rd_kafka_DescribeConsumerGroups(handle, &pointers, nameCount, options, queue) }
        ) { event throws(KafkaError) in
            guard let result = rd_kafka_event_DescribeConsumerGroups_result(event) else {
                throw KafkaError.invalidArgument(context, "the result event carries no group descriptions")
            }
            var count = 0
            guard let descriptions = rd_kafka_DescribeConsumerGroups_result_groups(result, &count) else { return [] }
            var described: [ConsumerGroupDescription] = []
            for description in UnsafeBufferPointer(start: descriptions, count: count) {
                guard let description else { continue }
                let groupID = rd_kafka_ConsumerGroupDescription_group_id(description).map { String(cString: $0) } ?? "?"
                if let error = rd_kafka_ConsumerGroupDescription_error(description) {
                    let code = rd_kafka_error_code(error)
                    throw KafkaError(code, context: "describing consumer group \"\(groupID)\"",
                                     detail: rd_kafka_error_string(error).map { String(cString: $0) })
                }
                var members: [ConsumerGroupDescription.Member] = []
                for index in 0..<rd_kafka_ConsumerGroupDescription_member_count(description) {
                    guard let member = rd_kafka_ConsumerGroupDescription_member(description, index) else { continue }
                    let assignment = rd_kafka_MemberDescription_assignment(member)
                        .map { PartitionList.topicPartitions(rd_kafka_MemberAssignment_partitions($0)).sorted() } ?? []
                    members.append(ConsumerGroupDescription.Member(
                        memberID: rd_kafka_MemberDescription_consumer_id(member).map { String(cString: $0) } ?? "",
                        clientID: rd_kafka_MemberDescription_client_id(member).map { String(cString: $0) } ?? "",
                        host: rd_kafka_MemberDescription_host(member).map { String(cString: $0) } ?? "",
                        assignment: assignment))
                }
                let state = String(cString: rd_kafka_consumer_group_state_name(rd_kafka_ConsumerGroupDescription_state(description)))
                let assignor = rd_kafka_ConsumerGroupDescription_partition_assignor(description).map { String(cString: $0) } ?? ""
                described.append(ConsumerGroupDescription(groupID: groupID, state: state, assignor: assignor, members: members))
            }
            return described
        }
    }
}
