import Events
import Foundation
import Streaming

/// Records (and logs) one message per customer-visible step. The unique event id makes a second
/// copy of the same event a no-op even outside the dedupe table.
struct NotificationHandlers: Sendable {
    func record(_ kind: NotificationRules.Kind, orderID: UUID, message: String, _ context: HandlerContext) async throws -> [OutgoingEvent] {
        let inserted = try await context.transaction.execute(
            "INSERT INTO notifications (event_id, order_id, kind, message) VALUES ($1, $2, $3, $4) ON CONFLICT (event_id) DO NOTHING",
            [.uuid(context.incoming.id), .uuid(orderID), .text(kind.rawValue), .text(message)])
        if inserted == 1 {
            context.logger.info("customer notified", metadata: ["order_id": "\(orderID.lowercased)", "kind": "\(kind.rawValue)", "text": "\(message)"])
        }
        return []
    }
}
