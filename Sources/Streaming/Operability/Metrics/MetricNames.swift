/// Names of the metrics every service exposes; dashboards and alerts depend on them.
public enum MetricNames {
    public static let messagesConsumed = "orderflow_messages_consumed_total"
    public static let eventsProcessed = "orderflow_events_processed_total"
    public static let duplicates = "orderflow_duplicates_total"
    public static let deadLetters = "orderflow_dead_letters_total"
    public static let retries = "orderflow_retries_total"
    public static let batchesRedone = "orderflow_batches_redone_total"
    public static let handlerDuration = "orderflow_handler_duration_seconds"
    public static let consumerLag = "orderflow_consumer_lag"
    public static let outboxBacklog = "orderflow_outbox_backlog"
    public static let outboxOldestAge = "orderflow_outbox_oldest_age_seconds"
    public static let relayPublished = "orderflow_relay_published_total"
    public static let relayPublishDuration = "orderflow_relay_publish_duration_seconds"
    public static let apiRateLimit = "orderflow_api_rate_limit_total"
    public static let parkedMessages = "orderflow_parked_messages"
    public static let parkedKeys = "orderflow_parked_keys"
    public static let parkedOldestAge = "orderflow_parked_oldest_age_seconds"
}
