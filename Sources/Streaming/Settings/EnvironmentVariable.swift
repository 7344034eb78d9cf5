/// What `--help` says about one variable, derived from its declaration (`Setting`, `RequiredSetting`).
///
/// `defaultValue` is `nil` for a required variable and `""` for an optional one that has no value
/// unless set; anything else is the value used when the variable is unset or blank.
public struct EnvironmentVariable: Sendable, Hashable {
    public let name: String
    public let description: String
    public let defaultValue: String?
    public let example: String
    /// Also read from `NAME_FILE`; its value is never printed.
    public var isSecret = false

    public var isRequired: Bool { defaultValue == nil }
}
