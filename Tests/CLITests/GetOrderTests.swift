import Foundation
import Hummingbird
import Postgres
import TestSupport
import Testing

@Suite struct GetOrderTests {
    static let orderID = "3b0c7c3e-8a55-4d8e-9d3f-6d1f6f2f1a01"
    static let correlationID = "c0ffee00-0000-4000-8000-000000000001"

    static let body = """
        {"orderId":"\(orderID)","customerId":"cust-9","status":"cancelled","totalAmount":4200,"currency":"USD",\
        "paymentStatus":"declined","stockStatus":"reserved","cancelReason":"payment_declined",\
        "correlationId":"\(correlationID)","history":[{"eventType":"order.placed","eventId":"9d0c7c3e-8a55-4d8e-9d3f-6d1f6f2f1a01",\
        "status":"placed","at":"2030-01-02T03:04:05Z"},{"eventType":"payment.declined","eventId":"8d0c7c3e-8a55-4d8e-9d3f-6d1f6f2f1a01",\
        "status":"cancelled","detail":"card declined","at":"2030-01-02T03:04:06Z"}]}
        """

    @Test func readsTheOrderFromTheAPI() async throws {
        let router = Router()
        router.get("/api/v1/orders/:id") { _, context -> Response in
            let id = context.parameters.get("id") ?? ""
            guard id == Self.orderID else {
                return Response(status: .notFound, body: ResponseBody(byteBuffer: ByteBuffer(string: "{\"error\":\"no order\"}")))
            }
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: Self.body)))
        }
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) })
        let server = Task { try await app.runService() }
        defer { server.cancel() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())

        let run = try await CLIRun.orderflow(["orders", "get", Self.orderID, "--api", "http://127.0.0.1:\(port)"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdoutLines.first == "order \(Self.orderID)  cancelled (payment_declined)")
        #expect(run.stdout.contains("orderflow trace \(Self.correlationID)"))
        #expect(run.stdout.contains("payment.declined"))
        #expect(run.stdout.contains("card declined"))

        let missing = try await CLIRun.orderflow(["orders", "get", "nope", "--api", "http://127.0.0.1:\(port)"])
        #expect(missing.isOneLineError, "stderr: \(missing.stderr)")
        #expect(missing.stderr.contains("no order nope"))
    }

    @Test func fallsBackToTheOrdersDatabaseWhenTheAPIDoesNotAnswer() async throws {
        let server = try TestServer.configuration()
        let name = "cli_orders_\(UUID().uuidString.prefix(8).lowercased())"
        let admin = try await PostgresConnection.connect(server)
        _ = try await admin.execute("CREATE DATABASE \(name)")
        await admin.close()
        let connection = try await PostgresConnection.connect(server.with(database: name))
        try await connection.executeScript("""
            CREATE TABLE orders (order_id text PRIMARY KEY, customer_id text NOT NULL, status text NOT NULL,
                currency text NOT NULL, total_amount bigint NOT NULL, payment_status text, stock_status text,
                cancel_reason text, correlation_id text NOT NULL);
            CREATE TABLE order_history (id bigserial PRIMARY KEY, order_id text NOT NULL, event_id uuid NOT NULL,
                event_type text NOT NULL, status text NOT NULL, detail text, recorded_at timestamptz NOT NULL DEFAULT now());
            CREATE TABLE api_requests (idempotency_key text PRIMARY KEY, order_id text NOT NULL, requested_by text);
            INSERT INTO orders VALUES ('\(Self.orderID)', 'cust-9', 'shipped', 'EUR', 1234, 'authorized', 'reserved', NULL, '\(Self.correlationID)');
            INSERT INTO order_history (order_id, event_id, event_type, status) VALUES
                ('\(Self.orderID)', '9d0c7c3e-8a55-4d8e-9d3f-6d1f6f2f1a01', 'order.placed', 'placed'),
                ('\(Self.orderID)', '7d0c7c3e-8a55-4d8e-9d3f-6d1f6f2f1a01', 'shipment.scheduled', 'shipped');
            """)
        await connection.close()

        let run = try await CLIRun.orderflow(
            ["orders", "get", Self.orderID, "--api", "http://127.0.0.1:1", "--database-url", server.url, "--database", name, "--json"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["status"] as? String == "shipped")
        #expect(object["currency"] as? String == "EUR")
        #expect((object["history"] as? [[String: Any]])?.compactMap { $0["eventType"] as? String } == ["order.placed", "shipment.scheduled"])

        let nowhere = try await CLIRun.orderflow(["orders", "get", Self.orderID, "--api", "http://127.0.0.1:1", "--timeout", "2"])
        #expect(nowhere.isOneLineError, "stderr: \(nowhere.stderr)")
        #expect(nowhere.stderr.contains("DATABASE_URL"))
    }

    /// The order's row says the stock was reserved; inventory released it when payment was declined.
    @Test func saysTheReservationWasReleasedWhenInventoryReleasedIt() async throws {
        let router = Router()
        router.get("/api/v1/orders/:id") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: Self.body)))
        }
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) })
        let server = Task { try await app.runService() }
        defer { server.cancel() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())

        let postgres = try TestServer.configuration()
        let name = "cli_inventory_\(UUID().uuidString.prefix(8).lowercased())"
        let admin = try await PostgresConnection.connect(postgres)
        _ = try await admin.execute("CREATE DATABASE \(name)")
        await admin.close()
        let connection = try await PostgresConnection.connect(postgres.with(database: name))
        try await connection.executeScript("""
            CREATE TABLE reservations (order_id uuid PRIMARY KEY, reservation_id uuid NOT NULL UNIQUE, status text NOT NULL,
                lines jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), released_at timestamptz);
            INSERT INTO reservations (order_id, reservation_id, status, lines, released_at) VALUES
                ('\(Self.orderID)', '5d0c7c3e-8a55-4d8e-9d3f-6d1f6f2f1a01', 'released', '[{"sku":"SKU-0001","quantity":1}]', now());
            """)
        await connection.close()

        let run = try await CLIRun.orderflow(
            ["orders", "get", Self.orderID, "--api", "http://127.0.0.1:\(port)", "--database-url", postgres.url,
             "--inventory-database", name])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("stock released"), "\(run.stdout)")
        #expect(!run.stdout.contains("stock reserved"), "\(run.stdout)")
    }
}
