import Foundation
import Postgres

/// What the five service databases say, as plain values: the input of `PipelineInvariants`.
public struct PipelineSnapshot: Sendable {
    public struct Order: Sendable, Hashable {
        public var status: String
        public var cancelReason: String?
        public var correlationID: String
        public var placedVersion: Int?

        public init(status: String, cancelReason: String? = nil, correlationID: String, placedVersion: Int? = nil) {
            self.status = status
            self.cancelReason = cancelReason
            self.correlationID = correlationID
            self.placedVersion = placedVersion
        }
    }

    public struct Reservation: Sendable, Hashable {
        /// held, released or rejected.
        public var status: String
        /// Units per SKU.
        public var lines: [String: Int]

        public init(status: String, lines: [String: Int]) {
            self.status = status
            self.lines = lines
        }
    }

    public struct StockLevel: Sendable, Hashable {
        public var onHand: Int
        public var reserved: Int

        public init(onHand: Int, reserved: Int) {
            self.onHand = onHand
            self.reserved = reserved
        }
    }

    /// One outbox row: an event a service emitted (the outbox keeps them after publishing).
    public struct Emitted: Sendable, Hashable {
        public var service: PipelineService
        public var key: String
        public var type: String
        public var correlationID: String
        public var published: Bool

        public init(service: PipelineService, key: String, type: String, correlationID: String, published: Bool) {
            self.service = service
            self.key = key
            self.type = type
            self.correlationID = correlationID
            self.published = published
        }
    }

    /// Keyed by order id as stored (lower-case for UUIDs).
    public var orders: [String: Order] = [:]
    /// Payment status per order: authorized, declined or refunded.
    public var payments: [String: String] = [:]
    public var reservations: [String: Reservation] = [:]
    public var stock: [String: StockLevel] = [:]
    public var shipments: [String: Int] = [:]
    /// Notifications per order and kind (confirmed, cancelled, shipped).
    public var notifications: [String: [String: Int]] = [:]
    public var emitted: [Emitted] = []

    public init() {}

    /// Reads every service database of the stack.
    public static func load(_ databases: StackDatabases) async throws(PostgresError) -> PipelineSnapshot {
        var snapshot = PipelineSnapshot()
        for service in PipelineService.allCases {
            let connection = try await PostgresConnection.connect(databases.configuration(of: service), logger: QuietLogger.make("orderflow.invariants"))
            let result: Result<Void, PostgresError>
            do {
                try await snapshot.read(service, connection)
                result = .success(())
            } catch {
                result = .failure(error)
            }
            await connection.close()
            try result.get()
        }
        return snapshot
    }

    private mutating func read(_ service: PipelineService, _ connection: PostgresConnection) async throws(PostgresError) {
        switch service {
        case .order:
            for row in try await connection.query(
                "SELECT order_id, status, cancel_reason, correlation_id, placed_version FROM orders") {
                orders[try row["order_id"].string()] = Order(
                    status: try row["status"].string(), cancelReason: try row["cancel_reason"].optional(Self.text),
                    correlationID: try row["correlation_id"].string(),
                    placedVersion: try row["placed_version"].optional(Self.integer))
            }
        case .payment:
            for row in try await connection.query("SELECT order_id::text AS order_id, status FROM payments") {
                payments[try row["order_id"].string()] = try row["status"].string()
            }
        case .inventory:
            for row in try await connection.query("SELECT sku, on_hand, reserved FROM stock") {
                stock[try row["sku"].string()] = StockLevel(onHand: try row["on_hand"].int(), reserved: try row["reserved"].int())
            }
            for row in try await connection.query("SELECT order_id::text AS order_id, status, lines::text AS lines FROM reservations") {
                reservations[try row["order_id"].string()] = Reservation(
                    status: try row["status"].string(), lines: Self.units(ofLines: try row["lines"].string()))
            }
        case .shipping:
            for row in try await connection.query(
                "SELECT order_id::text AS order_id, count(*) AS shipments FROM shipments GROUP BY order_id") {
                shipments[try row["order_id"].string()] = try row["shipments"].int()
            }
        case .notification:
            for row in try await connection.query(
                "SELECT order_id::text AS order_id, kind, count(*) AS sent FROM notifications GROUP BY order_id, kind") {
                notifications[try row["order_id"].string(), default: [:]][try row["kind"].string()] = try row["sent"].int()
            }
        }
        for row in try await connection.query("""
            SELECT convert_from(message_key, 'UTF8') AS key, event_type, correlation_id, published_at IS NOT NULL AS published
            FROM outbox
            """) {
            emitted.append(Emitted(
                service: service, key: try row["key"].string(), type: try row["event_type"].string(),
                correlationID: try row["correlation_id"].string(), published: try row["published"].bool()))
        }
    }

    private static func text(_ cell: PostgresCell) throws(PostgresError) -> String { try cell.string() }
    private static func integer(_ cell: PostgresCell) throws(PostgresError) -> Int { try cell.int() }

    /// `[{"sku": ..., "quantity": ...}]` as units per SKU; unreadable JSON counts as no lines.
    static func units(ofLines json: String) -> [String: Int] {
        guard let array = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]] else { return [:] }
        var units: [String: Int] = [:]
        for line in array {
            guard let sku = line["sku"] as? String, let quantity = line["quantity"] as? Int else { continue }
            units[sku, default: 0] += quantity
        }
        return units
    }
}
