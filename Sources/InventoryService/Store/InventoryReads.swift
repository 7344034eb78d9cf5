import Events
import Foundation
import Postgres
import Streaming

/// The inventory service's public read API over its database.
public struct InventoryReads: Sendable {
    let connection: PostgresConnection

    public init(_ connection: PostgresConnection) {
        self.connection = connection
    }

    /// Every SKU's stock.
    public func stockLevels() async throws(PostgresError) -> [String: StockLevel] {
        var stock: [String: StockLevel] = [:]
        for row in try await connection.query("SELECT sku, on_hand, reserved FROM stock") {
            stock[try row["sku"].string()] = StockLevel(onHand: try row["on_hand"].int(), reserved: try row["reserved"].int())
        }
        return stock
    }

    /// Every order's reservation, by order id.
    public func reservations() async throws(PostgresError) -> [String: ReservationRecord] {
        var reservations: [String: ReservationRecord] = [:]
        for row in try await connection.query("SELECT order_id::text AS order_id, status, lines::text AS lines FROM reservations") {
            guard let status = ReservationStatus(rawValue: try row["status"].string()) else { continue }
            reservations[try row["order_id"].string()] = ReservationRecord(status: status, units: Self.units(ofLines: try row["lines"].string()))
        }
        return reservations
    }

    /// One order's reservation, nil when inventory never saw the order (or the id is not a UUID).
    public func reservation(of orderID: String) async throws(PostgresError) -> ReservationRecord? {
        let id = OrderIdentifier.canonical(orderID)
        guard UUID(uuidString: id) != nil, let row = try await connection.query(
            "SELECT status, lines::text AS lines FROM reservations WHERE order_id = $1::uuid", [.text(id)]).first,
            let status = ReservationStatus(rawValue: try row["status"].string())
        else { return nil }
        return ReservationRecord(status: status, units: Self.units(ofLines: try row["lines"].string()))
    }

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

    /// What must never happen twice in the inventory database.
    public static let consistencyChecks = [
        ConsistencyCheck(name: "inventory: SKUs whose reserved units differ from the held reservations", sql: """
            SELECT count(*) AS surplus FROM stock s
            WHERE s.reserved <> coalesce((
              SELECT sum((line->>'quantity')::bigint) FROM reservations r, jsonb_array_elements(r.lines) AS line
              WHERE r.status = 'held' AND line->>'sku' = s.sku), 0)
            """),
    ]
}
