import Events
import Foundation
import Kafka

/// A Kafka message as the pipeline understands it: routing attributes from the `ce_` headers (no parse
/// needed), the decoded event when the value is one, and why not when it is not.
struct EventView: Sendable {
    let message: KafkaMessage
    let type: String?
    let version: Int?
    let correlationID: String?
    let subject: String?
    let id: String?
    let causationID: String?
    let source: String?
    let time: Date?
    let event: AnyEvent?
    let decodingError: EventDecodingError?

    /// Headers only: enough to filter by type and correlation id without decoding the value.
    struct Headers: Sendable {
        let type: String?
        let correlationID: String?

        init(_ message: KafkaMessage) {
            type = message.headers.mirrored(EventHeaders.type)
            correlationID = message.headers.mirrored(EventHeaders.correlationID)
        }
    }

    init(_ message: KafkaMessage, registry: EventRegistry = .standard) {
        self.message = message
        let headers = message.headers
        var decoded: AnyEvent?
        var failure: EventDecodingError?
        do {
            decoded = try registry.decode(message.value ?? [])
        } catch {
            failure = error
        }
        event = decoded
        decodingError = failure
        let metadata = decoded?.metadata
        type = metadata?.type ?? headers.mirrored(EventHeaders.type)
        version = metadata?.schemaVersion ?? headers.mirrored(EventHeaders.schemaVersion).flatMap { Int($0) }
        correlationID = metadata?.correlationID ?? headers.mirrored(EventHeaders.correlationID)
        id = metadata?.id.lowercased ?? headers.mirrored(EventHeaders.id)
        // Only records of earlier releases mirror these; today's carry them in the value alone.
        subject = metadata?.subject ?? headers.string(named: EventHeaders.earlierSubject)
        causationID = metadata?.causationID ?? headers.string(named: EventHeaders.earlierCausationID)
        source = metadata?.source ?? headers.string(named: EventHeaders.earlierSource)
        time = metadata?.time ?? message.timestamp
    }

    var position: String { "\(message.topic)/\(message.partition)@\(message.offset)" }

    var keyText: String? {
        message.key.map { String(decoding: $0, as: UTF8.self) }
    }

    /// The envelope's `data` as compact JSON (sorted keys), or nil when the value is not a JSON envelope.
    var dataJSON: String? {
        guard let object = JSONValue.parse(message.value), let dictionary = object as? [String: Any],
              let data = dictionary["data"]
        else { return nil }
        return JSONValue.compact(data)
    }
}
