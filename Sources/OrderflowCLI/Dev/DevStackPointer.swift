import Foundation

/// How the dev commands find a running stack from any folder. In order:
/// 1. `ORDERFLOW_DEV_DIR`: the `.orderflow` directory of the stack (for scripts and CI);
/// 2. `.orderflow/` in the current folder or the nearest parent that has one with a running stack;
/// 3. the stack `dev up` last announced in `$XDG_STATE_HOME/orderflow/dev-stack` (default
///    `~/.local/state/orderflow/dev-stack`), if it still runs.
/// Without any of these, `.orderflow/` of the current folder (where `dev up` would start one).
enum DevStackPointer {
    static let directoryVariable = "ORDERFLOW_DEV_DIR"

    /// The announcement file: one line, the absolute path of the stack's `.orderflow` directory.
    static var file: URL {
        let environment = ProcessInfo.processInfo.environment
        let state = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".local/state")
        return state.appendingPathComponent("orderflow/dev-stack")
    }

    /// Where the dev commands look, and how it was found (said when it is not the current folder).
    static func locate(from directory: String = FileManager.default.currentDirectoryPath) -> (DevStateDirectory, origin: String?) {
        if let explicit = ProcessInfo.processInfo.environment[directoryVariable], !explicit.isEmpty {
            return (DevStateDirectory(base: URL(fileURLWithPath: explicit).standardizedFileURL), directoryVariable)
        }
        let here = URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL
        var url = here
        while true {
            let candidate = DevStateDirectory(base: url.appendingPathComponent(".orderflow"))
            if candidate.runningPID() != nil || (url == here && candidate.readState() != nil) {
                return (candidate, url == here ? nil : "a parent folder")
            }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { break }
            url = parent
        }
        if let announced = announced(), announced.runningPID() != nil {
            return (announced, file.path)
        }
        return (DevStateDirectory(base: here.appendingPathComponent(".orderflow")), nil)
    }

    /// The stack the announcement file names, running or not.
    static func announced() -> DevStateDirectory? {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return nil }
        let path = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return path.isEmpty ? nil : DevStateDirectory(base: URL(fileURLWithPath: path))
    }

    /// Written by `dev up` once its stack is ready; best effort (a read-only home only loses the lookup).
    static func announce(_ directory: DevStateDirectory) {
        try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? Data((directory.base.standardizedFileURL.path + "\n").utf8).write(to: file, options: .atomic)
    }

    /// Removed by the stack that wrote it when it stops.
    static func withdraw(_ directory: DevStateDirectory) {
        guard announced()?.base.standardizedFileURL.path == directory.base.standardizedFileURL.path else { return }
        try? FileManager.default.removeItem(at: file)
    }
}
