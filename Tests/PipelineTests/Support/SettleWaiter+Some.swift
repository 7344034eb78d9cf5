import Invariants
import LocalStack
import OrderTraffic
import Postgres

extension SettleWaiter {
    /// Returns once at least `settled` of the orders are terminal.
    static func waitUntilSome(
        _ orders: [GeneratedOrder], settled: Int, in databases: StackDatabases, timeout: Duration
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            do {
                try await waitUntilSettled(orders, ordersDatabase: databases.configuration(of: .order), timeout: .zero)
                return
            } catch SettleError.timedOut(let progress, _) where progress.settled < settled {
                try await Task.sleep(for: .milliseconds(200))
            } catch SettleError.timedOut {
                return
            }
        }
        throw SettleError.timedOut(SettleProgress(total: orders.count, pending: [:]), after: timeout)
    }
}
