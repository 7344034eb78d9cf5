/// A declared setting as its documentation sees it, whatever its value type, so the settings of a
/// process can be listed together (`--help`, a service's own settings).
public protocol SettingDeclaration: Sendable {
    var variable: EnvironmentVariable { get }
}

extension Setting: SettingDeclaration {
    public var variable: EnvironmentVariable {
        EnvironmentVariable(
            name: name, description: description, defaultValue: rule.text(defaultValue), example: example, isSecret: isSecret)
    }
}

extension RequiredSetting: SettingDeclaration {
    public var variable: EnvironmentVariable {
        EnvironmentVariable(name: name, description: description, defaultValue: nil, example: example, isSecret: isSecret)
    }
}
