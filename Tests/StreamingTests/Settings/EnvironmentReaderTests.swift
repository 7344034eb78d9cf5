import Testing

@testable import Streaming

@Suite("EnvironmentReader")
struct EnvironmentReaderTests {
    let required = RequiredSetting.string(name: "BROKERS", description: "Kafka bootstrap servers", example: "localhost:9092")
    let size = Setting.integer(name: "SIZE", description: "batch size", default: 100, range: 1...10_000, example: "500")
    let wait = Setting.milliseconds(name: "WAIT_MS", description: "wait", default: 50, range: 0...1000, example: "20")
    let flag = Setting.boolean(name: "FLAG", description: "a switch", default: false, example: "true")
    let format = Setting.choice(
        name: "FORMAT", description: "format", default: "json", options: [("json", "json"), ("text", "text")], example: "text")
    let optional = Setting.optionalString(name: "OPTIONAL", description: "maybe", example: "x")

    @Test func defaultsApplyWhenUnsetOrBlank() throws {
        var reader = EnvironmentReader(["BROKERS": "b:9092", "SIZE": "   "])
        #expect(reader.read(required) == "b:9092")
        #expect(reader.read(size) == 100)
        #expect(reader.read(wait) == .milliseconds(50))
        #expect(reader.read(flag) == false)
        #expect(reader.read(format) == "json")
        #expect(reader.read(optional) == nil)
        try reader.finish()
    }

    @Test func valuesAreParsedAndTrimmed() throws {
        var reader = EnvironmentReader(["SIZE": " 250 ", "WAIT_MS": "5", "FLAG": "YES", "FORMAT": "TEXT", "OPTIONAL": "v"])
        #expect(reader.read(size) == 250)
        #expect(reader.read(wait) == .milliseconds(5))
        #expect(reader.read(flag) == true)
        #expect(reader.read(format) == "text")
        #expect(reader.read(optional) == "v")
        try reader.finish()
    }

    @Test func everyProblemIsReportedTogether() {
        var reader = EnvironmentReader(["SIZE": "abc", "WAIT_MS": "-3", "FLAG": "maybe", "FORMAT": "xml"])
        _ = reader.read(required)
        _ = reader.read(size)
        _ = reader.read(wait)
        _ = reader.read(flag)
        _ = reader.read(format)
        #expect(throws: ConfigurationError.self) { try reader.finish() }
        #expect(reader.problems == [
            "BROKERS is required (Kafka bootstrap servers, e.g. localhost:9092)",
            "SIZE must be an integer between 1 and 10000, got \"abc\"",
            "WAIT_MS must be a whole number of milliseconds between 0 and 1000, got \"-3\"",
            "FLAG must be true or false, got \"maybe\"",
            "FORMAT must be one of json, text, got \"xml\"",
        ])
    }

    @Test func outOfRangeIntegerIsAProblem() {
        var reader = EnvironmentReader(["SIZE": "10001"])
        _ = reader.read(size)
        #expect(reader.problems == ["SIZE must be an integer between 1 and 10000, got \"10001\""])
    }

    @Test func errorDescriptionListsEachProblemOnItsOwnLine() {
        let error = ConfigurationError(problems: ["A is required (a, e.g. 1)", "B must be true or false, got \"x\""])
        #expect(error.description == """
            Invalid configuration (2 problems):
              - A is required (a, e.g. 1)
              - B must be true or false, got "x"
            """)
    }
}
