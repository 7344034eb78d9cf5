import Foundation

/// An order's state and history: what `GET /api/v1/orders/{id}` returns and `orderflow orders get` shows.
public struct OrderView: Codable, Sendable {
    public struct Step: Codable, Sendable {
        public var eventType: String
        public var eventId: String
        public var status: String
        public var detail: String?
        public var at: Date
    }

    public var orderId: String
    public var customerId: String
    public var status: String
    public var totalAmount: Int64
    public var currency: String
    public var paymentStatus: String?
    public var stockStatus: String?
    public var cancelReason: String?
    public var correlationId: String
    public var history: [Step]
    /// Who asked for the order through the API (their token's `sub`), when known.
    public var requestedBy: String?
}
