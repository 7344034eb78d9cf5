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
        switch lookUp(setting.name, secret: setting.isSecret) {
        case .unset, .reported: return setting.defaultValue
        case .given(let text): return parse(text, of: setting.name, by: setting.rule, secret: setting.isSecret)
        }
    }

    public mutating func read<Value>(_ setting: RequiredSetting<Value>) -> Value {
        switch lookUp(setting.name, secret: setting.isSecret) {
        case .unset:
            let alternative = setting.isSecret ? "; \(SecretFile.note(setting.name))" : ""
            problems.append(
                "\(setting.name) is required (\(setting.description), e.g. \(setting.example)\(alternative))")
            return setting.rule.placeholder
        case .reported:
            return setting.rule.placeholder
        case .given(let text):
            return parse(text, of: setting.name, by: setting.rule, secret: setting.isSecret)
        }
    }

    private enum Lookup {
        case unset
        /// Given, but unusable in a way already reported (an unreadable secret file).
        case reported
        case given(String)
    }

    /// The variable's text; for a secret also the contents of the file `NAME_FILE` names.
    private mutating func lookUp(_ name: String, secret: Bool) -> Lookup {
        let direct = given(name)
        guard secret, let path = given(name + SecretFile.suffix) else {
            return direct.map(Lookup.given) ?? .unset
        }
        guard direct == nil else {
            problems.append("\(name) and \(name)\(SecretFile.suffix) are both set; give the secret one way only")
            return .reported
        }
        switch SecretFile.read(path) {
        case .value(let text) where !text.isEmpty:
            return .given(text)
        case .value:
            problems.append("\(name)\(SecretFile.suffix): \(path) is empty")
            return .reported
        case .unreadable(let reason):
            problems.append("\(name)\(SecretFile.suffix): \(reason)")
            return .reported
        }
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

    private mutating func parse<Value>(_ text: String, of name: String, by rule: SettingRule<Value>, secret: Bool) -> Value {
        if let value = rule.parse(text) { return value }
        // A secret's text is never repeated, even when it is wrong.
        problems.append("\(name) must be \(rule.expectation)" + (secret ? "" : ", got \(quoted(text))"))
        return rule.placeholder
    }

    private func quoted(_ text: String) -> String {
        let shown = text.count > 60 ? String(text.prefix(60)) + "…" : text
        return "\"\(shown)\""
    }
}
