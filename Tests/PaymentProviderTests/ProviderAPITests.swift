import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PaymentProvider
import Testing

@Suite("Payment provider API", .serialized)
struct ProviderAPITests {
    @Test func chargesAreDecidedByTheRules() async throws {
        try await ProviderHarness.with { _, client in
            let authorized = try await client.charge(.order(), key: "k1")
            #expect(authorized.status == .created)
            #expect(try ProviderHarness.decode(ChargeView.self, authorized).status == .authorized)

            let card = try await client.charge(.order(token: "tok_decline_insufficient"), key: "k2")
            #expect(card.status == HTTPResponse.Status(code: 402))
            #expect(try ProviderHarness.decode(ChargeView.self, card).declineReason == .cardDeclined)

            let limit = try await client.charge(.order(amount: 999_000), key: "k3")
            #expect(limit.status == HTTPResponse.Status(code: 402))
            #expect(try ProviderHarness.decode(ChargeView.self, limit).declineReason == .creditLimitExceeded)
            #expect(try await client.charges().map(\.status) == [.authorized, .declined, .declined])
        }
    }

    @Test func theSameKeyAndBodyGetTheFirstAnswerAndChargeOnce() async throws {
        try await ProviderHarness.with { _, client in
            let request = ChargeRequest.order()
            let first = try await client.charge(request, key: "order-1")
            let again = try await client.charge(request, key: "order-1")
            #expect(again.status == first.status)
            #expect(again.body == first.body)
            #expect(again.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(try await client.charges().count == 1)
        }
    }

    @Test func theSameKeyWithAnotherBodyIsRefused() async throws {
        try await ProviderHarness.with { _, client in
            _ = try await client.charge(.order("o-1"), key: "order-1")
            let other = try await client.charge(.order("o-1", amount: 7_000), key: "order-1")
            #expect(other.status == .unprocessableContent)
            #expect(try ProviderHarness.decode(ProviderProblem.self, other).error == "idempotency_key_reused")
            let refundUnderChargeKey = try await client.refund(RefundRequest(reference: "o-1", reason: "x"), key: "order-1")
            #expect(refundUnderChargeKey.status == .unprocessableContent)
            #expect(try await client.charges().count == 1)
        }
    }

    @Test func aRequestWithoutKeyOrWithANonsenseBodyIsABadRequest() async throws {
        try await ProviderHarness.with { _, client in
            let noKey = try await client.execute(uri: "/v1/charges", method: .post, body: ProviderHarness.json(ChargeRequest.order()))
            #expect(noKey.status == .badRequest)
            let nonsense = try await client.execute(
                uri: "/v1/charges", method: .post, headers: [HTTPField.Name("Idempotency-Key")!: "k"], body: ByteBuffer(string: "{"))
            #expect(nonsense.status == .badRequest)
            #expect(try await client.charges().isEmpty)
        }
    }

    @Test func concurrentRequestsWithOneKeyChargeOnce() async throws {
        try await ProviderHarness.with { _, client in
            let request = ChargeRequest.order()
            let answers = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<8 {
                    group.addTask { String(buffer: try await client.charge(request, key: "racing").body) }
                }
                return try await group.reduce(into: Set<String>()) { _ = $0.insert($1) }
            }
            #expect(answers.count == 1)
            #expect(try await client.charges().count == 1)
        }
    }

    @Test func aRefundGivesTheChargeBackOnceAndFreesTheCredit() async throws {
        try await ProviderHarness.with { _, client in
            #expect(try await client.charge(.order("o-1", amount: 600_000), key: "charge:o-1").status == .created)
            #expect(try await client.charge(.order("o-2", amount: 500_000), key: "charge:o-2").status == HTTPResponse.Status(code: 402))

            let refund = try await client.refund(RefundRequest(reference: "o-1", reason: "order_cancelled"), key: "refund:o-1")
            #expect(refund.status == .created)
            let view = try ProviderHarness.decode(RefundView.self, refund)
            #expect(view.amount == 600_000)
            let replay = try await client.refund(RefundRequest(reference: "o-1", reason: "order_cancelled"), key: "refund:o-1")
            #expect(replay.body == refund.body)
            let second = try await client.refund(RefundRequest(reference: "o-1", reason: "other"), key: "refund:o-1:other")
            #expect(second.status == .conflict)
            #expect(try ProviderHarness.decode(ProviderProblem.self, second).error == "already_refunded")

            let none = try await client.refund(RefundRequest(reference: "o-2", reason: "order_cancelled"), key: "refund:o-2")
            #expect(none.status == .notFound)
            #expect(try ProviderHarness.decode(ProviderProblem.self, none).error == "no_charge")

            #expect(try await client.charge(.order("o-3", amount: 500_000), key: "charge:o-3").status == .created)
            let held = try await client.charges()
            let first = try #require(held.first { $0.reference == "o-1" })
            #expect(first.status == .refunded)
            #expect(first.refundId == view.id)
            #expect(first.refundReason == "order_cancelled")
        }
    }

    @Test func aRestartLosesNoChargeAndKeepsItsAnswers() async throws {
        try await ProviderHarness.with { harness, client in
            let request = ChargeRequest.order()
            let first = try await client.charge(request, key: "durable")
            let again = try await harness.serve(.router) { _, restarted in
                let charges = try await restarted.charges()
                #expect(charges.count == 1)
                return try await restarted.charge(request, key: "durable")
            }
            #expect(again.body == first.body)
        }
    }

    @Test func injectedErrorsAnswer503AndCarryNothingOut() async throws {
        try await ProviderHarness.with { harness, client in
            #expect(try await client.setFaults(FaultSettings(errorRate: 1)).status == .ok)
            let failed = try await client.charge(.order("o-1"), key: "charge:o-1")
            #expect(failed.status == .serviceUnavailable)
            #expect(try await client.charges().isEmpty)

            #expect(try await client.execute(uri: "/admin/faults", method: .delete).status == .ok)
            #expect(harness.faults.current == .healthy)
            #expect(try await client.charge(.order("o-1"), key: "charge:o-1").status == .created)
        }
    }

    @Test func aHangingRequestIsLetGoByARecovery() async throws {
        try await ProviderHarness.with { harness, client in
            _ = try await client.setFaults(FaultSettings(hangRate: 1))
            let hanging = Task { try await client.charge(.order(), key: "hangs") }
            try await Task.sleep(for: .milliseconds(300))
            harness.faults.reset()
            #expect(try await hanging.value.status == .gatewayTimeout)
            #expect(try await client.charges().isEmpty)
        }
    }

    @Test func faultSettingsAreReadBackAndCheckedAtTheDoor() async throws {
        try await ProviderHarness.with { _, client in
            let settings = FaultSettings(latencyMs: 200, jitterMs: 50, errorRate: 0.2, hangRate: 0.05)
            #expect(try await client.setFaults(settings).status == .ok)
            let read = try ProviderHarness.decode(FaultSettings.self, try await client.execute(uri: "/admin/faults", method: .get))
            #expect(read == settings)
            #expect(try await client.setFaults(FaultSettings(errorRate: 2)).status == .badRequest)
        }
    }
}
