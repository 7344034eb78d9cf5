import Foundation
import Kafka

/// A message waiting in its service's database: after a retryable failure (`attempts` > 0), or queued
/// behind such a message of its key (`attempts` = 0), so the key's events are still applied in order.
public struct ParkedMessage: Sendable {
    public var id: Int64
    public var message: KafkaMessage
    public var consumerGroup: String
    public var attempts: Int
    public var nextAttemptAt: Date
    /// Out of attempts and kept (not dead-lettered) until an operator retries or drops it.
    public var held: Bool
    public var errorClass: String?
    public var lastError: String?
    public var parkedAt: Date

    public var key: String { String(decoding: message.key ?? [], as: UTF8.self) }
}

/// How a parked message's headers are stored: a JSON array of `[name, base64 value or null]`, so a
/// dead letter made from it later carries the original headers byte for byte.
enum ParkedHeaders {
    static func encode(_ headers: [KafkaHeader]) -> String {
        let pairs: [[Any]] = headers.map { [$0.key, $0.value.map { Data($0).base64EncodedString() } ?? NSNull()] }
        let data = (try? JSONSerialization.data(withJSONObject: pairs)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func decode(_ text: String) -> [KafkaHeader] {
        guard let pairs = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [[Any]] else { return [] }
        return pairs.compactMap { pair in
            guard pair.count == 2, let name = pair[0] as? String else { return nil }
            let value = (pair[1] as? String).flatMap { Data(base64Encoded: $0) }.map { [UInt8]($0) }
            return KafkaHeader(key: name, value: value)
        }
    }
}
