import Events
import Kafka
import OrderTraffic

/// Which `order.requested` schema versions this build can produce, and the Kafka record for one order.
enum OrderRequestEncoding {
    /// v1 is what an old client sends (no currency: USD implied); v2 adds the currency.
    static var supportedVersions: [Int] { [OrderRequestedV1.schemaVersion, OrderRequested.schemaVersion] }

    static var newestVersion: Int { OrderRequested.schemaVersion }

    static func check(_ version: Int) throws(CLIError) {
        guard supportedVersions.contains(version) else {
            let supported = supportedVersions.map(String.init).joined(separator: ", ")
            throw CLIError("order.requested v\(version) cannot be produced by this build (supported: \(supported))")
        }
    }

    static func record(for order: GeneratedOrder, version: Int, topic: String) throws(CLIError) -> KafkaRecord {
        try check(version)
        let value: [UInt8]
        do {
            if version == OrderRequestedV1.schemaVersion {
                var metadata = order.event.metadata
                metadata.schemaVersion = OrderRequestedV1.schemaVersion
                value = try EventRegistry.standard.encode(Event(metadata: metadata, data: order.request.v1))
            } else {
                value = try EventRegistry.standard.encode(order.event)
            }
        } catch {
            throw CLIError("encoding order \(order.key): \(error)")
        }
        var metadata = order.event.metadata
        metadata.schemaVersion = version
        let headers = EventHeaders.headers(for: metadata).map { KafkaHeader(key: $0.key, string: $0.value) }
        return KafkaRecord(topic: topic, key: Array(order.key.utf8), value: value, headers: headers)
    }
}
