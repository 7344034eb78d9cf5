import CRdKafka

/// Builds an `rd_kafka_conf_t` from ordered key/value pairs. Later pairs override earlier ones, which is
/// how the `raw` escape hatch wins over typed settings.
enum NativeConfiguration {
    /// Returns an owned `rd_kafka_conf_t`: the caller passes it to `rd_kafka_new` or destroys it.
    static func make(_ entries: [(String, String)], context: String) throws(KafkaError) -> OpaquePointer {
        guard let conf = rd_kafka_conf_new() else {
            throw KafkaError(RD_KAFKA_RESP_ERR__CRIT_SYS_RESOURCE, context: context, detail: "rd_kafka_conf_new failed")
        }
        var errorBuffer = [CChar](repeating: 0, count: 512)
        for (key, value) in entries {
            let result = rd_kafka_conf_set(conf, key, value, &errorBuffer, errorBuffer.count)
            guard result == RD_KAFKA_CONF_OK else {
                rd_kafka_conf_destroy(conf)
                let reason = String(errorBuffer: errorBuffer)
                let kind = result == RD_KAFKA_CONF_UNKNOWN ? "unknown configuration key" : "invalid configuration value for"
                throw KafkaError.invalidArgument(context, "\(kind) \"\(key)\": \(reason)")
            }
        }
        return conf
    }
}
