import ArgumentParser
import Foundation

/// The width help is wrapped to: the terminal's, but never narrower than the longest example line, so
/// an example is never broken in the middle of a command (on a narrow terminal it runs past the edge
/// and the terminal folds it, which copies back as one line).
enum HelpWidth {
    /// For the help of the command `arguments` name (`orderflow dlq replay --help`, `orderflow help tail`).
    static func columns(for root: any ParsableCommand.Type, arguments: [String]) -> Int {
        max(terminalColumns, longestExample(in: command(root, arguments)) + 1)
    }

    private static func command(_ root: any ParsableCommand.Type, _ arguments: [String]) -> any ParsableCommand.Type {
        var current = root
        for argument in arguments where !argument.hasPrefix("-") && argument != "help" {
            guard let next = current.configuration.subcommands.first(where: {
                ($0.configuration.commandName ?? "") == argument || $0.configuration.aliases.contains(argument)
            }) else { break }
            current = next
        }
        return current
    }

    /// `COLUMNS`, else the terminal's width, else 80 (as ArgumentParser decides).
    static var terminalColumns: Int {
        if let text = ProcessInfo.processInfo.environment["COLUMNS"], let columns = Int(text), columns > 0 { return columns }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }

    /// The longest example line (indented, as `  orderflow ...` is) in the command's discussion.
    static func longestExample(in command: any ParsableCommand.Type) -> Int {
        command.configuration.discussion.split(separator: "\n").filter { $0.hasPrefix("  ") }.map(\.count).max() ?? 0
    }
}
