import Events
import Foundation
import OrderService
import OrderTraffic
import Postgres

/// Orders of a `produce --wait` run the order service already has on record: the same ids from an
/// earlier run with the same seed. The service treats their requests as repeats and does nothing, so
/// waiting for them would only run into the timeout; they are reported at once, with the outcome the
/// database holds for them.
struct KnownOrders: Sendable {
    /// By the order id as produced.
    var orders: [String: OrderSummary]
    /// Where they were found (redacted URL).
    var source: String

    var isEmpty: Bool { orders.isEmpty }

    func summary(_ orderID: String) -> OrderSummary? { orders[orderID] }

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
        guard let connection = try? await PostgresConnection.connect(configuration, logger: CLILogging.logger("postgres")) else { return nil }
        let answer = try? await OrderReads(connection).summaries(of: ids)
        await connection.close()
        guard let found = answer else { return nil }
        var known: [String: OrderSummary] = [:]
        for id in ids {
            if let summary = found[OrderIdentifier.canonical(id)] { known[id] = summary }
        }
        return KnownOrders(orders: known, source: configuration.redactedURL)
    }

    /// The note printed before producing.
    func notice(seed: UInt64, total: Int) -> String {
        let settled = orders.values.filter { OrderStatus(rawValue: $0.status)?.isTerminal == true }.count
        return "\(orders.count) of \(total) orders are already known to the order service (\(source)): the same ids "
            + "came from an earlier run with seed \(seed). It ignores repeated requests, so they are not waited for; "
            + "\(settled) of them show their recorded outcome, the rest are reported as already known. "
            + "Another --seed (or none) makes new orders; `orderflow dev reset` empties the stack."
    }
}
