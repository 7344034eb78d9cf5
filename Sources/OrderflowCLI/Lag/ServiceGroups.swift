import Events

/// The pipeline's consumer groups (group id = service name) and the topics each consumes.
enum ServiceGroups {
    static let all: [(group: String, topics: [String])] = [
        ("order-service", [TopicCatalog.orderRequests, TopicCatalog.payments, TopicCatalog.inventory, TopicCatalog.shipments]),
        ("payment-service", [TopicCatalog.orders]),
        ("inventory-service", [TopicCatalog.orders]),
        ("shipping-service", [TopicCatalog.orders]),
        ("notification-service", [TopicCatalog.orders, TopicCatalog.payments, TopicCatalog.shipments]),
    ]

    static func topics(of group: String) -> [String]? {
        all.first { $0.group == group }?.topics
    }
}
