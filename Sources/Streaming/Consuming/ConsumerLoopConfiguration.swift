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
    /// How often consumer lag is refreshed for /metrics.
    public var lagInterval: Duration = .seconds(5)
    /// Longest sleep of the parked-message worker between looks at the parked messages (it wakes
    /// sooner when one is due).
    public var parkedPollInterval: Duration = .seconds(1)
    /// What happens to a parked message that has used its last attempt.
    public var exhaustedParked: ExhaustedParkedMessage = .deadLetter

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

/// The end of a parked message whose every attempt failed.
public enum ExhaustedParkedMessage: Sendable {
    /// Onto the dead-letter topic, and its key's next message becomes the head of the queue: for
    /// services whose events of one key do not build on each other.
    case deadLetter
    /// Kept, and its key with it, until an operator retries or drops it (`orderflow parked`): for
    /// services where a later event of the order would be applied on a state that misses this one.
    case hold
}
