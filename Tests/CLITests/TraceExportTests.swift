import Foundation
import Testing

/// Tracing end to end: a dev stack pointed at an OTLP receiver by `OTEL_EXPORTER_OTLP_ENDPOINT` takes
/// one order through the order API, and what arrives is one trace: its root is the API request, every
/// service and the relays add spans to it, and each event's handling is a child of the handling (or the
/// request) that caused it.
@Suite("Traces exported over OTLP", .serialized)
struct TraceExportTests {
    static let services: Set<String> = [
        "order-service", "payment-service", "inventory-service", "shipping-service", "notification-service", "outbox-relay",
    ]

    @Test func oneOrderIsOneTraceAcrossEveryServiceAndTheRelays() async throws {
        let receiver = try await OTLPReceiver.start()
        defer { receiver.stop() }
        let runner = try DevCommandRunner.make()
        defer { runner.cleanUp() }
        let up = try await runner.run(
            ["dev", "up", "--detach", "--api-port", "0"], extraEnvironment: [
                "OTEL_EXPORTER_OTLP_ENDPOINT": receiver.endpoint, "OTEL_EXPORTER_OTLP_PROTOCOL": "http/json",
                // swift-otel's batch span processor posts every 5 s by default.
                "OTEL_BSP_SCHEDULE_DELAY": "200",
            ])
        try #require(up.status == 0, "dev up failed: \(up.stderr)")
        defer { runner.stopStack() }

        let run = try await runner.run(
            ["orders", "produce", "--via", "api", "--count", "1", "--mix", "paid=100", "--seed", "5", "--wait", "--wait-timeout", "60"],
            timeout: .seconds(120))
        try #require(run.status == 0, "stdout: \(run.stdout)\nstderr: \(run.stderr)")

        // Each process posts its spans on its own beat: wait for the last hop (notification's handling of
        // shipment.scheduled) and for the parent of every handling received.
        let spans = await receiver.wait(timeout: .seconds(30)) { spans in
            let ids = Set(spans.map(\.spanID))
            return spans.contains { $0.service == "notification-service" && $0.attributes["cloudevents.event_type"] == "shipment.scheduled" }
                && spans.filter { $0.kind == 5 }.allSatisfy { $0.parentSpanID.map(ids.contains) ?? false }
        }
        let request = try #require(spans.first { $0.service == "order-service" && $0.kind == 2 && $0.name.contains("orders") },
                                   "no API request span among \(spans.map { "\($0.service) \($0.name)" })")
        #expect(request.parentSpanID == nil, "the request span is the root")
        let trace = spans.filter { $0.traceID == request.traceID }
        #expect(Set(trace.map(\.service)) == Self.services, "services in the trace: \(Set(trace.map(\.service)))")
        let correlated = spans.filter { $0.attributes["orderflow.correlation_id"] != nil }
        #expect(!correlated.isEmpty && correlated.allSatisfy { $0.traceID == request.traceID },
                "every event span carries the request's trace id")

        // Each handling's parent: the request (for order.requested), else the handling of its cause in
        // the service that emitted it. The relay's publish of an event has the same parent, and links it.
        let handlings = trace.filter { $0.kind == 5 }
        let byID = Dictionary(trace.map { ($0.spanID, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(handlings.count >= 8, "handlings: \(handlings.map { "\($0.service) \($0.attributes["cloudevents.event_type"] ?? "?")" })")
        for handling in handlings {
            let type = handling.attributes["cloudevents.event_type"] ?? "?"
            let parent = try #require(handling.parentSpanID.flatMap { byID[$0] }, "\(type) in \(handling.service) has no parent in the trace")
            if type == "order.requested" {
                #expect(parent.spanID == request.spanID, "order.requested's handling is a child of the request")
            } else {
                #expect(parent.kind == 5, "\(type)'s parent is a handling, not \(parent.name)")
                #expect(parent.attributes["cloudevents.event_id"] == handling.attributes["orderflow.causation_id"],
                        "\(type) in \(handling.service): parent handled \(parent.attributes["cloudevents.event_type"] ?? "?")")
                #expect(parent.service == handling.attributes["cloudevents.event_source"], "\(type) was emitted by \(parent.service)")
            }
            let publish = trace.first { $0.kind == 4 && $0.attributes["cloudevents.event_id"] == handling.attributes["cloudevents.event_id"] }
            #expect(publish?.service == "outbox-relay" && publish?.parentSpanID == handling.parentSpanID,
                    "the relay's publish of \(type) is a sibling of its handling")
            #expect(publish?.links == [handling.parentSpanID ?? ""])
        }
        let types = Set(handlings.map { $0.attributes["cloudevents.event_type"] ?? "" })
        for type in ["order.requested", "order.placed", "payment.authorized", "stock.reserved", "order.confirmed", "shipment.scheduled"] {
            #expect(types.contains(type), "no handling of \(type) in \(types.sorted())")
        }
        // The provider call: a client span under payment's handling of order.placed.
        let charge = try #require(trace.first { $0.kind == 3 && $0.name == "POST /v1/charges" })
        let chargeParent = try #require(charge.parentSpanID.flatMap { byID[$0] })
        #expect(chargeParent.service == "payment-service" && chargeParent.attributes["cloudevents.event_type"] == "order.placed")
        #expect(trace.contains { $0.name == "outbox write" && $0.service == "payment-service" })
    }
}
