import Foundation

/// A compose env file: `NAME=value` lines, `#` comments, blank lines.
struct EnvFile: Sendable {
    /// Variables given a value (possibly empty), in file order.
    var assignments: [(name: String, value: String)]
    /// Every variable-like word written in a comment, e.g. settings documented as set elsewhere.
    var mentionedInComments: Set<String>

    init(text: String) throws {
        assignments = []
        mentionedInComments = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                mentionedInComments.formUnion(Self.variableWords(in: line))
                continue
            }
            guard let equals = line.firstIndex(of: "="),
                  EnvironmentHelp.isVariableName(line[..<equals]) else {
                throw DeploymentCheckError("compose/.env.example line \(index + 1) is not NAME=value: \(line)")
            }
            assignments.append((String(line[..<equals]), String(line[line.index(after: equals)...])))
        }
    }

    var assignedNames: Set<String> { Set(assignments.map(\.name)) }

    /// Assigned or mentioned: what a reader of the file learns exists.
    var namedVariables: Set<String> { assignedNames.union(mentionedInComments) }

    private static func variableWords(in line: String) -> [String] {
        line.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") })
            .filter { $0.contains("_") && EnvironmentHelp.isVariableName($0) }
            .map(String.init)
    }
}
