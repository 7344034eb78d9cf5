/// One setting a service reads from its environment.
///
/// `defaultValue` is `nil` for a required variable and `""` for an optional one that has no value
/// unless set; anything else is the value used when the variable is unset or blank.
public struct EnvironmentVariable: Sendable, Hashable {
    public var name: String
    public var description: String
    public var defaultValue: String?
    public var example: String

    public init(name: String, description: String, defaultValue: String?, example: String) {
        self.name = name
        self.description = description
        self.defaultValue = defaultValue
        self.example = example
    }

    public var isRequired: Bool { defaultValue == nil }

    /// Optional variables carry an empty default: unset means "no value", not "use this value".
    public var isOptional: Bool { defaultValue == "" }

    /// The same variable with a different default, for defaults that depend on the service.
    public func withDefault(_ value: String?) -> EnvironmentVariable {
        var copy = self
        copy.defaultValue = value
        return copy
    }
}
