import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import PaymentProvider
import Postgres
import Streaming
import TestSupport

/// The provider on a scratch database, driven through Hummingbird's router test client (or a live
/// server where the connection itself matters).
struct ProviderHarness: Sendable {
    let database: ScratchDatabase
    let faults: FaultSwitch

    static var logger: Logger {
        var logger = Logger(label: "payment-provider-test")
        logger.logLevel = .critical
        return logger
    }

    static func with<T: Sendable>(
        _ body: @escaping @Sendable (ProviderHarness, any TestClientProtocol) async throws -> T
    ) async throws -> T {
        let database = try await ScratchDatabase.create(prefix: "provider")
        return try await ScratchDatabase.using(database) { database in
            let harness = ProviderHarness(database: database, faults: FaultSwitch(hangLimit: .seconds(30)))
            return try await harness.serve(.router, body)
        }
    }

    /// Another server on the same database (a restart), with faults of its own.
    func serve<T: Sendable>(
        _ mode: TestingSetup, _ body: @escaping @Sendable (ProviderHarness, any TestClientProtocol) async throws -> T
    ) async throws -> T {
        let server = PaymentProviderServer(database: database.configuration, faults: faults, logger: Self.logger)
        try await server.migrate()
        let pool = ConnectionPool(configuration: database.configuration, maxConnections: 4, logger: Self.logger)
        let app = server.application(host: "127.0.0.1", port: 0, pool: pool)
        do {
            let value = try await app.test(mode) { client in try await body(self, client) }
            await pool.close()
            return value
        } catch {
            await pool.close()
            throw error
        }
    }

    static func json(_ value: some Encodable) -> ByteBuffer {
        ByteBuffer(bytes: try! JSONEncoder().encode(value))
    }

    static func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
        try JSONDecoder().decode(type, from: Data(response.body.readableBytesView))
    }
}

extension TestClientProtocol {
    func charge(_ request: ChargeRequest, key: String) async throws -> TestResponse {
        try await execute(uri: "/v1/charges", method: .post, headers: [HTTPField.Name("Idempotency-Key")!: key], body: ProviderHarness.json(request))
    }

    func refund(_ request: RefundRequest, key: String) async throws -> TestResponse {
        try await execute(uri: "/v1/refunds", method: .post, headers: [HTTPField.Name("Idempotency-Key")!: key], body: ProviderHarness.json(request))
    }

    func charges() async throws -> [ChargeView] {
        try ProviderHarness.decode(ChargeList.self, try await execute(uri: "/v1/charges", method: .get)).charges
    }

    func setFaults(_ settings: FaultSettings) async throws -> TestResponse {
        try await execute(uri: "/admin/faults", method: .put, body: ProviderHarness.json(settings))
    }
}

extension ChargeRequest {
    static func order(_ reference: String = UUID().uuidString.lowercased(), customer: String = "c-1", amount: Int64 = 5_000,
                      token: String = "tok_visa") -> ChargeRequest {
        ChargeRequest(reference: reference, customerId: customer, amount: amount, currency: "EUR", paymentToken: token)
    }
}
