import Foundation
import Postgres

/// SQL of the notifications database, kept in one place.
struct NotificationStore: Sendable {
    let transaction: PostgresTransaction

    /// Records the message; false when this event's message was recorded before.
    func record(eventID: UUID, orderID: UUID, kind: NotificationKind, message: String) async throws -> Bool {
        try await transaction.execute(
            "INSERT INTO notifications (event_id, order_id, kind, message) VALUES ($1, $2, $3, $4) ON CONFLICT (event_id) DO NOTHING",
            [.uuid(eventID), .uuid(orderID), .text(kind.rawValue), .text(message)]) == 1
    }
}
