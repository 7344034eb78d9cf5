import ArgumentParser
import Foundation

/// `orderflow dev logs [process] [-f]`: the output of the dev stack's processes, from
/// `.orderflow/dev/stack.log` (every `dev up` writes it, in the foreground too).
struct DevLogsCommand: AsyncParsableCommand, InterruptibleCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Show the output of the dev stack's processes (all, or one), optionally following it.",
        discussion: """
            Lines are prefixed with their process as in `dev up`. A process name (payment#2) shows that \
            process; a service name (payment) every replica of it; dev the stack's own lines.

            Examples:
              orderflow dev logs
              orderflow dev logs payment#1 --lines 50
              orderflow dev logs order -f
            """)

    @Argument(help: ArgumentHelp("Only this process or service.", valueName: "process"))
    var process: String?

    @Flag(name: [.customShort("f"), .long], help: "Keep printing new lines until Ctrl-C or the stack stops.")
    var follow = false

    @Option(name: [.customShort("n"), .long], help: "Show the last N lines first (0: all).")
    var lines: Int = 200

    func validate() throws {
        guard lines >= 0 else { throw ValidationError("--lines must be 0 or more") }
    }

    func run() async throws {
        let (directory, _) = DevStackPointer.locate()
        let log = directory.logFile
        guard let handle = try? FileHandle(forReadingFrom: log) else {
            throw DevError("no dev stack log at \(log.path) (start a stack with `orderflow dev up`)")
        }
        defer { try? handle.close() }
        let filter = process
        var pending = ""
        var backlog: [String] = []
        func consume(_ data: Data, keepBacklog: Bool) {
            pending += String(decoding: data, as: UTF8.self)
            while let newline = pending.firstIndex(of: "\n") {
                let line = String(pending[..<newline])
                pending = String(pending[pending.index(after: newline)...])
                guard Self.matches(line, filter) else { continue }
                if keepBacklog { backlog.append(line) } else { Terminal.out(line) }
            }
        }
        consume(handle.readDataToEndOfFile(), keepBacklog: true)
        for line in (lines == 0 ? backlog[...] : backlog.suffix(lines)) { Terminal.out(line) }
        guard follow else { return }
        while !Interrupt.requested {
            let data = handle.readDataToEndOfFile()
            if !data.isEmpty {
                consume(data, keepBacklog: false)
            } else if directory.runningPID() == nil {
                return
            }
            await Interrupt.sleep(for: .milliseconds(200))
        }
    }

    /// `label   | text`: the label up to the first space, matched whole or as a service (`payment`
    /// for `payment#2`).
    static func matches(_ line: String, _ filter: String?) -> Bool {
        guard let filter else { return true }
        guard let bar = line.range(of: " | ") else { return false }
        let label = line[..<bar.lowerBound].trimmingCharacters(in: .whitespaces)
        return label == filter || label.hasPrefix(filter + "#")
    }
}
