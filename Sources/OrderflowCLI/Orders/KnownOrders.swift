import Events
import Foundation
import OrderService
import OrderTraffic
import Postgres
import Synchronization

/// Orders of a `produce --wait` run the order service already has on record: the same ids from an
/// earlier run with the same seed. The service treats their requests as repeats and does nothing, so
/// waiting for their events would only run into the timeout; they are reported at once, with the
/// outcome the database holds for them (re-read while the run waits, for those still under way).
final class KnownOrders: Sendable {
    /// Where they were found (redacted URL).
    let source: String
    private let configuration: PostgresConfiguration
    /// By the order id as produced.
    private let orders: Mutex<[String: OrderSummary]>

    private init(source: String, configuration: PostgresConfiguration, orders: [String: OrderSummary]) {
        self.source = source
        self.configuration = configuration
        self.orders = Mutex(orders)
    }

    var isEmpty: Bool { orders.withLock { $0.isEmpty } }

    func summary(_ orderID: String) -> OrderSummary? { orders.withLock { $0[orderID] } }

    /// Known orders without a terminal status yet.
    var underWay: [String] {
        orders.withLock { $0.filter { OrderStatus(rawValue: $0.value.status)?.isTerminal != true }.map(\.key) }
    }

    /// Looks the run's order ids up in the orders database, when one is configured (DATABASE_URL, or the
    /// dev stack's env file); nil when there is none or it cannot be read (then nothing is known).
    static func lookUp(mix: OrderMix, seed: UInt64, version: Int, count: Int) async -> KnownOrders? {
        guard let url = SettingSource.resolve(flag: nil, variable: "DATABASE_URL")?.value,
              var configuration = try? PostgresConfiguration(url: url).with(database: "orders") else { return nil }
        configuration.connectTimeout = .seconds(3)
        configuration.applicationName = "orderflow-cli"
        // The same generator the sender runs: the same seed gives the same ids.
        var generator = OrderGenerator(mix: mix, seed: seed, requestVersion: version)
        let ids = (0..<count).map { _ in generator.next().key }
        guard let found = await read(ids, configuration) else { return nil }
        return KnownOrders(source: configuration.redactedURL, configuration: configuration, orders: found)
    }

    /// Reads the orders still under way again.
    func refresh() async {
        let ids = underWay
        guard !ids.isEmpty, let found = await Self.read(ids, configuration) else { return }
        orders.withLock { orders in
            for (id, summary) in found { orders[id] = summary }
        }
    }

    private static func read(_ ids: [String], _ configuration: PostgresConfiguration) async -> [String: OrderSummary]? {
        guard let connection = try? await PostgresConnection.connect(configuration, logger: CLILogging.logger("postgres")) else { return nil }
        let answer = try? await OrderReads(connection).summaries(of: ids)
        await connection.close()
        guard let answer else { return nil }
        var known: [String: OrderSummary] = [:]
        for id in ids {
            if let summary = answer[OrderIdentifier.canonical(id)] { known[id] = summary }
        }
        return known
    }

    /// The note printed before producing.
    func notice(seed: UInt64, total: Int) -> String {
        let count = orders.withLock { $0.count }
        return "\(count) of \(total) orders are already known to the order service (\(source)): the same ids came from an "
            + "earlier run with seed \(seed). It ignores repeated requests, so their outcomes are read from its database "
            + "instead of awaited. Another --seed (or none) makes new orders; `orderflow dev reset` empties the dev stack."
    }
}
