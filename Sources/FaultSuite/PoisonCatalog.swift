import Events
import Foundation
import Kafka
import OrderTraffic

/// Builds poison records from well-formed orders, so each differs from a good message in exactly the way
/// its kind says: the envelope of a real `order.requested`, then broken.
struct PoisonCatalog: Sendable {
    /// The runner's producer accepts values up to this size (the embedded broker accepts them too, but
    /// evicts anything much over 5 MB at once).
    static let largestValueBytes = 12_000_000

    let oversizedValueBytes: Int

    func record(_ kind: PoisonKind, from order: GeneratedOrder, topic: String) throws(FaultRunError) -> KafkaRecord {
        let good: KafkaRecord
        do {
            good = try OrderRequestPublisher.record(for: order, topic: topic)
        } catch {
            throw .setup("encoding a generated order: \(error)")
        }
        var record = good
        let envelope = good.value ?? []
        switch kind {
        case .notJSON:
            record.value = Array("order please: \(order.key) x3".utf8)
        case .truncatedJSON:
            record.value = Array(envelope.prefix(envelope.count / 2))
        case .wrongEnvelope:
            // The payload without its envelope: a producer that forgot to wrap it.
            record.value = try Self.reencode(envelope) { object in object["data"] ?? [:] }
        case .unknownType:
            record.value = try Self.reencode(envelope) { object in
                var object = object
                object["type"] = "order.teleported"
                return object
            }
        case .unsupportedVersion:
            record.value = try Self.reencode(envelope) { object in
                var object = object
                object["schemaversion"] = 99
                return object
            }
        case .schemaInvalid:
            record.value = try Self.reencode(envelope) { object in
                var object = object
                var data = object["data"] as? [String: Any] ?? [:]
                data["totalAmount"] = "a lot"
                object["data"] = data
                return object
            }
        case .invalidUTF8:
            // A lone continuation byte inside the customer id string.
            let marker = Array("\"customerId\":\"".utf8)
            var bytes = envelope
            if let at = Self.firstIndex(of: marker, in: bytes) {
                bytes.insert(0xC3, at: at + marker.count)
                bytes.insert(0x28, at: at + marker.count + 1)
            } else {
                bytes.append(0xFF)
            }
            record.value = bytes
        case .emptyValue:
            record.value = nil
        case .missingKey:
            record.key = nil
        case .keyMismatch:
            record.key = Array("\(order.key)-not-its-subject".utf8)
        case .oversized:
            record.value = try Self.reencode(envelope) { object in
                var object = object
                object["padding"] = String(repeating: "x", count: max(0, oversizedValueBytes - envelope.count))
                return object
            }
        }
        return record
    }

    /// The same order.requested event twice: the second copy keeps the event id but changes the body
    /// (another customer), as a buggy producer reusing ids would. Only the first may take effect.
    static func duplicateIDPair(_ order: GeneratedOrder, topic: String) throws(FaultRunError) -> (first: KafkaRecord, second: KafkaRecord, secondCustomer: String) {
        var altered = order
        altered.request.customerId = order.request.customerId + "-impostor"
        altered.event.data = altered.request
        do {
            return (try OrderRequestPublisher.record(for: order, topic: topic),
                    try OrderRequestPublisher.record(for: altered, topic: topic), altered.request.customerId)
        } catch {
            throw .setup("encoding a generated order: \(error)")
        }
    }

    private static func reencode(_ envelope: [UInt8], _ change: ([String: Any]) -> Any) throws(FaultRunError) -> [UInt8] {
        do {
            guard let object = try JSONSerialization.jsonObject(with: Data(envelope)) as? [String: Any] else {
                throw FaultRunError.setup("a generated envelope is not a JSON object")
            }
            return Array(try JSONSerialization.data(withJSONObject: change(object), options: [.sortedKeys]))
        } catch let error as FaultRunError {
            throw error
        } catch {
            throw .setup("re-encoding an envelope: \(error)")
        }
    }

    private static func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start..<start + needle.count].elementsEqual(needle) {
            return start
        }
        return nil
    }
}
