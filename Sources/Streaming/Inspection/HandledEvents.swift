import Foundation
import Postgres

/// When a service's consumer groups handled which events, read from the dedupe record: for tools that
/// check the order a service applied one key's events in (the fault suite's parked-key scenario). The
/// table is the runtime's, so its SQL stays here.
public struct HandledEvents: Sendable {
    /// One handled event. `at` is the start of the transaction that applied it: two events handled in
    /// transactions one after the other (as a parked key's are) are told apart by it.
    public struct Handling: Sendable, Hashable {
        public var consumerGroup: String
        public var eventID: UUID
        public var type: String
        public var at: Date
    }

    let connection: PostgresConnection

    public init(_ connection: PostgresConnection) {
        self.connection = connection
    }

    /// The handlings of these events that exist, in the order they were handled.
    public func handlings(of eventIDs: [UUID]) async throws(PostgresError) -> [Handling] {
        guard !eventIDs.isEmpty else { return [] }
        return try await connection.query(
            """
            SELECT consumer_group, event_id, event_type, processed_at FROM processed_events
            WHERE event_id = ANY($1::uuid[]) ORDER BY processed_at, event_id
            """,
            [.uuidArray(eventIDs)]
        ).map { row throws(PostgresError) in
            Handling(
                consumerGroup: try row["consumer_group"].string(), eventID: try row["event_id"].uuid(),
                type: try row["event_type"].string(), at: try row["processed_at"].date())
        }
    }
}
