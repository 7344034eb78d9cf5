import Foundation
import Synchronization

/// Where the output lines of child processes go. Every line arrives with the label of its process.
public struct ProcessOutput: Sendable {
    let emit: @Sendable (_ label: String, _ line: String) -> Void

    public init(_ emit: @escaping @Sendable (_ label: String, _ line: String) -> Void) {
        self.emit = emit
    }

    /// Writes one line of our own through the same channel (e.g. the dev stack's status lines).
    public func write(label: String, line: String) { emit(label, line) }

    /// Lines are dropped (each process still keeps its recent lines for error messages).
    public static let discard = ProcessOutput { _, _ in }

    /// `label | line` on standard output, the label coloured per service when `colour` is on.
    public static func console(colour: Bool, labelWidth: Int = 21) -> ProcessOutput {
        let writer = PrefixedLineWriter(handle: .standardOutput, colour: colour, labelWidth: labelWidth)
        return ProcessOutput { label, line in writer.write(label: label, line: line) }
    }

    /// `label | line` appended to a file (created or truncated), uncoloured.
    public static func file(_ url: URL, labelWidth: Int = 21) throws -> ProcessOutput {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path])
        }
        let handle = try FileHandle(forWritingTo: url)
        let writer = PrefixedLineWriter(handle: handle, colour: false, labelWidth: labelWidth)
        return ProcessOutput { label, line in writer.write(label: label, line: line) }
    }

    /// Both outputs get every line.
    public func and(_ other: ProcessOutput) -> ProcessOutput {
        ProcessOutput { label, line in
            self.emit(label, line)
            other.emit(label, line)
        }
    }
}

/// Writes whole lines under a lock so lines of different processes never interleave mid-line.
final class PrefixedLineWriter: Sendable {
    private let handle: FileHandle
    private let colour: Bool
    private let labelWidth: Int
    private let colours = Mutex<[String: String]>([:])
    private let lock = Mutex(())

    /// Bright ANSI foreground colours, one per service in order of first appearance.
    private static let palette = ["36", "33", "35", "32", "34", "91", "96", "93", "95", "92", "94", "31"]

    init(handle: FileHandle, colour: Bool, labelWidth: Int) {
        self.handle = handle
        self.colour = colour
        self.labelWidth = labelWidth
    }

    func write(label: String, line: String) {
        let padded = label.count >= labelWidth ? label : label + String(repeating: " ", count: labelWidth - label.count)
        let text: String
        if colour {
            text = "\u{1B}[\(colourCode(for: label))m\(padded) |\u{1B}[0m \(line)\n"
        } else {
            text = "\(padded) | \(line)\n"
        }
        // A closed reader (`orderflow dev up | head`) must not take the stack down: the line is dropped.
        lock.withLock { _ in try? handle.write(contentsOf: Data(text.utf8)) }
    }

    /// Replicas of one service share a colour: the key is the label up to `#`.
    private func colourCode(for label: String) -> String {
        let key = String(label.prefix { $0 != "#" })
        return colours.withLock { colours in
            if let code = colours[key] { return code }
            let code = Self.palette[colours.count % Self.palette.count]
            colours[key] = code
            return code
        }
    }
}

/// Whether coloured output suits a file descriptor: a terminal, and `NO_COLOR` unset.
public enum TerminalColour {
    public static func isWanted(for fd: Int32 = 1) -> Bool {
        isatty(fd) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }
}
