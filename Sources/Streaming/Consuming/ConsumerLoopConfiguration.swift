/// Tuning of one consume loop. Defaults suit a service on the dev stack.
public struct ConsumerLoopConfiguration: Sendable {
    public var service: String
    public var groupID: String
    public var topics: [String]
    public var batchSize = ConsumerSettings.Variables.batchSize.defaultValue
    public var batchMaxWait = ConsumerSettings.Variables.batchMaxWait.defaultValue
    public var retry = RetryPolicy()
    /// Values larger than this are dead-lettered unread: decoding them would cost memory for nothing
    /// a well-formed event ever needs.
    public var maxValueBytes: Int = 1_000_000
    /// How long a partition waits after a dependency refused one of its messages (`DependencyUnavailable`).
    public var postponeDelay: Duration = .milliseconds(250)
    /// The poll wait while a gate holds the loop (how soon it notices the gate let go).
    public var gateHoldPoll: Duration = .milliseconds(200)
    /// How often consumer lag is refreshed for /metrics.
    public var lagInterval: Duration = .seconds(5)

    public init(service: String, groupID: String, topics: [String]) {
        self.service = service
        self.groupID = groupID
        self.topics = topics
    }

    /// A service's loop, tuned by its environment.
    init(service: String, topics: [String], settings: ConsumerSettings) {
        self.init(service: service, groupID: settings.groupID, topics: topics)
        batchSize = settings.batchSize
        batchMaxWait = settings.batchMaxWait
        retry = settings.retry
    }
}
