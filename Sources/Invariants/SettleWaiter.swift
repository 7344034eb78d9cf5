import LocalStack
import OrderService
import OrderTraffic
import Postgres

/// Waits until the order service has every generated order in a terminal state.
public enum SettleWaiter {
    public static let terminalStatuses = Set(OrderStatus.terminal.map(\.rawValue))

    /// Polls the orders database; on timeout throws with the orders still pending (and their status).
    @discardableResult
    public static func waitUntilSettled(
        _ orders: [GeneratedOrder], ordersDatabase: PostgresConfiguration, timeout: Duration,
        interval: Duration = .milliseconds(500)
    ) async throws(SettleError) -> SettleProgress {
        let started = ContinuousClock.now
        let ids = orders.map(\.storedID)
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(ordersDatabase, logger: QuietLogger.make("orderflow.settle"))
        } catch {
            throw .database(error.description)
        }
        let result = await poll(ids, connection, started: started, timeout: timeout, interval: interval)
        await connection.close()
        return try result.get()
    }

    private static func poll(
        _ ids: [String], _ connection: PostgresConnection, started: ContinuousClock.Instant, timeout: Duration,
        interval: Duration
    ) async -> Result<SettleProgress, SettleError> {
        while true {
            let last: SettleProgress
            do {
                last = try await progress(ids, connection)
            } catch {
                return .failure(.database(error.description))
            }
            if last.isSettled { return .success(last) }
            if ContinuousClock.now - started >= timeout { return .failure(.timedOut(last, after: timeout)) }
            try? await Task.sleep(for: interval)
        }
    }

    static func progress(_ ids: [String], _ connection: PostgresConnection) async throws(PostgresError) -> SettleProgress {
        let statuses = try await OrderReads(connection).statuses(of: ids)
        var pending: [String: String] = [:]
        for id in ids where !terminalStatuses.contains(statuses[id] ?? "") { pending[id] = statuses[id] ?? "missing" }
        return SettleProgress(total: ids.count, pending: pending)
    }
}

public struct SettleProgress: Sendable, CustomStringConvertible {
    public var total: Int
    /// Order id → its status ("missing" if the order service has no row).
    public var pending: [String: String]

    public init(total: Int, pending: [String: String]) {
        self.total = total
        self.pending = pending
    }

    public var settled: Int { total - pending.count }
    public var isSettled: Bool { pending.isEmpty }

    public var description: String {
        let examples = pending.sorted { $0.key < $1.key }.prefix(10).map { "\($0.key) (\($0.value))" }
        return "\(settled)/\(total) orders settled" + (pending.isEmpty ? "" : "; pending: " + examples.joined(separator: ", ")
            + (pending.count > 10 ? ", … \(pending.count - 10) more" : ""))
    }
}

public enum SettleError: Error, Sendable, CustomStringConvertible {
    case timedOut(SettleProgress, after: Duration)
    case database(String)

    public var description: String {
        switch self {
        case .timedOut(let progress, let after): "orders not settled after \(after): \(progress)"
        case .database(let problem): "cannot read the orders database: \(problem)"
        }
    }
}
