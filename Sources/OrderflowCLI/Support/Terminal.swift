import Foundation

/// Where output goes and how it may look. Colour and redrawn progress lines only on a terminal, so
/// piped output stays plain text.
enum Terminal {
    static var stdoutIsTTY: Bool { isatty(STDOUT_FILENO) == 1 }
    static var stderrIsTTY: Bool { isatty(STDERR_FILENO) == 1 }

    /// https://no-color.org: any non-empty `NO_COLOR` turns colour off.
    static var colourAllowed: Bool {
        guard let value = ProcessInfo.processInfo.environment["NO_COLOR"] else { return true }
        return value.isEmpty
    }

    static func out(_ line: String) {
        do {
            try FileHandle.standardOutput.write(contentsOf: Data((line + "\n").utf8))
        } catch {
            // The reader went away (`orderflow tail orders | head`): there is no one left to print for.
            exit(0)
        }
    }

    static func err(_ line: String) {
        write(line + "\n", to: FileHandle.standardError)
    }

    /// Writes without a newline (progress redraws use `\r`).
    static func errRaw(_ text: String) {
        write(text, to: FileHandle.standardError)
    }

    private static func write(_ text: String, to handle: FileHandle) {
        // Diagnostics are best effort: a closed stderr must not stop the command.
        try? handle.write(contentsOf: Data(text.utf8))
    }
}

/// ANSI styling that is a no-op when colour is off.
struct Palette: Sendable {
    let enabled: Bool

    static let plain = Palette(enabled: false)

    static func forStdout() -> Palette {
        Palette(enabled: Terminal.stdoutIsTTY && Terminal.colourAllowed)
    }

    func dim(_ text: String) -> String { wrap(text, "2") }
    func bold(_ text: String) -> String { wrap(text, "1") }
    func red(_ text: String) -> String { wrap(text, "31") }
    func green(_ text: String) -> String { wrap(text, "32") }
    func yellow(_ text: String) -> String { wrap(text, "33") }
    func blue(_ text: String) -> String { wrap(text, "34") }
    func magenta(_ text: String) -> String { wrap(text, "35") }
    func cyan(_ text: String) -> String { wrap(text, "36") }

    private func wrap(_ text: String, _ code: String) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
