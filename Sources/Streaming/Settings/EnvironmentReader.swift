import Foundation

/// Reads typed values from an environment, collecting every problem instead of stopping at the first.
///
/// Each accessor always returns a usable value (the default, or a placeholder when the variable is
/// unusable) so configuration code can read everything in one pass; `finish()` then throws once with
/// the whole list.
public struct EnvironmentReader: Sendable {
    private let environment: [String: String]
    public private(set) var problems: [String] = []

    public init(_ environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// Records a problem that spans several variables (e.g. a cap below its base).
    public mutating func report(_ problem: String) {
        problems.append(problem)
    }

    public mutating func string(_ v: EnvironmentVariable) -> String {
        raw(v) ?? ""
    }

    /// The value of an optional variable, or nil when it is unset or blank.
    public mutating func optionalString(_ v: EnvironmentVariable) -> String? {
        guard let value = raw(v), !value.isEmpty else { return nil }
        return value
    }

    public mutating func int(_ v: EnvironmentVariable, range: ClosedRange<Int>) -> Int {
        guard let text = raw(v) else { return range.lowerBound }
        guard let value = Int(text), range.contains(value) else {
            problems.append(
                "\(v.name) must be an integer between \(range.lowerBound) and \(range.upperBound), got \(quoted(text))"
            )
            return range.lowerBound
        }
        return value
    }

    /// A duration given in whole milliseconds.
    public mutating func duration(_ v: EnvironmentVariable, range: ClosedRange<Int>) -> Duration {
        guard let text = raw(v) else { return .milliseconds(range.lowerBound) }
        guard let value = Int(text), range.contains(value) else {
            problems.append(
                "\(v.name) must be a whole number of milliseconds between \(range.lowerBound) and \(range.upperBound), got \(quoted(text))"
            )
            return .milliseconds(range.lowerBound)
        }
        return .milliseconds(value)
    }

    public mutating func bool(_ v: EnvironmentVariable) -> Bool {
        guard let text = raw(v) else { return false }
        switch text.lowercased() {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off": return false
        default:
            problems.append("\(v.name) must be true or false, got \(quoted(text))")
            return false
        }
    }

    /// One of a fixed set of words, matched case-insensitively; returns the spelling from `allowed`.
    /// An optional variable left unset returns "".
    public mutating func oneOf(_ v: EnvironmentVariable, _ allowed: [String]) -> String {
        guard let text = raw(v) else { return allowed.first ?? "" }
        if text.isEmpty && v.isOptional { return "" }
        guard let match = allowed.first(where: { $0.caseInsensitiveCompare(text) == .orderedSame }) else {
            problems.append("\(v.name) must be one of \(allowed.joined(separator: ", ")), got \(quoted(text))")
            return allowed.first ?? ""
        }
        return match
    }

    public func finish() throws(ConfigurationError) {
        if !problems.isEmpty {
            throw ConfigurationError(problems: problems)
        }
    }

    /// The trimmed value, falling back to the default; nil (and a problem) when a required one is missing.
    private mutating func raw(_ v: EnvironmentVariable) -> String? {
        let given = environment[v.name]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if !given.isEmpty { return given }
        if let fallback = v.defaultValue { return fallback }
        problems.append("\(v.name) is required (\(v.description), e.g. \(v.example))")
        return nil
    }

    private func quoted(_ text: String) -> String {
        let shown = text.count > 60 ? String(text.prefix(60)) + "…" : text
        return "\"\(shown)\""
    }
}
