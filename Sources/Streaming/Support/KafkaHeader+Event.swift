import Events
import Kafka

extension Array where Element == KafkaHeader {
    /// An attribute mirrored in the headers (`EventHeaders.type`, …), under its name or the name records
    /// of earlier releases used.
    public func mirrored(_ name: String) -> String? {
        EventHeaders.mirrored(name) { string(named: $0) }
    }
}
