import Events
import Logging
import Streaming

let placedVersion = Setting.choice(
    name: "ORDER_PLACED_VERSION", description: "order.placed schema version this deployment publishes",
    default: 2, options: [1, 2].map { (String($0), $0) }, example: "1")

/// The order service: validates requests, places orders and follows each order's saga; serves the
/// order API. Reads `ORDER_PLACED_VERSION` from the environment when first used.
public let definition: ServiceDefinition = {
    var reader = EnvironmentReader()
    let version = reader.read(placedVersion)
    let edge = APIEdgeSettings(from: &reader)

    var handlers = EventHandlers()
    let requests = OrderRequestHandler(placedVersion: version)
    let saga = OrderSagaHandler()
    handlers.on(OrderRequested.self) { event, context in try await requests.handle(event, context) }
    handlers.on(PaymentAuthorized.self) { event, context in
        try await saga.apply(.payment(.authorized(paymentID: event.data.paymentId)), orderID: event.data.orderId, context)
    }
    handlers.on(PaymentDeclined.self) { event, context in
        try await saga.apply(.payment(.declined(reason: event.data.reason.rawValue)), orderID: event.data.orderId, context)
    }
    handlers.on(StockReserved.self) { event, context in
        try await saga.apply(.stock(.reserved(reservationID: event.data.reservationId)), orderID: event.data.orderId, context)
    }
    handlers.on(StockRejected.self) { event, context in
        let detail = event.data.unavailable.map { "\($0.sku): requested \($0.requested), available \($0.available)" }
        return try await saga.apply(.stock(.rejected(detail: detail.joined(separator: "; "))), orderID: event.data.orderId, context)
    }
    handlers.on(ShipmentScheduled.self) { event, context in
        try await saga.apply(.shipment(event.data.shipmentId), orderID: event.data.orderId, context)
    }

    var service = ServiceDefinition(
        name: "order-service",
        summary: "Validates order requests, places orders and tracks each order's saga to its end; serves /api/v1/orders.",
        defaultHTTPPort: 8080,
        database: "orders",
        topics: ServiceSubscriptions.order,
        migrations: OrderMigrations.all,
        handlers: handlers,
        variables: [placedVersion] + APIEdgeSettings.Variables.all,
        problems: reader.problems,
        warnings: APIEdge.warnings(edge),
        routes: { router, resources in
            let logger = Logger(label: "order-api")
            let pool = ConnectionPool(configuration: resources.database, maxConnections: 4, logger: logger)
            OrderAPI(pool: pool, outbox: resources.outbox, placedVersion: version, logger: logger)
                .add(to: router, edge: APIEdge.middleware(edge, metrics: resources.metrics, logger: logger))
        })
    // Each event of an order moves its saga from the state the one before left; applying the next one
    // without this one would decide the order on a state that never was, so the key waits for an operator.
    service.exhaustedParked = .hold
    return service
}()
