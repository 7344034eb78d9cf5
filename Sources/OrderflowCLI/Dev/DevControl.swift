import Foundation
import LocalStack

/// Requests to a running `dev up` from other commands (`dev restart`), through files: the stack owns
/// its processes, so only it can start one again. A request is `.orderflow/dev/requests/<id>.request`
/// (the process names, one a line); the stack answers in `<id>.answer` (first line `ok` or `failed`,
/// then what happened) and removes the request.
enum DevControl {
    struct Answer {
        var succeeded: Bool
        var lines: [String]
    }

    static func requests(_ directory: DevStateDirectory) -> URL { directory.dev.appendingPathComponent("requests") }

    /// Which processes of the stack a name means: `payment#2` one, `payment` (or `relay-payments`) every
    /// replica of it.
    static func matching(_ name: String, in processes: [StackProcessInfo]) -> [StackProcessInfo] {
        processes.filter { $0.name == name || $0.name.hasPrefix(name + "#") }
    }

    // MARK: Asking

    static func restart(_ names: [String], directory: DevStateDirectory, timeout: Duration) async throws -> Answer {
        let folder = requests(directory)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let id = UUID().uuidString
        let request = folder.appendingPathComponent("\(id).request")
        let answer = folder.appendingPathComponent("\(id).answer")
        try Data((names.joined(separator: "\n") + "\n").utf8).write(to: request, options: .atomic)
        defer { try? FileManager.default.removeItem(at: answer) }
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let text = try? String(contentsOf: answer, encoding: .utf8), text.hasSuffix("\n") {
                let lines = text.split(separator: "\n").map(String.init)
                return Answer(succeeded: lines.first == "ok", lines: Array(lines.dropFirst()))
            }
            if directory.runningPID() == nil {
                try? FileManager.default.removeItem(at: request)
                throw DevError("the dev stack stopped before it answered")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        try? FileManager.default.removeItem(at: request)
        throw DevError("the dev stack did not restart \(names.joined(separator: ", ")) within \(timeout)")
    }

    // MARK: Answering (in `dev up`)

    /// The requests waiting, oldest first.
    static func pending(_ directory: DevStateDirectory) -> [(id: String, names: [String])] {
        let folder = requests(directory)
        let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: [.creationDateKey])) ?? []
        return files.filter { $0.pathExtension == "request" }
            .sorted { ($0.creationDate ?? .distantPast) < ($1.creationDate ?? .distantPast) }
            .compactMap { file in
                guard let text = try? String(contentsOf: file, encoding: .utf8) else { return nil }
                try? FileManager.default.removeItem(at: file)
                return (file.deletingPathExtension().lastPathComponent, text.split(separator: "\n").map(String.init))
            }
    }

    static func answer(_ id: String, _ answer: Answer, directory: DevStateDirectory) {
        let text = ([answer.succeeded ? "ok" : "failed"] + answer.lines).joined(separator: "\n") + "\n"
        try? Data(text.utf8).write(to: requests(directory).appendingPathComponent("\(id).answer"), options: .atomic)
    }
}

private extension URL {
    var creationDate: Date? { (try? resourceValues(forKeys: [.creationDateKey]))?.creationDate }
}
