import CRdKafka

/// One DescribeConfigs request for a topic (blocking). A broker without that API (librdkafka's mock
/// cluster) answers with an error, which is thrown.
enum TopicConfigs {
    static func describe(_ topic: String, on handle: OpaquePointer, timeout: Duration) throws(KafkaError) -> [TopicConfigEntry] {
        let context = "describing the configuration of topic \"\(topic)\""
        var resources: [OpaquePointer?] = [rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic)]
        let resourceCount = resources.count
        defer { rd_kafka_ConfigResource_destroy_array(&resources, resourceCount) }
        return try AdminRoundTrip.run(
            RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS, on: handle, timeout: timeout, context: context,
            send: { options, queue in rd_kafka_DescribeConfigs(handle, &resources, resourceCount, options, queue) }
        ) { event throws(KafkaError) in
            guard let result = rd_kafka_event_DescribeConfigs_result(event) else {
                throw KafkaError.invalidArgument(context, "the result event carries no configuration")
            }
            var count = 0
            guard let described = rd_kafka_DescribeConfigs_result_resources(result, &count), count > 0, let resource = described[0] else {
                return []
            }
            let code = rd_kafka_ConfigResource_error(resource)
            guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaError(code, context: context, detail: rd_kafka_ConfigResource_error_string(resource).map { String(cString: $0) })
            }
            var entryCount = 0
            guard let entries = rd_kafka_ConfigResource_configs(resource, &entryCount) else { return [] }
            return UnsafeBufferPointer(start: entries, count: entryCount).compactMap { entry -> TopicConfigEntry? in
                guard let entry, let name = rd_kafka_ConfigEntry_name(entry) else { return nil }
                let sensitive = rd_kafka_ConfigEntry_is_sensitive(entry) != 0
                return TopicConfigEntry(
                    name: String(cString: name),
                    value: sensitive ? nil : rd_kafka_ConfigEntry_value(entry).map { String(cString: $0) },
                    isDefault: rd_kafka_ConfigEntry_is_default(entry) != 0)
            }.sorted { $0.name < $1.name }
        }
    }
}
