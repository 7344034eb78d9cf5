import Testing

@testable import Streaming

@Suite("RelayConfiguration")
struct RelayConfigurationTests {
    @Test func defaults() throws {
        let config = try RelayConfiguration.fromEnvironment(environment: [:])
        #expect(config == RelayConfiguration(
            shards: 16, batchSize: 500, pollInterval: .milliseconds(1000),
            outboxRetention: .seconds(24 * 3600), processedEventsRetention: .seconds(168 * 3600)))
        #expect(RelayConfiguration.variables.map(\.name) == [
            "OUTBOX_SHARDS", "RELAY_BATCH_SIZE", "RELAY_POLL_INTERVAL_MS", "OUTBOX_RETENTION_HOURS",
            "PROCESSED_EVENTS_RETENTION_HOURS",
        ])
    }

    @Test func explicitValuesAndProblems() throws {
        let config = try RelayConfiguration.fromEnvironment(environment: [
            "OUTBOX_SHARDS": "4", "RELAY_POLL_INTERVAL_MS": "250", "OUTBOX_RETENTION_HOURS": "1",
        ])
        #expect(config.shards == 4)
        #expect(config.pollInterval == .milliseconds(250))
        #expect(config.outboxRetention == .seconds(3600))

        let error = try #require(throws: ConfigurationError.self) {
            try RelayConfiguration.fromEnvironment(environment: ["OUTBOX_SHARDS": "0", "RELAY_BATCH_SIZE": "many"])
        }
        #expect(error.problems == [
            "OUTBOX_SHARDS must be an integer between 1 and 1024, got \"0\"",
            "RELAY_BATCH_SIZE must be an integer between 1 and 10000, got \"many\"",
        ])
    }
}
