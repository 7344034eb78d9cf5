import Foundation
import HummingbirdTesting
import PaymentProvider
import Testing

/// The failing-reference fault (`orderflow dev psp --fail-reference`): one order's charges and refunds
/// answer 503 without being carried out while everyone else's go through, until the faults change.
@Suite("Payment provider: one failing reference")
struct ProviderFailingReferenceTests {
    @Test func onlyTheFailingReferenceIsRefusedUntilTheFaultsAreReset() async throws {
        try await ProviderHarness.with { harness, client in
            #expect(try await client.setFaults(FaultSettings(failReference: "o-poisoned")).status == .ok)
            #expect(harness.faults.current.failReference == "o-poisoned")

            let refused = try await client.charge(.order("o-poisoned"), key: "charge:o-poisoned")
            #expect(refused.status == .serviceUnavailable)
            let problem = try ProviderHarness.decode(ProviderProblem.self, refused)
            #expect(problem.error == "unavailable" && problem.detail.contains("o-poisoned"))
            #expect(try await client.refund(RefundRequest(reference: "o-poisoned", reason: "order_cancelled"), key: "refund:o-poisoned")
                .status == .serviceUnavailable)

            // The body the fault read is still there for the route: another order is charged as usual.
            #expect(try await client.charge(.order("o-healthy"), key: "charge:o-healthy").status == .created)
            #expect(try await client.charges().map(\.reference) == ["o-healthy"])

            #expect(try await client.execute(uri: "/admin/faults", method: .delete).status == .ok)
            #expect(harness.faults.current == .healthy)
            #expect(try await client.charge(.order("o-poisoned"), key: "charge:o-poisoned").status == .created)
        }
    }

    @Test func theFailingReferenceIsReadBackAndCheckedAtTheDoor() async throws {
        try await ProviderHarness.with { _, client in
            let settings = FaultSettings(latencyMs: 20, failReference: "o-1")
            #expect(try await client.setFaults(settings).status == .ok)
            #expect(try ProviderHarness.decode(FaultSettings.self, try await client.execute(uri: "/admin/faults", method: .get)) == settings)
            #expect(try await client.setFaults(FaultSettings(failReference: "")).status == .badRequest)
            // Settings written before the field existed still decode: no failing reference.
            let old = try JSONDecoder().decode(
                FaultSettings.self, from: Data(#"{"latencyMs":0,"jitterMs":0,"errorRate":0,"hangRate":0,"downForMs":0}"#.utf8))
            #expect(old == .healthy)
        }
    }
}
