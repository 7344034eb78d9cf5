import Foundation

/// Progress on stderr: a redrawn bar on a terminal, otherwise a plain line every few seconds so logs of
/// non-interactive runs still show it is moving.
final class ProgressLine: Sendable {
    let interactive: Bool
    private let task: Task<Void, Never>

    /// `render` is called periodically and must be quick.
    init(interactive: Bool = Terminal.stderrIsTTY, render: @escaping @Sendable () -> String) {
        self.interactive = interactive
        let interval: Duration = interactive ? .milliseconds(200) : .seconds(5)
        task = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard !Task.isCancelled else { break }
                if interactive {
                    Terminal.errRaw("\r\u{1B}[2K" + render())
                } else {
                    Terminal.err(render())
                }
            }
        }
    }

    /// Stops and, on a terminal, leaves the last state on its own line.
    func finish(_ last: String) async {
        task.cancel()
        await task.value
        if interactive {
            Terminal.errRaw("\r\u{1B}[2K" + last + "\n")
        }
    }

    static func bar(_ done: Int, of total: Int, width: Int = 24) -> String {
        guard total > 0 else { return "[" + String(repeating: "-", count: width) + "]" }
        let filled = min(width, Int(Double(width) * Double(done) / Double(total)))
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "]"
    }
}
