/// The brokers of a cluster, as its metadata lists them.
public struct ClusterDescription: Sendable, Hashable {
    public struct Broker: Sendable, Hashable {
        public var id: Int32
        public var host: String
        public var port: Int

        public init(id: Int32, host: String, port: Int) {
            self.id = id
            self.host = host
            self.port = port
        }
    }

    /// Sorted by id.
    public var brokers: [Broker]

    public init(brokers: [Broker]) {
        self.brokers = brokers
    }
}
