import Testing

@testable import Streaming

@Suite("RelaySettings")
struct RelaySettingsTests {
    private func read(_ environment: [String: String]) throws(ConfigurationError) -> RelaySettings {
        var reader = EnvironmentReader(environment)
        let settings = RelaySettings(from: &reader)
        try reader.finish()
        return settings
    }

    @Test func defaults() throws {
        let config = try read([:])
        #expect(config.shards == 16)
        #expect(config.batchSize == 500)
        #expect(config.pollInterval == .milliseconds(1000))
        #expect(config.outboxRetention == .seconds(24 * 3600))
        #expect(config.processedEventsRetention == .seconds(168 * 3600))
        #expect(config.maxBatchesInFlight == 4)
        #expect(config == RelaySettings(), "the Swift defaults differ from an empty environment's")
        #expect(RelaySettings.Variables.all.map(\.variable.name) == [
            "OUTBOX_SHARDS", "RELAY_BATCH_SIZE", "RELAY_MAX_BATCHES_IN_FLIGHT", "RELAY_POLL_INTERVAL_MS", "OUTBOX_RETENTION_HOURS",
            "PROCESSED_EVENTS_RETENTION_HOURS",
        ])
    }

    @Test func explicitValuesAndProblems() throws {
        let config = try read(["OUTBOX_SHARDS": "4", "RELAY_POLL_INTERVAL_MS": "250", "OUTBOX_RETENTION_HOURS": "1"])
        #expect(config.shards == 4)
        #expect(config.pollInterval == .milliseconds(250))
        #expect(config.outboxRetention == .seconds(3600))

        let error = try #require(throws: ConfigurationError.self) {
            try read(["OUTBOX_SHARDS": "0", "RELAY_BATCH_SIZE": "many"])
        }
        #expect(error.problems == [
            "OUTBOX_SHARDS must be an integer between 1 and 1024, got \"0\"",
            "RELAY_BATCH_SIZE must be an integer between 1 and 10000, got \"many\"",
        ])
    }

    @Test func batchesInFlightAreReadAndBounded() throws {
        let config = try read(["RELAY_MAX_BATCHES_IN_FLIGHT": "16"])
        #expect(config.maxBatchesInFlight == 16)
        #expect(try read(["RELAY_MAX_BATCHES_IN_FLIGHT": "1"]).maxBatchesInFlight == 1)

        for bad in ["0", "65", "-1", "four"] {
            let error = try #require(throws: ConfigurationError.self) {
                try read(["RELAY_MAX_BATCHES_IN_FLIGHT": bad])
            }
            #expect(error.problems == ["RELAY_MAX_BATCHES_IN_FLIGHT must be an integer between 1 and 64, got \"\(bad)\""])
        }
    }
}
