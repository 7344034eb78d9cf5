import Events
import Kafka
import PipelineTools

/// Which `order.requested` schema versions this build can produce, and the Kafka record for one order.
enum OrderRequestEncoding {
    /// Only the version the `OrderRequested` type encodes. Once the contract has `OrderRequestedV1`
    /// (v1 without currency) next to `OrderRequested` v2, add v1 here and build it in `record` from
    /// `order.request.v1` with the same metadata at schema version 1.
    static var supportedVersions: [Int] { [OrderRequested.schemaVersion] }

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
            value = try EventRegistry.standard.encode(order.event)
        } catch {
            throw CLIError("encoding order \(order.key): \(error)")
        }
        let headers = EventHeaders.headers(for: order.event.metadata).map { KafkaHeader(key: $0.key, string: $0.value) }
        return KafkaRecord(topic: topic, key: Array(order.key.utf8), value: value, headers: headers)
    }
}
