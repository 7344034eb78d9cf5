import Foundation
import Synchronization

/// The dev brokers running in this process, by bootstrap address, so `KafkaAdmin` can create topics on
/// them directly (the mock cluster has no CreateTopics API).
enum DevBrokerRegistry {
    private struct WeakBroker: Sendable {
        weak var broker: DevBroker?
    }

    private static let brokers = Mutex<[String: WeakBroker]>([:])

    static func register(_ broker: DevBroker) {
        brokers.withLock { $0[broker.bootstrapServers] = WeakBroker(broker: broker) }
    }

    static func unregister(_ bootstrapServers: String) {
        _ = brokers.withLock { $0.removeValue(forKey: bootstrapServers) }
    }

    /// The in-process dev broker any of these `host:port` addresses points at, if there is one.
    static func broker(for bootstrapServers: String) -> DevBroker? {
        let wanted = addresses(bootstrapServers)
        return brokers.withLock { brokers in
            brokers.first { !addresses($0.key).isDisjoint(with: wanted) }?.value.broker
        }
    }

    private static func addresses(_ list: String) -> Set<String> {
        Set(list.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
    }
}
