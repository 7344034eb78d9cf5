/// The variables an executable's `--help` lists, in the service format:
///
///     Configuration is read from the environment:
///
///       KAFKA_BROKERS (required)
///           Kafka bootstrap servers, comma-separated, e.g. localhost:9092
///       LOG_LEVEL (default: info)
///           ...
struct EnvironmentHelp: Sendable, Equatable {
    enum Requirement: Sendable, Equatable {
        case required
        case optional
        case defaultValue(String)
    }

    struct Variable: Sendable, Equatable {
        var name: String
        var requirement: Requirement
    }

    var variables: [Variable]
    /// Secrets that can also be given as a file, by the `NAME_FILE` their description names
    /// ("…; or DATABASE_URL_FILE naming a file that holds it").
    var secretsWithFileForm: [String]

    init(text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        variables = lines.compactMap(Self.variable(in:))
        secretsWithFileForm = lines.compactMap(Self.secretWithFileForm(in:))
    }

    var names: [String] { variables.map(\.name) }

    func requirement(of name: String) -> Requirement? {
        variables.first { $0.name == name }?.requirement
    }

    private static func variable(in line: Substring) -> Variable? {
        guard line.hasPrefix("  "), !line.hasPrefix("   "), line.hasSuffix(")") else { return nil }
        let body = line.dropFirst(2).dropLast()
        guard let open = body.firstIndex(of: "(") else { return nil }
        let name = body[..<open].trimmingSuffix(" ")
        guard isVariableName(name), body[..<open].hasSuffix(" ") else { return nil }
        let status = body[body.index(after: open)...]
        switch status {
        case "required": return Variable(name: String(name), requirement: .required)
        case "optional": return Variable(name: String(name), requirement: .optional)
        default:
            guard status.hasPrefix("default: ") else { return nil }
            return Variable(name: String(name), requirement: .defaultValue(String(status.dropFirst("default: ".count))))
        }
    }

    private static let fileFormNote = " naming a file that holds it"

    private static func secretWithFileForm(in line: Substring) -> String? {
        guard line.hasPrefix("      "), line.hasSuffix(fileFormNote) else { return nil }
        let beforeNote = line.dropLast(fileFormNote.count)
        guard let space = beforeNote.lastIndex(of: " ") else { return nil }
        let fileVariable = beforeNote[beforeNote.index(after: space)...]
        guard fileVariable.hasSuffix("_FILE"), isVariableName(fileVariable) else { return nil }
        return String(fileVariable.dropLast("_FILE".count))
    }

    static func isVariableName(_ text: Substring) -> Bool {
        guard let first = text.first, first.isUppercase, first.isASCII else { return false }
        return text.allSatisfy { ($0.isASCII && ($0.isUppercase || $0.isNumber)) || $0 == "_" }
    }
}

private extension Substring {
    func trimmingSuffix(_ character: Character) -> Substring {
        var result = self
        while result.last == character { result = result.dropLast() }
        return result
    }
}
