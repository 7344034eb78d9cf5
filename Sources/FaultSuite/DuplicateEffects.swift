import InventoryService
import LocalStack
import NotificationService
import OrderService
import PaymentService
import Postgres
import ShippingService
import Streaming

/// Effects that happened more than once, counted from the service databases: the figure the delivery
/// guarantees promise is zero however often Kafka redelivers. Each service declares its own checks;
/// every service emits each event type at most once per order.
struct DuplicateEffects: Sendable {
    /// Per check, how many surplus effects it found.
    var counts: [String: Int] = [:]

    var total: Int { counts.values.reduce(0, +) }

    var details: [String] {
        counts.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
    }

    static func checks(of service: PipelineService) -> [ConsistencyCheck] {
        let own = switch service {
        case .order: OrderReads.consistencyChecks
        case .payment: PaymentReads.consistencyChecks
        case .inventory: InventoryReads.consistencyChecks
        case .shipping: ShippingReads.consistencyChecks
        case .notification: NotificationReads.consistencyChecks
        }
        let emissions = OutboxInspection.repeatedEmissions
        return own + [ConsistencyCheck(name: "\(service.database): \(emissions.name)", check: emissions)]
    }

    static func count(in databases: StackDatabases) async throws(PostgresError) -> DuplicateEffects {
        var effects = DuplicateEffects()
        for service in PipelineService.allCases {
            let connection = try await PostgresConnection.connect(databases.configuration(of: service))
            let result: Result<Void, PostgresError>
            do {
                for check in checks(of: service) {
                    effects.counts[check.name] = try await check.surplus(on: connection)
                }
                result = .success(())
            } catch {
                result = .failure(error)
            }
            await connection.close()
            try result.get()
        }
        return effects
    }
}
