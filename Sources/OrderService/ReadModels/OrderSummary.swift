/// The part of an order the pipeline's checks compare with the other services' records.
public struct OrderSummary: Sendable, Hashable {
    public var status: String
    public var cancelReason: String?
    public var correlationID: String
    /// The order.placed version it was published with; nil for a rejected request.
    public var placedVersion: Int?

    public init(status: String, cancelReason: String? = nil, correlationID: String, placedVersion: Int? = nil) {
        self.status = status
        self.cancelReason = cancelReason
        self.correlationID = correlationID
        self.placedVersion = placedVersion
    }
}
