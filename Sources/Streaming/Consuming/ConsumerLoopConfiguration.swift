/// Tuning of one consume loop. Defaults suit a service on the dev stack.
public struct ConsumerLoopConfiguration: Sendable {
    public var service: String
    public var groupID: String
    public var topics: [String]
    public var batchSize: Int = 100
    public var batchMaxWait: Duration = .milliseconds(50)
    public var retry: RetryPolicy = RetryPolicy()
    /// Values larger than this are dead-lettered unread: decoding them would cost memory for nothing
    /// a well-formed event ever needs.
    public var maxValueBytes: Int = 1_000_000
    /// How often consumer lag is refreshed for /metrics.
    public var lagInterval: Duration = .seconds(5)

    public init(service: String, groupID: String, topics: [String]) {
        self.service = service
        self.groupID = groupID
        self.topics = topics
    }
}
