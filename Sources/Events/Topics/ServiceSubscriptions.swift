/// The topics each service's consume loop reads. The services subscribe with these, and tools that
/// report a service group's lag read them, so the two cannot drift apart.
public enum ServiceSubscriptions {
    public static let order = [TopicCatalog.orderRequests, TopicCatalog.payments, TopicCatalog.inventory, TopicCatalog.shipments]
    public static let payment = [TopicCatalog.orders]
    public static let inventory = [TopicCatalog.orders]
    public static let shipping = [TopicCatalog.orders]
    public static let notification = [TopicCatalog.orders, TopicCatalog.shipments]
}
