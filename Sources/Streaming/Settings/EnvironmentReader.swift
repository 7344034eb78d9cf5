import Foundation

/// Reads settings from an environment, collecting every problem instead of stopping at the first.
///
/// `read` always returns a usable value (the default, or a placeholder when the variable is missing or
/// unusable) so configuration code can read everything in one pass; `finish()` then throws once with
/// the whole list.
public struct EnvironmentReader: Sendable {
    private let environment: [String: String]
    public private(set) var problems: [String] = []

    public init(_ environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// Records a problem that spans several variables (e.g. a cap below its base), or one found elsewhere.
    public mutating func report(_ problem: String) {
        problems.append(problem)
    }

    public mutating func read<Value>(_ setting: Setting<Value>) -> Value {
        guard let text = given(setting.name) else { return setting.defaultValue }
        return parse(text, of: setting.name, by: setting.rule)
    }

    public mutating func read<Value>(_ setting: RequiredSetting<Value>) -> Value {
        guard let text = given(setting.name) else {
            problems.append("\(setting.name) is required (\(setting.description), e.g. \(setting.example))")
            return setting.rule.placeholder
        }
        return parse(text, of: setting.name, by: setting.rule)
    }

    public func finish() throws(ConfigurationError) {
        if !problems.isEmpty {
            throw ConfigurationError(problems: problems)
        }
    }

    /// The trimmed value; nil when the variable is unset or blank.
    private func given(_ name: String) -> String? {
        let text = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return text.isEmpty ? nil : text
    }

    private mutating func parse<Value>(_ text: String, of name: String, by rule: SettingRule<Value>) -> Value {
        if let value = rule.parse(text) { return value }
        problems.append("\(name) must be \(rule.expectation), got \(quoted(text))")
        return rule.placeholder
    }

    private func quoted(_ text: String) -> String {
        let shown = text.count > 60 ? String(text.prefix(60)) + "…" : text
        return "\"\(shown)\""
    }
}
