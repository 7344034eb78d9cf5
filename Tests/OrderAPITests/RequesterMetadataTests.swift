import Events
import Foundation
import Logging
@testable import OrderService
import Postgres
import Streaming
import Testing

/// The caller's `sub` travels in the envelope (`requestedby`): on the order.requested the API writes,
/// and on the order.placed the order service emits for it, as on every event caused after that.
@Suite("the caller's sub in the events' metadata", .serialized)
struct RequesterMetadataTests {
    @Test("a placed order's events carry the sub of the token that asked for it")
    func placedOrderCarriesTheCallersSub() async throws {
        try await APIHarness.with { harness, client in
            let token = try await Tokens.hs256(Tokens.claims(sub: "carol@example.com"))
            let accepted = try await client.createOrder(token: token)
            #expect(accepted.status == .accepted, "\(accepted.text)")

            let requested = try await harness.database.withConnection { connection in
                try await connection.query("SELECT value FROM outbox WHERE event_type = 'order.requested'").map {
                    try $0["value"].bytes()
                }
            }
            try #require(requested.count == 1)
            let bytes = try #require(requested.first)
            #expect(String(decoding: bytes, as: UTF8.self).contains(#""requestedby":"carol@example.com""#))
            let event = try #require(try EventRegistry.standard.decode(bytes).as(OrderRequested.self))
            #expect(event.metadata.requestedBy == "carol@example.com")

            // The order service handles the request as its consumer would, in one transaction.
            let placed = try await harness.database.withConnection { connection in
                try await connection.transaction { transaction in
                    let context = HandlerContext(
                        transaction: transaction, logger: Logger(label: "requester-test"), incoming: event.metadata,
                        source: "order-service", consumerGroup: "order-service")
                    return try await OrderRequestHandler(placedVersion: 2).handle(event, context)
                }
            }
            try #require(placed.count == 1)
            let outgoing = try #require(placed.first)
            #expect(outgoing.metadata.type == OrderPlaced.eventType)
            #expect(outgoing.metadata.requestedBy == "carol@example.com")
            let encoded = try EventRegistry.standard.encode(outgoing.metadata, payload: outgoing.payload)
            #expect(try EventRegistry.standard.decode(encoded).metadata.requestedBy == "carol@example.com")
        }
    }

    @Test("without authentication the events carry no requester")
    func anonymousRequestsCarryNone() async throws {
        try await APIHarness.with(APIEdgeSettings(auth: .disabled)) { harness, client in
            #expect(try await client.createOrder(token: nil).status == .accepted)
            let values = try await harness.database.withConnection { connection in
                try await connection.query("SELECT value FROM outbox WHERE event_type = 'order.requested'").map {
                    try $0["value"].bytes()
                }
            }
            try #require(values.count == 1)
            let bytes = try #require(values.first)
            #expect(!String(decoding: bytes, as: UTF8.self).contains("requestedby"))
            #expect(try EventRegistry.standard.decode(bytes).metadata.requestedBy == nil)
        }
    }
}
