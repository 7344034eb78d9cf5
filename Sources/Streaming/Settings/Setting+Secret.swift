import Foundation

// Secrets follow the Docker and Kubernetes secrets convention: `NAME=value`, or `NAME_FILE=/path`
// naming a mounted file that holds the value. Either way the value never appears in a problem report
// or in `--help`, which shows only the example.

extension Setting {
    /// This setting, read also from `NAME_FILE`, its value never printed.
    public func secret() -> Setting {
        var copy = Setting(name: name, description: description, example: example, defaultValue: defaultValue, rule: rule)
        copy.isSecret = true
        return copy
    }
}

extension RequiredSetting {
    /// This setting, read also from `NAME_FILE`, its value never printed.
    public func secret() -> RequiredSetting {
        var copy = RequiredSetting(name: name, description: description, example: example, rule: rule)
        copy.isSecret = true
        return copy
    }
}

/// Where a secret's file variable is named and how its file is read.
enum SecretFile {
    static let suffix = "_FILE"

    /// Said wherever a secret is listed or asked for, so an operator learns of the file form.
    static func note(_ name: String) -> String {
        "or \(name)\(suffix) naming a file that holds it"
    }

    enum Outcome {
        case value(String)
        case unreadable(String)
    }

    /// The file's text without surrounding whitespace: secrets are written by editors and `echo`, which
    /// add a final newline the value does not have.
    static func read(_ path: String) -> Outcome {
        do {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            return .value(text.trimmingCharacters(in: .whitespacesAndNewlines))
        } catch {
            return .unreadable("cannot read \(path) (\((error as NSError).localizedDescription))")
        }
    }
}
