import Events
import Foundation
import Streaming

/// Records (and logs) one message per customer-visible step. The unique event id makes a second
/// copy of the same event a no-op even outside the dedupe table.
struct NotificationHandlers: Sendable {
    func record(_ kind: NotificationKind, orderID: UUID, message: String, _ context: HandlerContext) async throws -> [OutgoingEvent] {
        let inserted = try await NotificationStore(transaction: context.transaction)
            .record(eventID: context.incoming.id, orderID: orderID, kind: kind, message: message)
        if inserted {
            context.logger.info("customer notified", metadata: ["order_id": "\(orderID.lowercased)", "kind": "\(kind.rawValue)", "text": "\(message)"])
        }
        return []
    }
}
