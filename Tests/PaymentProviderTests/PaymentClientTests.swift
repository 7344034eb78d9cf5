import Events
import Foundation
import HummingbirdTesting
import Logging
import PaymentProvider
@testable import PaymentService
import Streaming
import Testing
import TestSupport

/// The payment service's client against a live provider simulator: answers, idempotency, deadlines,
/// tries, and the breaker's refusals.
@Suite("Payment provider client", .serialized)
struct PaymentClientTests {
    static func order(token: String = "tok_visa", amount: Int64 = 5_000) -> OrderPlaced {
        OrderPlaced(
            orderId: UUID(), customerId: "c-\(UUID().uuidString.prefix(6))", lines: [], totalAmount: amount, paymentToken: token,
            shippingCountry: "DE", currency: "EUR")
    }

    /// A client of the provider at `port`, with `settings` over test defaults (quick tries).
    static func client(port: Int, _ settings: [String: String] = [:]) -> (PaymentProviderClient, StreamingMetrics) {
        var environment = [
            "PAYMENT_PROVIDER_URL": "http://127.0.0.1:\(port)", "PAYMENT_PROVIDER_ATTEMPTS": "2",
            "PAYMENT_PROVIDER_RETRY_BASE_MS": "5", "PAYMENT_PROVIDER_TIMEOUT_MS": "2000",
        ]
        environment.merge(settings) { _, new in new }
        var reader = EnvironmentReader(environment)
        let provider = ProviderSettings(from: &reader)
        let metrics = StreamingMetrics(service: "payment-client-test")
        let client = PaymentProviderClient(
            settings: provider, http: Self.http,
            metrics: DependencyMetrics(metrics, dependency: PaymentProviderClient.dependency), logLabel: "payment-client-test")
        return (client, metrics)
    }

    static let log = Logger(label: "payment-client-test")

    /// One HTTP client for every test, as the service keeps one for its lifetime (a client must be shut
    /// down before it goes away; this one never goes away). Deadlines are per call, not the client's.
    static let http = {
        var reader = EnvironmentReader(["PAYMENT_PROVIDER_URL": "http://127.0.0.1:1"])
        return PaymentProviderClient.makeHTTPClient(ProviderSettings(from: &reader))
    }()

    /// Runs `body` against a live provider on a scratch database.
    static func withProvider(_ body: @escaping @Sendable (ProviderHarness, Int) async throws -> Void) async throws {
        let database = try await ScratchDatabase.create(prefix: "provider")
        try await ScratchDatabase.using(database) { database in
            let harness = ProviderHarness(database: database, faults: FaultSwitch(hangLimit: .seconds(30)))
            try await harness.serve(.live) { harness, client in try await body(harness, try #require(client.port)) }
        }
    }

    @Test func aChargeIsAnsweredOnceWhateverRepeatsIt() async throws {
        try await Self.withProvider { _, port in
            let (client, _) = Self.client(port: port)
            let order = Self.order()
            let first = try await client.charge(order, log: Self.log)
            guard case .authorized = first else { Issue.record("expected an authorization, got \(first)"); return }
            #expect(try await client.charge(order, log: Self.log) == first)
            let declined = try await client.charge(Self.order(token: "tok_decline_card"), log: Self.log)
            guard case .declined(_, let reason) = declined else { Issue.record("expected a decline, got \(declined)"); return }
            #expect(reason == "card_declined")
        }
    }

    @Test func aRefundIsMadeOnceAndADeclinedOrderHasNothingToRefund() async throws {
        try await Self.withProvider { _, port in
            let (client, _) = Self.client(port: port)
            let order = Self.order()
            _ = try await client.charge(order, log: Self.log)
            let refund = try await client.refund(orderID: order.orderId, reason: .orderCancelled, log: Self.log)
            guard case .refunded = refund else { Issue.record("expected a refund, got \(refund)"); return }
            #expect(try await client.refund(orderID: order.orderId, reason: .orderCancelled, log: Self.log) == refund)

            let declined = Self.order(token: "tok_decline")
            _ = try await client.charge(declined, log: Self.log)
            #expect(try await client.refund(orderID: declined.orderId, reason: .orderCancelled, log: Self.log) == .nothingToRefund)
        }
    }

    @Test func serverErrorsAreTriedAgainThenLeftToTheMessagesRetry() async throws {
        try await Self.withProvider { harness, port in
            let (client, metrics) = Self.client(port: port)
            harness.faults.apply(FaultSettings(errorRate: 1))
            do {
                _ = try await client.charge(Self.order(), log: Self.log)
                Issue.record("a charge answered 503 succeeded")
            } catch let error as HandlerError {
                #expect(error.kind == .retryable)
                #expect(error.errorClass == "provider_server_error")
            }
            #expect(metrics.total(MetricNames.dependencyCalls, matching: "outcome=\"failure\"") == 2, "two tries")
        }
    }

    @Test func aHangingCallEndsAtItsDeadline() async throws {
        try await Self.withProvider { harness, port in
            let (client, _) = Self.client(port: port, ["PAYMENT_PROVIDER_TIMEOUT_MS": "200", "PAYMENT_PROVIDER_ATTEMPTS": "1"])
            harness.faults.apply(FaultSettings(hangRate: 1))
            do {
                _ = try await client.charge(Self.order(), log: Self.log)
                Issue.record("a hanging charge returned")
            } catch let error as HandlerError {
                #expect(error.errorClass == "provider_timeout")
            }
            harness.faults.reset()
        }
    }

    @Test func aDownProviderIsUnreachableAndOpensTheBreakerWhichRefusesWithoutCalling() async throws {
        try await Self.withProvider { harness, port in
            let (client, metrics) = Self.client(port: port, [
                "PAYMENT_PROVIDER_BREAKER_MINIMUM_CALLS": "2", "PAYMENT_PROVIDER_BREAKER_WINDOW": "4",
                "PAYMENT_PROVIDER_BREAKER_OPEN_MS": "60000",
            ])
            harness.faults.apply(FaultSettings(downForMs: 60_000))
            for order in 1...2 {
                // One order's three tries take one place in the window; the second order fills the minimum.
                #expect(client.breaker.state == .closed, "before order \(order)")
                do {
                    _ = try await client.charge(Self.order(), log: Self.log)
                    Issue.record("a charge to a down provider succeeded")
                } catch let error as HandlerError {
                    #expect(error.errorClass == "provider_unreachable")
                } catch is DependencyUnavailable {
                    // The second order's first failure opened the breaker, which refused its retry.
                    #expect(order == 2)
                }
            }
            #expect(client.breaker.state == .open)
            #expect(client.breaker.holdReason() != nil)
            await #expect(throws: DependencyUnavailable.self) { _ = try await client.charge(Self.order(), log: Self.log) }
            #expect(metrics.total(MetricNames.dependencyCalls, matching: "outcome=\"not_permitted\"") == 2)
            harness.faults.reset()
        }
    }
}
