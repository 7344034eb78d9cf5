// The kinds of setting a process declares. Defaults and ranges are given in the variable's own unit
// (milliseconds, hours), as an operator writes them.

extension Setting where Value == Int {
    public static func integer(
        name: String, description: String, default defaultValue: Int, range: ClosedRange<Int>, example: String
    ) -> Setting {
        Setting(name: name, description: description, example: example, defaultValue: defaultValue, rule: .integer(range))
    }
}

extension Setting where Value == Duration {
    public static func milliseconds(
        name: String, description: String, default defaultValue: Int, range: ClosedRange<Int>, example: String
    ) -> Setting {
        Setting(
            name: name, description: description, example: example, defaultValue: .milliseconds(defaultValue),
            rule: SettingRule(
                expectation: "a whole number of milliseconds between \(range.lowerBound) and \(range.upperBound)",
                parse: { text in Int(text).flatMap { range.contains($0) ? .milliseconds($0) : nil } },
                placeholder: .milliseconds(range.lowerBound),
                text: { String($0.wholeMilliseconds) }))
    }

    public static func hours(
        name: String, description: String, default defaultValue: Int, range: ClosedRange<Int>, example: String
    ) -> Setting {
        let integer = SettingRule.integer(range)
        return Setting(
            name: name, description: description, example: example, defaultValue: .hours(defaultValue),
            rule: SettingRule(
                expectation: integer.expectation,
                parse: { integer.parse($0).map(Duration.hours) },
                placeholder: .hours(integer.placeholder),
                text: { String($0.components.seconds / 3600) }))
    }
}

extension Setting where Value: Equatable {
    /// One of a fixed set of words, matched case-insensitively. The help line is `description`
    /// followed by the words: "Log line format: json or text".
    public static func choice(
        name: String, description: String, default defaultValue: Value, options: [(word: String, value: Value)],
        example: String
    ) -> Setting {
        precondition(!options.isEmpty, "\(name) offers no choice")
        let words = options.map(\.word)
        return Setting(
            name: name, description: "\(description): \(listed(words))", example: example, defaultValue: defaultValue,
            rule: SettingRule(
                expectation: "one of \(words.joined(separator: ", "))",
                parse: { text in options.first { $0.word.caseInsensitiveCompare(text) == .orderedSame }?.value },
                placeholder: options[0].value,
                text: { value in options.first { $0.value == value }?.word ?? "" }))
    }

    /// "a", "a or b", "a, b or c".
    private static func listed(_ words: [String]) -> String {
        guard let last = words.last, words.count > 1 else { return words.first ?? "" }
        return words.dropLast().joined(separator: ", ") + " or " + last
    }
}

extension Setting where Value == Bool {
    public static func boolean(name: String, description: String, default defaultValue: Bool, example: String) -> Setting {
        Setting(
            name: name, description: description, example: example, defaultValue: defaultValue,
            rule: SettingRule(
                expectation: "true or false",
                parse: { text in
                    switch text.lowercased() {
                    case "true", "1", "yes", "on": true
                    case "false", "0", "no", "off": false
                    default: nil
                    }
                },
                placeholder: false,
                text: { $0 ? "true" : "false" }))
    }
}

extension Setting where Value == String {
    public static func string(name: String, description: String, default defaultValue: String, example: String) -> Setting {
        Setting(name: name, description: description, example: example, defaultValue: defaultValue, rule: .text)
    }
}

extension Setting where Value == String? {
    /// No value unless set.
    public static func optionalString(name: String, description: String, example: String) -> Setting {
        Setting(
            name: name, description: description, example: example, defaultValue: nil,
            rule: SettingRule(expectation: "", parse: { $0 }, placeholder: nil, text: { $0 ?? "" }))
    }
}

extension RequiredSetting where Value == String {
    public static func string(name: String, description: String, example: String) -> RequiredSetting {
        RequiredSetting(name: name, description: description, example: example, rule: .text)
    }
}

extension SettingRule where Value == Int {
    static func integer(_ range: ClosedRange<Int>) -> SettingRule {
        SettingRule(
            expectation: "an integer between \(range.lowerBound) and \(range.upperBound)",
            parse: { text in Int(text).flatMap { range.contains($0) ? $0 : nil } },
            placeholder: range.lowerBound,
            text: { String($0) })
    }
}

extension SettingRule where Value == String {
    /// Any text; never a problem.
    static var text: SettingRule { SettingRule(expectation: "", parse: { $0 }, placeholder: "", text: { $0 }) }
}
