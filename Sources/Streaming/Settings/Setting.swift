/// One environment variable with a default, declared once: its name, the help line and example that
/// `--help` prints, its default, and the rule its text follows. Reading, the problems reported for a
/// bad value and the documentation all come from the declaration; so do the Swift defaults of the
/// types the value ends up in.
public struct Setting<Value: Sendable>: Sendable {
    public let name: String
    public let description: String
    public let example: String
    /// The value of an unset or blank variable.
    public let defaultValue: Value
    let rule: SettingRule<Value>
    /// A secret is also read from the file `NAME_FILE` names, and its value is never printed.
    public internal(set) var isSecret = false
}

/// An environment variable without a default: the process does not start without it.
public struct RequiredSetting<Value: Sendable>: Sendable {
    public let name: String
    public let description: String
    public let example: String
    let rule: SettingRule<Value>
    /// A secret is also read from the file `NAME_FILE` names, and its value is never printed.
    public internal(set) var isSecret = false
}

/// How a variable's text becomes a value.
struct SettingRule<Value: Sendable>: Sendable {
    /// What a usable text is, completing "NAME must be …"; e.g. "an integer between 1 and 1024".
    let expectation: String
    let parse: @Sendable (String) -> Value?
    /// Stands in for a missing or unusable value so reading can go on and report every problem.
    let placeholder: Value
    /// The text that reads as `value`, for the default `--help` shows.
    let text: @Sendable (Value) -> String
}
