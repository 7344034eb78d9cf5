import Testing

@testable import Streaming

/// The kinds of setting: how each reads its text, and what `--help` says about it.
@Suite("Setting")
struct SettingTests {
    @Test func hoursAreDeclaredReadAndDocumentedInHours() throws {
        let retention = Setting.hours(name: "KEEP_HOURS", description: "Hours kept", default: 168, range: 1...87_600, example: "336")
        #expect(retention.defaultValue == .seconds(168 * 3600))
        #expect(retention.variable.defaultValue == "168")
        var reader = EnvironmentReader(["KEEP_HOURS": "2"])
        #expect(reader.read(retention) == .seconds(7200))
        try reader.finish()
    }

    @Test func millisecondsAreDocumentedInMilliseconds() {
        let poll = Setting.milliseconds(name: "POLL_MS", description: "Poll", default: 1000, range: 10...60_000, example: "250")
        #expect(poll.defaultValue == .seconds(1))
        #expect(poll.variable.defaultValue == "1000")
    }

    @Test func aChoiceNamesItsWordsInItsHelpLine() {
        let level = Setting.choice(
            name: "LEVEL", description: "Level", default: 2, options: [("low", 1), ("mid", 2), ("high", 3)], example: "high")
        #expect(level.variable.description == "Level: low, mid or high")
        #expect(level.variable.defaultValue == "mid")
        let two = Setting.choice(name: "TWO", description: "Two", default: "a", options: [("a", "a"), ("b", "b")], example: "b")
        #expect(two.variable.description == "Two: a or b")
    }

    @Test func optionalSettingsAreDocumentedAsOptional() {
        let mechanism = Setting<String?>.choice(
            name: "MECHANISM", description: "Mechanism", default: nil, options: [("PLAIN", "PLAIN")], example: "PLAIN")
        #expect(mechanism.variable.defaultValue == "")
        #expect(Setting.optionalString(name: "USER", description: "User", example: "u").variable.defaultValue == "")
        #expect(RequiredSetting.string(name: "URL", description: "URL", example: "x").variable.isRequired)
    }
}
