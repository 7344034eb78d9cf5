import ArgumentParser

/// Where `orders produce` sends its orders.
enum ProduceRoute: String, CaseIterable, Sendable, ExpressibleByArgument {
    /// order.requested records straight onto the requests topic.
    case kafka
    /// POST /api/v1/orders, as a client of the order API would.
    case api
}
