import Events
import Foundation
import Kafka
import Synchronization

/// A batch's messages, each checked and decoded once, on first use. The direct pass decodes a message
/// just before handling it, so decoding overlaps the database's work on the statements already sent;
/// a redo reuses what was decoded.
final class PreparedBatch: Sendable {
    let messages: [KafkaMessage]
    private let preparer: MessagePreparer
    private let slots: Mutex<[PreparedMessage?]>

    init(_ messages: [KafkaMessage], preparer: MessagePreparer) {
        self.messages = messages
        self.preparer = preparer
        self.slots = Mutex(Array(repeating: nil, count: messages.count))
    }

    private init(_ messages: [KafkaMessage], preparer: MessagePreparer, slots: [PreparedMessage?]) {
        self.messages = messages
        self.preparer = preparer
        self.slots = Mutex(slots)
    }

    subscript(index: Int) -> PreparedMessage {
        if let prepared = slots.withLock({ $0[index] }) { return prepared }
        let prepared = preparer.prepare(messages[index])
        slots.withLock { $0[index] = prepared }
        return prepared
    }

    /// The one-message batch of `index`, sharing what was decoded.
    func single(_ index: Int) -> PreparedBatch {
        PreparedBatch([messages[index]], preparer: preparer, slots: [slots.withLock { $0[index] }])
    }

    /// The event a message's headers announce (`ce_id`, `ce_type`) when the service handles that type:
    /// enough to claim it before its body is decoded. The body must then agree (`ClaimPlan`).
    func announced(_ index: Int) -> ClaimPlan.Entry? {
        let headers = messages[index].headers
        guard let type = headers.string(named: EventHeaders.type), preparer.handlers.handler(for: type) != nil,
              let idText = headers.string(named: EventHeaders.id), let id = UUID(uuidString: idText)
        else { return nil }
        return ClaimPlan.Entry(id: id, type: type)
    }
}

/// The event ids a direct pass claims up front, by message: from the headers where they announce the
/// event, else from the decoded body.
struct ClaimPlan {
    struct Entry: Sendable, Equatable {
        var id: UUID
        var type: String
    }

    /// The claimed entry of each message; nil for messages that are not handled.
    private(set) var byMessage: [Entry?]

    init(_ batch: PreparedBatch) {
        byMessage = batch.messages.indices.map { index in
            if let announced = batch.announced(index) { return announced }
            guard case .event(let event, _) = batch[index] else { return nil }
            return Entry(id: event.metadata.id, type: event.metadata.type)
        }
    }

    var entries: [Entry] { byMessage.compactMap { $0 } }

    /// Whether what a message turned out to be is what was claimed for it.
    func agrees(_ index: Int, with preparation: PreparedMessage) -> Bool {
        switch preparation {
        case .event(let event, _):
            return byMessage[index] == Entry(id: event.metadata.id, type: event.metadata.type)
        case .skip, .reject:
            return byMessage[index] == nil
        }
    }
}

/// A message's body disagrees with the headers its claim was made from; the batch is redone without
/// relying on headers.
struct ClaimPlanMismatch: Error, CustomStringConvertible {
    var topic: String
    var partition: Int32
    var offset: Int64

    var description: String {
        "the headers of \(topic)/\(partition)@\(offset) announce another event than its body holds"
    }
}
