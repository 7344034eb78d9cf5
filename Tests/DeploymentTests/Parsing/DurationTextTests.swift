import Testing

@Suite("reading compose durations")
struct DurationTextTests {
    @Test("reads single and combined units", arguments: [
        ("30s", 30_000), ("1m30s", 90_000), ("500ms", 500), ("1h", 3_600_000),
    ])
    func reads(text: String, milliseconds: Int) {
        #expect(DurationText.milliseconds(text) == milliseconds)
    }

    @Test("rejects text that is not a duration", arguments: ["", "30", "s", "3x"])
    func rejects(text: String) {
        #expect(DurationText.milliseconds(text) == nil)
    }
}
