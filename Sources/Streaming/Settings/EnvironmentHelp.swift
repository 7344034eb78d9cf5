/// The `--help` text of a service executable: what it does, then every variable it reads.
public func environmentHelp(service: String, summary: String, settings: [any SettingDeclaration]) -> String {
    var lines = ["\(service): \(summary)", "", "Configuration is read from the environment:", ""]
    for v in settings.map(\.variable) {
        let status: String
        switch v.defaultValue {
        case nil: status = "required"
        case "": status = "optional"
        case let value?: status = "default: \(value)"
        }
        lines.append("  \(v.name) (\(status))")
        lines.append("      \(v.description), e.g. \(v.example)" + (v.isSecret ? "; \(SecretFile.note(v.name))" : ""))
    }
    return lines.joined(separator: "\n") + "\n"
}
