import Testing

@testable import Streaming

@Suite("EnvironmentReader")
struct EnvironmentReaderTests {
    let required = EnvironmentVariable(name: "BROKERS", description: "Kafka bootstrap servers", defaultValue: nil, example: "localhost:9092")
    let size = EnvironmentVariable(name: "SIZE", description: "batch size", defaultValue: "100", example: "500")
    let wait = EnvironmentVariable(name: "WAIT_MS", description: "wait", defaultValue: "50", example: "20")
    let flag = EnvironmentVariable(name: "FLAG", description: "a switch", defaultValue: "false", example: "true")
    let format = EnvironmentVariable(name: "FORMAT", description: "format", defaultValue: "json", example: "text")
    let optional = EnvironmentVariable(name: "OPTIONAL", description: "maybe", defaultValue: "", example: "x")

    @Test func defaultsApplyWhenUnsetOrBlank() throws {
        var reader = EnvironmentReader(["BROKERS": "b:9092", "SIZE": "   "])
        #expect(reader.string(required) == "b:9092")
        #expect(reader.int(size, range: 1...10_000) == 100)
        #expect(reader.duration(wait, range: 0...1000) == .milliseconds(50))
        #expect(reader.bool(flag) == false)
        #expect(reader.oneOf(format, ["json", "text"]) == "json")
        #expect(reader.optionalString(optional) == nil)
        try reader.finish()
    }

    @Test func valuesAreParsedAndTrimmed() throws {
        var reader = EnvironmentReader(["SIZE": " 250 ", "WAIT_MS": "5", "FLAG": "YES", "FORMAT": "TEXT", "OPTIONAL": "v"])
        #expect(reader.int(size, range: 1...10_000) == 250)
        #expect(reader.duration(wait, range: 0...1000) == .milliseconds(5))
        #expect(reader.bool(flag) == true)
        #expect(reader.oneOf(format, ["json", "text"]) == "text")
        #expect(reader.optionalString(optional) == "v")
        try reader.finish()
    }

    @Test func everyProblemIsReportedTogether() {
        var reader = EnvironmentReader(["SIZE": "abc", "WAIT_MS": "-3", "FLAG": "maybe", "FORMAT": "xml"])
        _ = reader.string(required)
        _ = reader.int(size, range: 1...10_000)
        _ = reader.duration(wait, range: 0...1000)
        _ = reader.bool(flag)
        _ = reader.oneOf(format, ["json", "text"])
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
        _ = reader.int(size, range: 1...10_000)
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
