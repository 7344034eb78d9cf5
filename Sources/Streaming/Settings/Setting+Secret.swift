import Foundation

// Secrets follow the Docker and Kubernetes secrets convention: `NAME=value`, or `NAME_FILE=/path`
// naming a mounted file that holds the value. Either way the value never appears in a problem report
// or in `--help`, which shows only the example.

extension Setting {
    /// This setting, read also from `NAME_FILE`, its value never printed.
    public func secret() -> Setting {
        var copy = Setting(
            name: name, description: description + secretNote(name), example: example, defaultValue: defaultValue,
            rule: rule)
        copy.isSecret = true
        return copy
    }
}

extension RequiredSetting {
    /// This setting, read also from `NAME_FILE`, its value never printed.
    public func secret() -> RequiredSetting {
        var copy = RequiredSetting(name: name, description: description + secretNote(name), example: example, rule: rule)
        copy.isSecret = true
        return copy
    }
}

/// The help text's note on a secret, so an operator learns of the file form where the variable is listed.
private func secretNote(_ name: String) -> String {
    " (a secret: or set \(name)\(SecretFile.suffix) to a file holding it)"
}

/// Where a secret's file variable is named and how its file is read.
enum SecretFile {
    static let suffix = "_FILE"

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
