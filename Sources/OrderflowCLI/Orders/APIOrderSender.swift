import Foundation
import OrderTraffic
import Synchronization

/// The produce loop of `orders produce --via api`: generates orders at the rate, posts each to the order
/// API with several requests in flight, and records each answer. A 429 pauses every request for its
/// `Retry-After`, then the same request (same `Idempotency-Key`) is sent again; no answer or a 5xx is
/// retried a few times; a 401/403 stops the run, as no other order would fare better.
struct APIOrderSender {
    var client: OrderAPIClient
    var generator: OrderGenerator
    var count: Int
    var rate: Double?
    var tally: ProducedOrders

    static let maxInFlight = 16
    /// Tries of one order that found the API unavailable (no answer, 5xx) before it counts as failed.
    static let unavailableTries = 4
    /// 429s one order may meet before it counts as failed: enough for minutes of a steady limit.
    static let rateLimitedTries = 60

    /// Returns when every order was answered (or failed), or early on Ctrl-C; throws when the API
    /// refused the token.
    func run() async throws(CLIError) {
        var generator = generator
        let clock = ContinuousClock()
        var bucket = TokenBucket(rate: rate, now: clock.now)
        let pause = RetryPause()
        let refusal = FirstRefusal()
        var produced = 0
        await withTaskGroup(of: Void.self) { group in
            var inFlight = 0
            while produced < count, !Interrupt.requested, refusal.error == nil {
                if inFlight >= Self.maxInFlight {
                    await group.next()
                    inFlight -= 1
                    continue
                }
                guard bucket.take(upTo: 1, now: clock.now) == 1 else {
                    try? await Task.sleep(for: max(.milliseconds(1), min(bucket.waitForNext, .milliseconds(50))))
                    continue
                }
                let order = generator.next(at: Date())
                let index = tally.registerSent([order])
                let client = client, tally = tally
                group.addTask {
                    let answer = await Self.send(order, client: client, pause: pause)
                    switch answer {
                    case .refused(let error):
                        refusal.record(error)
                        tally.recordAPIAnswer(.failed(error.message), at: index, answeredAt: ContinuousClock().now)
                    case .answered(let recorded):
                        tally.recordAPIAnswer(recorded, at: index, answeredAt: ContinuousClock().now)
                    }
                }
                inFlight += 1
                produced += 1
            }
        }
        if let error = refusal.error { throw error }
    }

    private enum Outcome: Sendable {
        case answered(ProducedOrders.APIAnswer)
        case refused(CLIError)
    }

    private static func send(_ order: GeneratedOrder, client: OrderAPIClient, pause: RetryPause) async -> Outcome {
        let body = OrderAPIClient.body(for: order.request)
        // One key for every try of this order, so a retry after a lost answer never creates a second order.
        let key = UUID().uuidString
        var unavailable = 0
        var limited = 0
        while true {
            await pause.wait()
            if Interrupt.requested { return .answered(.failed("interrupted before the API answered")) }
            switch await client.create(body, idempotencyKey: key) {
            case .accepted(let correlationID):
                return .answered(.accepted(correlationID: correlationID))
            case .rejected:
                return .answered(.rejected)
            case .retryAfter(let seconds):
                limited += 1
                guard limited < rateLimitedTries else {
                    return .answered(.failed("the order API kept answering 429 (rate limited) \(limited) times"))
                }
                pause.hold(for: .seconds(seconds), client: client)
            case .unavailable(let detail):
                unavailable += 1
                guard unavailable < unavailableTries else {
                    return .answered(.failed("the order API at \(client.base): \(detail)"))
                }
                try? await Task.sleep(for: .milliseconds(200 << unavailable))
            case .refused(let status, let detail):
                let hint = status == 401
                    ? "pass --token, set ORDERFLOW_API_TOKEN, or print one with 'orderflow token'"
                    : "print one that has it with 'orderflow token --scope orders:write'"
                return .refused(CLIError("the order API at \(client.base) refused the token (HTTP \(status)): \(detail); \(hint)"))
            case .failed(let status, let detail):
                return .answered(.failed("the order API answered HTTP \(status): \(detail)"))
            }
        }
    }
}

/// The first refusal of the token: it ends the run.
final class FirstRefusal: Sendable {
    private let first = Mutex<CLIError?>(nil)

    func record(_ error: CLIError) {
        first.withLock { if $0 == nil { $0 = error } }
    }

    var error: CLIError? { first.withLock { $0 } }
}

/// A shared pause after a 429: every request waits until the `Retry-After` the API asked for has
/// passed, so the sender slows down as a whole instead of each request hammering on alone.
final class RetryPause: Sendable {
    private let until = Mutex<ContinuousClock.Instant?>(nil)
    private let told = Atomic<Bool>(false)

    func hold(for duration: Duration, client: OrderAPIClient) {
        let end = ContinuousClock.now.advanced(by: duration)
        until.withLock { current in
            if current.map({ $0 < end }) ?? true { current = end }
        }
        if !told.exchange(true, ordering: .relaxed) {
            Terminal.err("the order API at \(client.base) is rate limiting (429): pausing for its Retry-After of \(duration.components.seconds) s, then retrying; lower --rate to avoid it")
        }
    }

    func wait() async {
        while let end = until.withLock({ $0 }), ContinuousClock.now < end {
            try? await Task.sleep(until: end, clock: .continuous)
        }
    }
}
