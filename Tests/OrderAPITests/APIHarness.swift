import Events
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JWTKit
import Logging
@testable import OrderService
import Postgres
import Streaming
import TestSupport

/// The order API on a scratch orders database, behind its edge as the service runs it, driven through
/// Hummingbird's router test client.
struct APIHarness: Sendable {
    static let secret = "an-hs256-test-secret-of-at-least-32-bytes"

    let database: ScratchDatabase
    let metrics: StreamingMetrics

    static func with<T: Sendable>(
        _ settings: APIEdgeSettings = APIEdgeSettings(jwtSecret: secret),
        _ body: @escaping @Sendable (APIHarness, any TestClientProtocol) async throws -> T
    ) async throws -> T {
        let database = try await ScratchDatabase.create(prefix: "order_api")
        return try await ScratchDatabase.using(database) { database in
            try await database.withConnection { connection in
                try await RuntimeMigrations.migrate(connection, service: OrderMigrations.all)
            }
            var logger = Logger(label: "order-api-test")
            logger.logLevel = .critical
            let metrics = StreamingMetrics(service: "order-service")
            let pool = ConnectionPool(configuration: database.configuration, maxConnections: 2, logger: logger)
            let router = Router(context: ServiceRequestContext.self)
            OrderAPI(pool: pool, outbox: OutboxWriter(), placedVersion: 2, logger: logger)
                .add(to: router, edge: APIEdge.middleware(settings, metrics: metrics, logger: logger))
            let harness = APIHarness(database: database, metrics: metrics)
            let app = Application(router: router, logger: logger)
            do {
                let value = try await app.test(.router) { client in try await body(harness, client) }
                await pool.close()
                return value
            } catch {
                await pool.close()
                throw error
            }
        }
    }

    /// Who the API recorded as asking for `orderID`.
    func requester(of orderID: String) async throws -> String? {
        try await database.withConnection { connection in try await OrderReads(connection).requester(of: orderID) }
    }

    /// An order as the order service records a rejected request, so there is one to read.
    func insertRejectedOrder(_ orderID: String) async throws {
        let request = OrderRequested(
            orderId: orderID, customerId: "c-9", lines: [], currency: "EUR", totalAmount: 0, paymentToken: "tok_ok",
            shippingCountry: "DE")
        try await database.withConnection { connection in
            try await connection.transaction { transaction in
                try await OrderStore(transaction: transaction).insertRejected(
                    request, errors: [.init(field: "lines", message: "no lines")], correlationID: UUID().uuidString)
            }
        }
    }
}

/// Tokens signed the way an identity provider would.
enum Tokens {
    struct Claims: JWTPayload {
        var sub: SubjectClaim?
        var exp: ExpirationClaim?
        var nbf: NotBeforeClaim?
        var iss: IssuerClaim?
        var aud: AudienceClaim?
        var scope: String?
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    static func claims(
        sub: String? = "alice", scopes: [String] = ["orders:write", "orders:read"], expiresIn: TimeInterval? = 300,
        notBefore: TimeInterval? = nil, iss: String? = nil, aud: [String]? = nil
    ) -> Claims {
        let now = Date()
        return Claims(
            sub: sub.map { SubjectClaim(value: $0) }, exp: expiresIn.map { ExpirationClaim(value: now.addingTimeInterval($0)) },
            nbf: notBefore.map { NotBeforeClaim(value: now.addingTimeInterval($0)) }, iss: iss.map { IssuerClaim(value: $0) },
            aud: aud.map { AudienceClaim(value: $0) }, scope: scopes.joined(separator: " "))
    }

    static func hs256(_ claims: Claims = claims(), secret: String = APIHarness.secret) async throws -> String {
        try await JWTKeyCollection().add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256).sign(claims)
    }

    /// A token whose header says `alg: none` and that has no signature (RFC 7519's unsecured JWT).
    static func unsecured(_ claims: Claims = claims()) throws -> String {
        let header = base64URL(Data(#"{"alg":"none","typ":"JWT"}"#.utf8))
        let payload = base64URL(try JSONEncoder().encode(claims))
        return "\(header).\(payload)."
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

/// A valid order body.
let orderBody = #"""
{"customerId":"c-1","lines":[{"sku":"SKU-1","quantity":1,"unitPrice":1000}],"currency":"EUR","paymentToken":"tok_ok","shippingCountry":"DE"}
"""#

/// A valid order body naming its own order id.
func orderBodyNaming(orderID: String, customer: String) -> String {
    orderBody.replacingOccurrences(of: #"{"customerId":"c-1""#, with: #"{"orderId":"\#(orderID)","customerId":"\#(customer)""#)
}

extension TestClientProtocol {
    func createOrder(token: String?, key: String = UUID().uuidString, body: String = orderBody) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json", HTTPField.Name("Idempotency-Key")!: key]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await execute(uri: "/api/v1/orders", method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    func getOrder(_ id: String, token: String?) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await execute(uri: "/api/v1/orders/\(id)", method: .get, headers: headers)
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    var problem: Problem? { try? JSONDecoder().decode(Problem.self, from: Data(text.utf8)) }

    var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] }
}
