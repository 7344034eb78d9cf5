import Events
import LocalStack
import OrderTraffic
import Postgres

/// The end-to-end invariants of a pipeline run, checked for a set of generated orders against the
/// service databases:
/// - every order ends in exactly the terminal state its scenario calls for, none pending;
/// - stock on hand is unchanged, reserved is never negative and equals the held reservations;
/// - a cancelled order's reservation is released and its authorized payment refunded, each exactly once;
/// - a shipped order has one shipment and one confirmed and one shipped notification; a cancelled one a
///   single cancelled notification; a rejected one nothing downstream;
/// - every event of an order carries the correlation id of its request, and every outbox row is published.
public struct PipelineInvariants: Sendable {
    /// Stock on hand per SKU as seeded (nothing in the pipeline changes it).
    public var seededStock: [String: Int]
    /// The databases hold the runs' orders only: orders nobody generated are violations, and the units
    /// reserved must be exactly those of the shipped orders.
    public var exclusive: Bool

    public static let defaultSeededStock: [String: Int] = {
        var stock = Dictionary(uniqueKeysWithValues: (1...20).map { (String(format: "SKU-%04d", $0), 1_000_000) })
        stock[OrderGenerator.soldOutSKU] = 0
        return stock
    }()

    public init(seededStock: [String: Int] = Self.defaultSeededStock, exclusive: Bool = true) {
        self.seededStock = seededStock
        self.exclusive = exclusive
    }

    public func check(_ orders: [GeneratedOrder], in databases: StackDatabases) async throws(PostgresError) -> InvariantReport {
        evaluate(orders, try await PipelineSnapshot.load(databases))
    }

    /// Checks until every invariant holds or the timeout passes (effects downstream of the order service,
    /// like refunds and notifications, trail its terminal states); returns the last report.
    public func awaitHolding(
        _ orders: [GeneratedOrder], in databases: StackDatabases, timeout: Duration, interval: Duration = .milliseconds(500)
    ) async throws(PostgresError) -> InvariantReport {
        let deadline = ContinuousClock.now + timeout
        while true {
            let report = try await check(orders, in: databases)
            if report.holds || ContinuousClock.now >= deadline { return report }
            try? await Task.sleep(for: interval)
        }
    }

    public func evaluate(_ orders: [GeneratedOrder], _ snapshot: PipelineSnapshot) -> InvariantReport {
        var checker = InvariantChecker(snapshot: snapshot)
        checker.report.checkedOrders = orders.count
        checker.report.emittedEvents = snapshot.emitted.count
        for order in orders { checker.checkOrder(order) }
        checker.checkStock(seeded: seededStock, shippedOrders: exclusive ? orders : nil)
        checker.checkOutboxDrained()
        if exclusive { checker.checkNoStrangers(orders) }
        return checker.report
    }
}

/// Accumulates violations while walking the snapshot.
struct InvariantChecker {
    let snapshot: PipelineSnapshot
    let emittedByKey: [String: [PipelineSnapshot.Emitted]]
    var report = InvariantReport()

    init(snapshot: PipelineSnapshot) {
        self.snapshot = snapshot
        self.emittedByKey = Dictionary(grouping: snapshot.emitted, by: \.key)
    }

    mutating func fail(_ rule: InvariantViolation.Rule, _ subject: String?, _ detail: String) {
        report.violations.append(InvariantViolation(rule, subject, detail))
    }

    /// How many events of a type an order's key has in the outbox of a service.
    func emitted(_ type: String, by service: PipelineService, for key: String) -> Int {
        emittedByKey[key]?.filter { $0.type == type && $0.service == service }.count ?? 0
    }

    mutating func checkOutboxDrained() {
        let unpublished = snapshot.emitted.filter { !$0.published }
        guard !unpublished.isEmpty else { return }
        let byService = Dictionary(grouping: unpublished, by: \.service).map { "\($0.key.database)=\($0.value.count)" }.sorted()
        fail(.outbox, nil, "\(unpublished.count) outbox rows not published (\(byService.joined(separator: ", ")))")
    }

    mutating func checkNoStrangers(_ orders: [GeneratedOrder]) {
        let known = Set(orders.map(\.storedID))
        let strangers = snapshot.orders.keys.filter { !known.contains($0) }.sorted()
        for id in strangers.prefix(10) { fail(.unexpectedOrder, id, "an order nobody generated in this run") }
        if strangers.count > 10 { fail(.unexpectedOrder, nil, "\(strangers.count - 10) more orders nobody generated") }
    }
}

extension GeneratedOrder {
    /// The order id as the order service stores it.
    public var storedID: String { OrderIdentifier.canonical(request.orderId) }
}
