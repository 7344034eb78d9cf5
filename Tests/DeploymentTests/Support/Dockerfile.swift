import Foundation

/// compose/Dockerfile read as stages of instructions (continuation lines joined, comments dropped).
struct Dockerfile: Sendable {
    struct Instruction: Sendable {
        var keyword: String
        var arguments: String
    }

    struct Stage: Sendable {
        var from: String
        var instructions: [Instruction]

        func arguments(of keyword: String) -> [String] {
            instructions.filter { $0.keyword == keyword }.map(\.arguments)
        }
    }

    /// ARG defaults declared before the first FROM, usable in FROM lines.
    var globalArguments: [String: String]
    var stages: [Stage]

    init(text: String) {
        var logicalLines: [String] = []
        var pending = ""
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if pending.isEmpty && line.hasPrefix("#") { continue }
            if line.hasSuffix("\\") {
                pending += String(line.dropLast()) + " "
            } else {
                pending += line
                if !pending.isEmpty { logicalLines.append(pending) }
                pending = ""
            }
        }

        globalArguments = [:]
        stages = []
        for line in logicalLines {
            let keyword = String(line.prefix { !$0.isWhitespace }).uppercased()
            let arguments = String(line.dropFirst(keyword.count)).trimmingCharacters(in: .whitespaces)
            if keyword == "FROM" {
                stages.append(Stage(from: arguments, instructions: []))
            } else if stages.isEmpty {
                if keyword == "ARG", let (name, value) = Self.argument(arguments) { globalArguments[name] = value }
            } else {
                stages[stages.count - 1].instructions.append(Instruction(keyword: keyword, arguments: arguments))
            }
        }
    }

    /// The image a stage starts from, with `${ARG}` replaced by the global default.
    func baseImage(of stage: Stage) -> String {
        var image = String(stage.from.split(separator: " ").first ?? "")
        for (name, value) in globalArguments {
            image = image.replacingOccurrences(of: "${\(name)}", with: value)
        }
        return image
    }

    /// `ARG NAME="a b"` → (NAME, a b).
    static func argument(_ text: String) -> (String, String)? {
        guard let equals = text.firstIndex(of: "=") else { return nil }
        var value = text[text.index(after: equals)...]
        if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = value.dropFirst().dropLast() }
        return (String(text[..<equals]), String(value))
    }
}
