import Foundation
import InventoryService
import LocalStack
import NotificationService
import OrderService
import PaymentService
import Postgres
import ShippingService
import Streaming

/// What the five service databases say, as plain values: the input of `PipelineInvariants`.
public struct PipelineSnapshot: Sendable {
    public typealias Order = OrderSummary
    public typealias StockLevel = InventoryService.StockLevel

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
            orders = try await OrderReads(connection).summaries()
        case .payment:
            payments = try await PaymentReads(connection).statuses().mapValues(\.rawValue)
        case .inventory:
            let reads = InventoryReads(connection)
            stock = try await reads.stockLevels()
            reservations = try await reads.reservations().mapValues { Reservation(status: $0.status.rawValue, lines: $0.units) }
        case .shipping:
            shipments = try await ShippingReads(connection).shipmentCounts()
        case .notification:
            notifications = try await NotificationReads(connection).counts().mapValues { counts in
                Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) })
            }
        }
        emitted += try await OutboxInspection(connection).emitted().map { row in
            Emitted(service: service, key: row.key, type: row.type, correlationID: row.correlationID, published: row.published)
        }
    }
}
