import Invariants
import LocalStack
import OrderTraffic
import Postgres

/// Waits for orders to settle while the database itself may be down for a while: connection failures
/// are retried until the deadline rather than ending the wait.
enum SettleWatch {
    struct Outcome: Sendable {
        var progress: SettleProgress
        /// When the last order settled (nil if some never did).
        var settledAt: ContinuousClock.Instant?
        var lastError: String?
    }

    static func wait(_ orders: [GeneratedOrder], in databases: StackDatabases, timeout: Duration) async -> Outcome {
        let deadline = ContinuousClock.now + timeout
        var last = SettleProgress(total: orders.count, pending: Dictionary(orders.map { ($0.storedID, "unknown") }, uniquingKeysWith: { first, _ in first }))
        var lastError: String?
        while true {
            do {
                let progress = try await SettleWaiter.waitUntilSettled(
                    orders, ordersDatabase: databases.configuration(of: .order), timeout: .zero)
                return Outcome(progress: progress, settledAt: .now, lastError: nil)
            } catch {
                switch error {
                case .timedOut(let progress, _): last = progress
                case .database(let problem): lastError = problem
                }
            }
            if ContinuousClock.now >= deadline { return Outcome(progress: last, settledAt: nil, lastError: lastError) }
            try? await Task.sleep(for: .milliseconds(500))
        }
    }
}
