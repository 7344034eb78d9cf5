import ArgumentParser
import Foundation
import Kafka
import Postgres

/// Parses and runs a command, turning every failure into one line on stderr and an exit code.
/// ArgumentParser's own error output adds usage text; here a usage error is one line that says where help is.
enum CommandEntry {
    static func run<Root: ParsableCommand>(_ root: Root.Type, arguments: [String]) async -> Int32 {
        let command: any ParsableCommand
        do {
            command = try root.parseAsRoot(arguments)
        } catch {
            let code = root.exitCode(for: error)
            if code == .success {
                Terminal.out(root.fullMessage(for: error, columns: HelpWidth.columns(for: root, arguments: arguments)))
                return 0
            }
            report(root.message(for: error), hint: helpHint(root, arguments))
            return code.rawValue
        }
        if command is any InterruptibleCommand { Interrupt.install() }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                var syncCommand = command
                try syncCommand.run()
            }
            return 0
        } catch let error as CLIError {
            report(error.message)
            return error.exitCode
        } catch let error as ExitCode {
            return error.rawValue
        } catch let error as KafkaError {
            report(KafkaErrorText.describe(error))
            return 1
        } catch {
            // Help (`orderflow tail --help`) arrives here as an error thrown by ArgumentParser's help command.
            let code = root.exitCode(for: error)
            if code == .success {
                Terminal.out(root.fullMessage(for: error, columns: HelpWidth.columns(for: root, arguments: arguments)))
                return 0
            }
            report(root.message(for: error))
            return code.rawValue == 0 ? 1 : code.rawValue
        }
    }

    static func report(_ message: String, hint: String? = nil) {
        var line = message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: "; ")
        if line.isEmpty { line = "failed" }
        if let hint { line += " (\(hint))" }
        Terminal.err("orderflow: error: \(line)")
    }

    /// "see 'orderflow orders produce --help'", naming the deepest subcommand the arguments reached.
    private static func helpHint<Root: ParsableCommand>(_ root: Root.Type, _ arguments: [String]) -> String {
        var names = [root.configuration.commandName ?? "orderflow"]
        var current: any ParsableCommand.Type = root
        for argument in arguments where !argument.hasPrefix("-") {
            guard let next = current.configuration.subcommands.first(where: {
                ($0.configuration.commandName ?? "") == argument || $0.configuration.aliases.contains(argument)
            }) else { break }
            names.append(argument)
            current = next
        }
        return "see '\(names.joined(separator: " ")) --help'"
    }
}

/// Kafka failures as one readable sentence (the raw error names the librdkafka code too).
enum KafkaErrorText {
    static func describe(_ error: KafkaError) -> String {
        error.message + " [\(error.name)]"
    }

    /// A broker lacking an API says so plainly ("the broker at host:port does not serve ListGroups");
    /// other errors read as `describe` gives them.
    static func brief(_ error: KafkaError) -> String {
        guard error.name == "_UNSUPPORTED_FEATURE", let colon = error.message.range(of: ": ") else { return describe(error) }
        return String(error.message[colon.upperBound...])
    }
}
